package org.freerpacapture.gateway.tenants;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.freerpacapture.gateway.config.ReloadedSource;
import org.freerpacapture.gateway.http.ApiException;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Who sends an analyze request, checked before its body is read: an API key (in {@code Authorization: Bearer} or
 * {@code X-API-Key}) looked up by its hash in the key file, or a JWT from the identity provider. The caller found is
 * attached to the request ({@link Caller#of}); anyone else is answered 401 {@code unauthorized} with a
 * {@code WWW-Authenticate} challenge saying what is missing or wrong. Credentials are never logged nor echoed.
 */
public final class CallerAuthentication implements Handler<RoutingContext>, AutoCloseable {

    /** The header an API key may also come in. */
    public static final String API_KEY_HEADER = "X-API-Key";

    private static final String BEARER = "Bearer ";

    private final AuthSettings settings;
    private final Optional<ReloadedSource<ApiKeys>> keys;
    private final Optional<JwtVerifier> jwt;

    private CallerAuthentication(AuthSettings settings, Optional<ReloadedSource<ApiKeys>> keys,
                                 Optional<JwtVerifier> jwt) {
        this.settings = settings;
        this.keys = keys;
        this.jwt = jwt;
    }

    /** Nobody is asked who they are. */
    public static final CallerAuthentication OFF = new CallerAuthentication(AuthSettings.OFF, Optional.empty(),
            Optional.empty());

    /**
     * Reads the key file and the identity provider's keys the settings name, and starts watching them; fails when
     * either cannot be read or does not parse (start-up stops and says why).
     */
    public static Future<CallerAuthentication> start(Vertx vertx, AuthSettings settings) {
        return start(vertx, settings, Clock.systemUTC());
    }

    static Future<CallerAuthentication> start(Vertx vertx, AuthSettings settings, Clock clock) {
        if (!settings.enabled()) {
            return Future.succeededFuture(OFF);
        }
        Future<Optional<ReloadedSource<ApiKeys>>> keys = settings.accepts(AuthSettings.Method.API_KEY)
                ? ReloadedSource.file(vertx, "API key file", settings.apiKeysFile(), ApiKeys::parse).start()
                .map(Optional::of)
                : Future.succeededFuture(Optional.empty());
        return keys.compose(k -> {
            Future<Optional<JwtVerifier>> jwt = settings.accepts(AuthSettings.Method.JWT)
                    ? JwtVerifier.start(vertx, settings.jwt(), clock).map(Optional::of)
                    : Future.succeededFuture(Optional.empty());
            return jwt.onFailure(e -> k.ifPresent(ReloadedSource::close))
                    .map(j -> new CallerAuthentication(settings, k, j));
        });
    }

    public boolean enabled() {
        return settings.enabled();
    }

    @Override
    public void handle(RoutingContext ctx) {
        identify(ctx.request()).onComplete(found -> {
            if (found.succeeded()) {
                found.result().attachTo(ctx);
                ctx.next();
                return;
            }
            Refusal refusal = found.cause() instanceof Refusal r ? r
                    : Refusal.invalid("the credential cannot be checked");
            ctx.response().putHeader("WWW-Authenticate", refusal.challenge());
            if (!ctx.request().isEnded()) {
                // The body is not read for a caller who may not send one: the connection goes with it.
                ctx.response().putHeader("Connection", "close");
            }
            ctx.fail(new ApiException(401, "unauthorized", refusal.getMessage()));
        });
    }

    /** The caller the request's credential identifies, or a failed future with the {@link Refusal}. */
    Future<Caller> identify(HttpServerRequest request) {
        if (!settings.enabled()) {
            return Future.succeededFuture(Caller.ANONYMOUS);
        }
        String authorization = request.getHeader("Authorization");
        String apiKey = request.getHeader(API_KEY_HEADER);
        if (authorization != null && apiKey != null) {
            return refused(Refusal.badRequest("send one credential, in Authorization or in " + API_KEY_HEADER
                    + ", not both"));
        }
        if (apiKey != null) {
            return keys.isPresent() ? key(apiKey.trim())
                    : refused(Refusal.badRequest("API keys are not accepted here: send a token as Authorization:"
                    + " Bearer <token>"));
        }
        if (authorization == null) {
            return refused(Refusal.missing("no credential: send " + expected()));
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refused(Refusal.badRequest("Authorization must be Bearer and the credential, not the '"
                    + scheme(authorization) + "' scheme"));
        }
        String credential = authorization.substring(BEARER.length()).trim();
        if (credential.isEmpty()) {
            return refused(Refusal.missing("no credential after Bearer: send " + expected()));
        }
        if (jwt.isPresent() && (keys.isEmpty() || JwtVerifier.looksLikeJwt(credential))) {
            return jwt.get().verify(credential);
        }
        return key(credential);
    }

    private Future<Caller> key(String presented) {
        return keys.get().current().find(presented).map(Future::succeededFuture)
                .orElseGet(() -> refused(Refusal.invalid("the API key is not known (revoked, or mistyped)")));
    }

    private String expected() {
        boolean apiKeys = keys.isPresent();
        boolean tokens = jwt.isPresent();
        return apiKeys && tokens ? "an API key or a token as Authorization: Bearer <credential>, or a key as "
                + API_KEY_HEADER
                : apiKeys ? "an API key as Authorization: Bearer <key> or " + API_KEY_HEADER + ": <key>"
                : "a token from the identity provider as Authorization: Bearer <token>";
    }

    /** The scheme word only: whatever follows it may be a credential. */
    private static String scheme(String authorization) {
        String word = authorization.trim().split("\\s+", 2)[0];
        return word.length() > 20 || !word.matches("[A-Za-z0-9_-]+") ? "?" : word.toLowerCase(Locale.ROOT);
    }

    private static <T> Future<T> refused(Refusal refusal) {
        return Future.failedFuture(refusal);
    }

    @Override
    public void close() {
        keys.ifPresent(ReloadedSource::close);
        jwt.ifPresent(JwtVerifier::close);
    }

    @Override
    public String toString() {
        return settings.enabled() ? "CallerAuthentication" + settings.methods() : "CallerAuthentication[off]";
    }
}
