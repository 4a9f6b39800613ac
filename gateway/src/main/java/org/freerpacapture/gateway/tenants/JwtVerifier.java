package org.freerpacapture.gateway.tenants;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import org.freerpacapture.gateway.config.ReloadedSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Checks a JWT from the identity provider: its signature against the provider's published keys (read again every
 * refresh, and at once when a token names a key not seen yet), then its expiry, issuer and audience, and takes the
 * caller's tenant from the configured claim and its name from {@code sub}.
 */
final class JwtVerifier implements AutoCloseable {

    /** Clock difference between the identity provider and this replica that is forgiven. */
    static final Duration LEEWAY = Duration.ofSeconds(30);
    /** A token signed by an unknown key makes the keys be read again, at most this often. */
    static final Duration UNKNOWN_KEY_RECHECK = Duration.ofSeconds(30);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

    private final AuthSettings.Jwt settings;
    private final ReloadedSource<SigningKeys> keys;
    private final WebClient client;
    private final Clock clock;

    private JwtVerifier(AuthSettings.Jwt settings, ReloadedSource<SigningKeys> keys, WebClient client, Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.client = client;
        this.clock = clock;
    }

    /** Reads the keys once; fails when they cannot be read or hold no usable key. */
    static Future<JwtVerifier> start(Vertx vertx, AuthSettings.Jwt settings, Clock clock) {
        AuthSettings.Source source = settings.jwks();
        WebClient client = source.url() == null ? null
                : WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) FETCH_TIMEOUT.toMillis())
                .setFollowRedirects(false));
        java.util.function.Supplier<Future<byte[]>> read = source.url() == null
                ? () -> vertx.executeBlocking(() -> Files.readAllBytes(source.file()), false)
                : () -> client.getAbs(source.url().toString()).timeout(FETCH_TIMEOUT.toMillis()).send()
                .compose(response -> response.statusCode() == 200
                        ? Future.succeededFuture(bodyOf(response.body()))
                        : Future.failedFuture("answered " + response.statusCode()));
        ReloadedSource<SigningKeys> keys = new ReloadedSource<>(vertx, "JWKS " + source, read,
                content -> SigningKeys.parse(vertx, content), settings.refresh());
        return keys.start()
                .onFailure(e -> {
                    if (client != null) {
                        client.close();
                    }
                })
                .map(started -> new JwtVerifier(settings, started, client, clock));
    }

    private static byte[] bodyOf(Buffer body) {
        return body == null ? new byte[0] : body.getBytes();
    }

    /** Whether {@code credential} has the shape of a JWT (three base64url parts), so it is not taken for a key. */
    static boolean looksLikeJwt(String credential) {
        return credential.startsWith("eyJ") && credential.chars().filter(c -> c == '.').count() == 2;
    }

    /** The caller a token identifies, or a failed future with the {@link Refusal} saying what is wrong. */
    Future<Caller> verify(String token) {
        JsonObject header;
        try {
            header = segment(token, 0);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(Refusal.invalid("the token is not a JWT (three base64url parts)"));
        }
        if (!(header.getValue("alg") instanceof String alg) || !SigningKeys.ALGORITHMS.contains(alg)) {
            return Future.failedFuture(Refusal.invalid("the token is not signed with an accepted algorithm ("
                    + String.join(", ", new java.util.TreeSet<>(SigningKeys.ALGORITHMS)) + ")"));
        }
        SigningKeys signing = keys.current();
        return signing.verifier().authenticate(new TokenCredentials(token))
                .transform(checked -> {
                    if (checked.failed()) {
                        if (header.getValue("kid") instanceof String kid && !signing.kids().contains(kid)) {
                            keys.checkSoon(UNKNOWN_KEY_RECHECK); // the provider may have rotated its keys
                        }
                        return Future.failedFuture(Refusal.invalid("the token's signature does not verify"
                                + " against the identity provider's keys"));
                    }
                    try {
                        return Future.succeededFuture(caller(segment(token, 1)));
                    } catch (Refusal refusal) {
                        return Future.failedFuture(refusal);
                    } catch (RuntimeException e) {
                        return Future.failedFuture(Refusal.invalid("the token's claims cannot be read"));
                    }
                });
    }

    /** The claims of a token whose signature holds. */
    private Caller caller(JsonObject claims) {
        long now = clock.instant().getEpochSecond();
        if (!(claims.getValue("exp") instanceof Number exp)) {
            throw Refusal.invalid("the token has no expiry (exp)");
        }
        if (now > exp.longValue() + LEEWAY.toSeconds()) {
            throw Refusal.invalid("the token has expired");
        }
        if (claims.getValue("nbf") instanceof Number nbf && now + LEEWAY.toSeconds() < nbf.longValue()) {
            throw Refusal.invalid("the token is not valid yet (nbf)");
        }
        if (!settings.issuer().equals(claims.getValue("iss"))) {
            throw Refusal.invalid("the token was not issued by the identity provider this gateway trusts (iss)");
        }
        if (!forUs(claims.getValue("aud"))) {
            throw Refusal.invalid("the token is not meant for this gateway (aud)");
        }
        Object tenant = claims.getValue(settings.tenantClaim());
        if (!(tenant instanceof String t) || !Caller.isTenantId(t)) {
            throw Refusal.invalid("the token's " + settings.tenantClaim() + " claim is missing or not a tenant id"
                    + " (1-64 letters, digits, '.', '_' or '-')");
        }
        Object subject = claims.getValue("sub");
        if (!(subject instanceof String sub) || sub.isBlank()) {
            throw Refusal.invalid("the token names no subject (sub)");
        }
        return new Caller(t, sub.length() > 256 ? sub.substring(0, 256) : sub, Caller.Proof.JWT);
    }

    private boolean forUs(Object aud) {
        if (aud instanceof String one) {
            return settings.audiences().contains(one);
        }
        if (aud instanceof JsonArray many) {
            return many.stream().anyMatch(settings.audiences()::contains);
        }
        return false;
    }

    /** Part {@code index} of a token, decoded: 0 the header, 1 the claims. */
    private static JsonObject segment(String token, int index) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not three parts");
        }
        try {
            return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }

    @Override
    public void close() {
        keys.close();
        if (client != null) {
            client.close();
        }
    }
}
