package org.freerpacapture.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.execute.RequestExecutor;
import org.freerpacapture.gateway.observability.Observability;
import org.freerpacapture.gateway.observability.RequestObservation;
import org.freerpacapture.gateway.tenants.Caller;
import org.freerpacapture.gateway.tenants.CallerAuthentication;
import org.freerpacapture.gateway.tenants.RateLimits;
import org.freerpacapture.gateway.tenants.Tenants;
import org.freerpacapture.ocr.Task;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The public HTTP API as a Vert.x {@link Router}: analyze endpoints, health, the OpenAPI document, and one failure
 * handler. Built from injected parts so tests run it with test providers and decoders.
 */
public final class HttpApi implements AutoCloseable {

    public static final String DOCUMENTS_ANALYZE = "/v1/documents/analyze";
    public static final String SCREENS_ANALYZE = "/v1/screens/analyze";
    public static final String HEALTH_LIVE = "/health/live";
    public static final String HEALTH_READY = "/health/ready";
    public static final String OPENAPI = "/openapi.yaml";

    /** Room for multipart boundaries and part headers around a file of the largest allowed size. */
    static final long MULTIPART_SLACK = 64 * 1024;
    /** What the request log says for a caller that hung up before the answer (nginx's convention). */
    static final int CLIENT_CLOSED_STATUS = 499;

    /** Where the request's {@link RequestObservation} is kept in its routing context. */
    static final String OBSERVATION = "gateway.observation";

    private final Router router;
    private final DecodePool decoding;
    private final ControlPool controls;
    private final Reading reading;
    private final Readiness readiness;
    private final Observability observability;
    private final Tenants tenants;
    private final CallerAuthentication authentication;
    private final AtomicInteger inFlight = new AtomicInteger();

    public HttpApi(Vertx vertx, GatewayConfig config, RequestExecutor executor, DocumentReader reader,
                   Readiness readiness) {
        this(vertx, config, executor, reader, readiness, Observability.untraced());
    }

    /** With callers not authenticated: {@code config} must not ask for it (start it and use the next one). */
    public HttpApi(Vertx vertx, GatewayConfig config, RequestExecutor executor, DocumentReader reader,
                   Readiness readiness, Observability observability) {
        this(vertx, config, executor, reader, readiness, observability, notAsked(config), Tenants.unlimited());
    }

    private static CallerAuthentication notAsked(GatewayConfig config) {
        if (config.auth().enabled()) {
            throw new IllegalArgumentException("the settings ask for caller authentication: start it first");
        }
        return CallerAuthentication.OFF;
    }

    /**
     * @param authentication who may call the analyze endpoints; closed with this API
     * @param tenants        what each caller's tenant may use
     */
    public HttpApi(Vertx vertx, GatewayConfig config, RequestExecutor executor, DocumentReader reader,
                   Readiness readiness, Observability observability, CallerAuthentication authentication,
                   Tenants tenants) {
        this.readiness = readiness;
        this.authentication = authentication;
        this.tenants = tenants;
        this.observability = observability;
        this.decoding = new DecodePool(vertx, reader, config.pools().decodeThreads(), config.pools().decodeQueue());
        observability.metrics().watch(decoding);
        // Pixel work of the same size and cost as decoding, so it gets the same bounds.
        this.controls = new ControlPool(vertx, config.pools().decodeThreads(), config.pools().decodeQueue());
        this.reading = new Reading(vertx, decoding, controls, executor, tenants.rates());
        UploadReader uploads = new UploadReader(config.limits().maxBytes(), decoding::supports);
        BodyHandler raw = BodyHandler.create()
                .setBodyLimit(config.limits().maxBytes())
                .setHandleFileUploads(false)
                .setMergeFormAttributes(false);
        MultipartIntake multipart = new MultipartIntake(config.limits().maxBytes(),
                config.limits().maxBytes() + MULTIPART_SLACK);
        Handler<RoutingContext> body = ctx -> {
            if (MultipartIntake.isMultipart(ctx)) {
                multipart.handle(ctx);
            } else {
                raw.handle(ctx);
            }
        };
        Buffer openApi = openApiDocument();

        router = Router.router(vertx);
        router.route().handler(ctx -> begin(ctx, config));
        router.post(DOCUMENTS_ANALYZE).handler(this::observe);
        router.post(SCREENS_ANALYZE).handler(this::observe);
        if (authentication.enabled()) {
            // Before the body handler: a caller who may not send a body does not get it read.
            router.post(DOCUMENTS_ANALYZE).handler(authentication);
            router.post(SCREENS_ANALYZE).handler(authentication);
        }
        router.post(DOCUMENTS_ANALYZE).handler(HttpApi::labelTenant);
        router.post(SCREENS_ANALYZE).handler(HttpApi::labelTenant);
        router.post(DOCUMENTS_ANALYZE).handler(this::limitRequests);
        router.post(SCREENS_ANALYZE).handler(this::limitRequests);
        router.post(DOCUMENTS_ANALYZE).handler(HttpApi::refuseFormBodies);
        router.post(SCREENS_ANALYZE).handler(HttpApi::refuseFormBodies);
        RequestRegion region = new RequestRegion(config.region(), config.trustedProxies(),
                observability.metrics()::regionHeaderIgnored);
        router.post(DOCUMENTS_ANALYZE).handler(body)
                .handler(new AnalyzeHandler(vertx, Task.DOCUMENT, uploads, reading, region));
        router.post(SCREENS_ANALYZE).handler(body)
                .handler(new AnalyzeHandler(vertx, Task.SCREEN, uploads, reading, region));
        router.get(HEALTH_LIVE).handler(ctx -> json(ctx, 200, Map.of("status", "live")));
        router.get(HEALTH_READY).handler(this::ready);
        router.get(OPENAPI).handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml")
                .end(openApi));

