package org.freerpacapture.adapters.textract;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.tracing.TracingPolicy;
import org.freerpacapture.adapters.EventLoopWork;
import org.freerpacapture.adapters.aws.SigV4;
import org.freerpacapture.adapters.resilience.ProviderCallException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One Textract operation over AWS JSON 1.1: {@code POST /} with {@code X-Amz-Target: Textract.<Operation>}, signed
 * with SigV4 by the AWS SDK's signer, sent over the gateway's own Vert.x HTTP client, answered with one JSON
 * document. Each call is a CLIENT span, {@code Textract.<Operation>}, whose {@code traceparent} goes with the
 * request.
 *
 * <p>Signing (a SHA-256 of the body and an HMAC chain) runs on the caller's thread: the provider calls
 * {@link #sign} in place for a small page and on its render pool for a large one. The exchange itself always runs on
 * a Vert.x context. Answers up to {@link EventLoopWork#INLINE_BYTES} are parsed on the event loop where they
 * arrived; larger ones on {@code largeAnswers}, so no event loop parses a dense page's thousands of blocks.
 */
final class TextractClient implements AutoCloseable {

    static final String JSON_1_1 = "application/x-amz-json-1.1";
    static final String SIGNING_NAME = "textract";
    private static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    private static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    private static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    private static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> AWS_REQUEST_ID = AttributeKey.stringKey("aws.request_id");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** A signed call, ready to go. */
    record Signed(String operation, SdkHttpRequest request, Buffer body) {
    }

    /** The answer's JSON, and the request id to quote to AWS. */
    record Answer(JsonObject json, String requestId) {
    }

    private final Vertx vertx;
    private final HttpClient http;
    private final URI endpoint;
    private final SigV4 sigV4;
    private final Executor largeAnswers;
    private final Tracer tracer;
    private final TextMapPropagator propagator;

    /**
     * @param endpoint       where to send calls ({@code https://textract.<region>.amazonaws.com} or an override)
     * @param region         the SigV4 signing region
     * @param maxConnections connections kept to the endpoint
     * @param largeAnswers   where answers above {@link EventLoopWork#INLINE_BYTES} are parsed
     */
    TextractClient(Vertx vertx, URI endpoint, String region, Duration connectTimeout, int maxConnections,
                   Executor largeAnswers, OpenTelemetry openTelemetry) {
        this.vertx = vertx;
        this.endpoint = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty()
                ? endpoint.resolve("/") : endpoint;
        this.sigV4 = new SigV4(SIGNING_NAME, region);
        this.largeAnswers = largeAnswers;
        this.tracer = openTelemetry.getTracer("org.freerpacapture.adapters.textract");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.http = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                        .setKeepAlive(true)
                        // AWS's endpoints close idle connections after about a minute; reuse none that old.
                        .setKeepAliveTimeout(50)
                        // The call's own span (below) names the operation; a second, generic one from Vert.x
                        // would duplicate it and rewrite its traceparent.
                        .setTracingPolicy(TracingPolicy.IGNORE),
                new PoolOptions().setHttp1MaxSize(maxConnections));
    }

    /** The SigV4-signed request for {@code operation} with {@code body}, the JSON the operation takes. */
    Signed sign(String operation, Buffer body, AwsCredentialsIdentity identity) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", JSON_1_1)
                .putHeader("X-Amz-Target", "Textract." + operation)
                .build();
        return new Signed(operation, sigV4.sign(unsigned, body.getBytes(), identity), body);
    }

    /**
     * Sends {@code call} and reads its answer; fails with a {@link ProviderCallException} for an error answer or
     * trouble on the way.
     *
     * @param parent  the trace context the call's span belongs under
     * @param timeout how long the exchange may go without a byte from the service
     */
    CompletableFuture<Answer> send(Signed call, Context parent, Duration timeout) {
        Span span = tracer.spanBuilder("Textract." + call.operation())
                .setSpanKind(SpanKind.CLIENT)
                .setParent(parent)
                .setAttribute(RPC_SYSTEM, "aws-api")
                .setAttribute(RPC_SERVICE, "Textract")
                .setAttribute(RPC_METHOD, call.operation())
                .setAttribute(HTTP_METHOD, "POST")
                .setAttribute(URL_FULL, endpoint.toString())
                .startSpan();
        MultiMap headers = SigV4.headers(call.request());
        propagator.inject(parent.with(span), headers, MultiMap::set);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(endpoint.toString())
                .setHeaders(headers)
                .setIdleTimeout(Math.max(1, timeout.toMillis()));
        CompletableFuture<Answer> answered = new CompletableFuture<>();
        // On a Vert.x context throughout: the caller may be a render-pool thread, and a Vert.x future completed on
        // an event loop while a callback is attached from another thread can lose the response's end.
        io.vertx.core.Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> http.request(options)
                .compose(request -> {
                    SigV4.authority(call.request()).ifPresent(request::authority);
                    return request.send(call.body());
                })
                .compose(response -> response.body().map(body -> new Received(response, body)))
                .onSuccess(received -> {
                    span.setAttribute(HTTP_STATUS, (long) received.status);
                    if (received.requestId != null) {
                        span.setAttribute(AWS_REQUEST_ID, received.requestId);
                    }
                    if (received.status == 200 && received.body.length() > EventLoopWork.INLINE_BYTES) {
                        try {
                            largeAnswers.execute(() -> read(received, span, answered));
                        } catch (RejectedExecutionException full) {
                            end(span, answered, ProviderCallException.unavailable(
                                    "too many large Textract answers waiting to be read", null, null));
                        }
                    } else {
                        read(received, span, answered);
                    }
                })
                .onFailure(failure -> end(span, answered, ProviderCallException.forTransport(failure))));
        return answered;
    }

    private static void read(Received received, Span span, CompletableFuture<Answer> answered) {
        if (received.status != 200) {
            end(span, answered, TextractFailures.forAnswer(received.status, received.body, received.errorType,
                    received.retryAfter));
            return;
        }
        JsonObject json;
        try {
            json = received.body.toJsonObject();
        } catch (RuntimeException unreadable) {
            end(span, answered, ProviderCallException.unavailable("Textract answered with unreadable JSON", null,
                    null));
            return;
        }
        span.end();
        answered.complete(new Answer(json, received.requestId));
    }

    private static void end(Span span, CompletableFuture<Answer> answered, ProviderCallException failure) {
        span.setStatus(StatusCode.ERROR, failure.getMessage());
        span.setAttribute(ERROR_TYPE, failure.kind().name().toLowerCase());
        span.end();
        answered.completeExceptionally(failure);
    }

    @Override
    public void close() {
        http.close();
    }

    /** What came back, taken off the response while it is current. */
    private record Received(int status, Buffer body, String requestId, String errorType, String retryAfter) {
        Received(HttpClientResponse response, Buffer body) {
            this(response.statusCode(), body, response.getHeader("x-amzn-RequestId"),
                    response.getHeader("x-amzn-ErrorType"), response.getHeader("Retry-After"));
        }
    }
}
