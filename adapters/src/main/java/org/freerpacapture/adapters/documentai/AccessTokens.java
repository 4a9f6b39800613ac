package org.freerpacapture.adapters.documentai;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.freerpacapture.adapters.resilience.ProviderCallException;
import org.freerpacapture.adapters.resilience.UpstreamText;
import org.freerpacapture.adapters.resilience.RetryAfter;

import java.time.Duration;
import java.time.Instant;

/**
 * Access tokens for one service account: exchanged at the key's {@code token_uri}, kept until a minute before they
 * expire, and renewed once when the API says a token is no longer valid. Concurrent requests share one exchange.
 */
final class AccessTokens {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(60);

    private record Token(String value, long renewAtNanos) {
        boolean fresh() {
            return System.nanoTime() - renewAtNanos < 0;
        }
    }

    private final WebClient client;
    private final ServiceAccountKey key;
    private final String scope;
    private Token cached;
    private Future<Token> pending;

    AccessTokens(WebClient client, ServiceAccountKey key, String scope) {
        this.client = client;
        this.key = key;
        this.scope = scope;
    }

    /** A token valid for a while yet, exchanging a new one if needed within {@code timeout}. */
    synchronized Future<String> current(Duration timeout) {
        if (cached != null && cached.fresh()) {
            return Future.succeededFuture(cached.value());
        }
        return exchange(timeout).map(Token::value);
    }

    /** The API refused {@code refused}: forget it (unless another request already replaced it) and get another. */
    synchronized Future<String> renew(String refused, Duration timeout) {
        if (cached != null && cached.value().equals(refused)) {
            cached = null;
        }
        return current(timeout);
    }

    private Future<Token> exchange(Duration timeout) {
        if (pending != null) {
            return pending;
        }
        Future<Token> exchange = Future.<String>future(p -> p.complete(ServiceAccountAssertion.sign(key, scope,
                        Instant.now())))
                .compose(assertion -> client.postAbs(key.tokenUri().toString())
                        .timeout(Math.max(1, timeout.toMillis()))
                        .sendForm(MultiMap.caseInsensitiveMultiMap()
                                .add("grant_type", GRANT_TYPE)
                                .add("assertion", assertion)))
                .recover(f -> Future.failedFuture(ProviderCallException.forTransport(f)))
                .compose(AccessTokens::read);
        pending = exchange;
        exchange.onComplete(done -> {
            synchronized (this) {
                pending = null;
                if (done.succeeded()) {
                    cached = done.result();
                }
            }
        });
        return exchange;
    }

    private static Future<Token> read(HttpResponse<Buffer> response) {
        JsonObject body;
        try {
            body = response.bodyAsJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        if (response.statusCode() == 200 && body != null && body.getString("access_token") != null) {
            long expiresIn = body.getLong("expires_in", 3600L);
            long keep = Math.max(expiresIn - RENEW_BEFORE_EXPIRY.toSeconds(), expiresIn / 2);
            return Future.succeededFuture(new Token(body.getString("access_token"),
                    System.nanoTime() + Duration.ofSeconds(keep).toNanos()));
        }
        if (response.statusCode() == 200) {
            return Future.failedFuture(ProviderCallException.broken("Google token endpoint answered without a token",
                    null));
        }
        // OAuth errors are {error, error_description}; neither echoes the assertion.
        String error = body == null ? null : body.getString("error");
        String description = body == null ? null : body.getString("error_description");
        String text = UpstreamText.reduce("Google token endpoint", error, "HTTP " + response.statusCode(),
                description);
        int status = response.statusCode();
        if (status == 429) {
            return Future.failedFuture(ProviderCallException.throttled(text,
                    RetryAfter.parse(response.getHeader("Retry-After")).orElse(null)));
        }
        if (status >= 500) {
            return Future.failedFuture(ProviderCallException.unavailable(text, null, null));
        }
        return Future.failedFuture(ProviderCallException.broken("service-account credentials refused: " + text, null));
    }
}