        ErrorResponder errors = new ErrorResponder();
        router.route().failureHandler(errors);
        router.errorHandler(404, errors);
        router.errorHandler(405, errors);
        router.errorHandler(500, errors);
    }

    /**
     * A form-encoded body is never a document, and the body handler would decode it as form fields, failing on a
     * binary file's bytes: it is refused before it is read. Plain {@code curl --data-binary} sends this type.
     */
    private static void refuseFormBodies(RoutingContext ctx) {
        if (FORM_ENCODED.equals(MediaTypes.essence(ctx.request().getHeader("Content-Type")))) {
            ctx.fail(new ApiException(415, "unsupported_media_type", "the body is sent as " + FORM_ENCODED
                    + " (what curl --data-binary sends without a Content-Type): set Content-Type to the document's"
                    + " type (image/jpeg, image/png, application/pdf, ...) or send multipart/form-data with a"
                    + " 'file' part"));
            return;
        }
        ctx.next();
    }

    private static final String FORM_ENCODED = "application/x-www-form-urlencoded";

    /** The caller's request buckets, before its body is read: a refused caller costs no upload. */
    private void limitRequests(RoutingContext ctx) {
        RateLimits.Verdict verdict = tenants.rates().admitRequest(Caller.of(ctx));
        RateLimitAnswers.headers(ctx.response(), verdict);
        if (!verdict.allowed()) {
            ctx.fail(RateLimitAnswers.refusal(verdict));
            return;
        }
        ctx.next();
    }

    /** How documents are read, for other ways in than HTTP (Kafka records). */
    public Reading reading() {
        return reading;
    }

    public Router router() {
        return router;
    }

    /** Every (method, path) the router serves, as {@code "POST /v1/documents/analyze"}: what the spec must list. */
    public Set<String> routes() {
        Set<String> out = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() == null || route.methods() == null) {
                continue;
            }
            for (HttpMethod method : route.methods()) {
                out.add(method.name() + " " + route.getPath());
            }
        }
        return out;
    }

    /** Requests received and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void close() {
        decoding.close();
        controls.close();
        authentication.close();
    }

    private void begin(RoutingContext ctx, GatewayConfig config) {
        RequestScope scope = RequestScope.begin(ctx, config.requestTimeout());
        ctx.response().putHeader(RequestIds.HEADER, scope.requestId());
        if (readiness.status() == Readiness.Status.STOPPING) {
            // Draining: the caller's next request goes on a new connection, to a replica that stays.
            ctx.response().putHeader("Connection", "close");
        }
        observability.answerTrace(ctx);
        inFlight.incrementAndGet();
        ctx.addEndHandler(done -> inFlight.decrementAndGet());
        ctx.next();
    }

    /**
     * Follows an analyze request; its closing step runs when the response ends or the connection drops, whatever
     * happened before: counted under {@code ok}, the error code the caller got, or {@code client_closed}.
     */
    private void observe(RoutingContext ctx) {
        RequestObservation observation = observability.begin(ctx, RequestScope.of(ctx).requestId());
        ctx.put(OBSERVATION, observation);
        ctx.addEndHandler(ended -> {
            int status = ctx.response().getStatusCode();
            if (ended.failed() || !ctx.response().ended()) {
                observation.finish(CLIENT_CLOSED_STATUS, "client_closed");
            } else {
                observation.finish(status, status < 400 ? "ok"
                        : ErrorResponder.answered(ctx, status).code());
            }
        });
        ctx.next();
    }

    /** The request's metrics, log line and span say whose it is, once that is known. */
    private static void labelTenant(RoutingContext ctx) {
        RequestObservation observation = ctx.get(OBSERVATION);
        observation.tenant(Caller.of(ctx).tenant());
        ctx.next();
    }

    private void ready(RoutingContext ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", readiness.status().name().toLowerCase(java.util.Locale.ROOT));
        Map<String, String> providers = new LinkedHashMap<>();
        readiness.providers().forEach((id, state) -> providers.put(id,
                state.name().toLowerCase(java.util.Locale.ROOT)));
        body.put("providers", providers);
        Map<String, Object> kafka = readiness.kafka();
        if (!kafka.isEmpty()) {
            body.put("kafka", kafka);
        }
        if (!readiness.isReady()) {
            ctx.response().putHeader("Retry-After", "1");
        }
        json(ctx, readiness.isReady() ? 200 : 503, body);
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", JsonBodies.CONTENT_TYPE)
                .end(JsonBodies.write(body));
    }

    private static Buffer openApiDocument() {
        try (InputStream in = HttpApi.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the classpath");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
