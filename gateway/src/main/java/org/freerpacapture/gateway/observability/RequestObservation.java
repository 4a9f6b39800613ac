package org.freerpacapture.gateway.observability;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.vertx.core.Future;
import org.freerpacapture.gateway.execute.Outcome;
import org.freerpacapture.gateway.execute.RoutedFailure;
import org.freerpacapture.ocr.Failures;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One analyze request as observability follows it, from intake to its closing step: the trace it continues, the
 * {@code decode} and {@code route} spans, and what the request log and {@code gateway_requests_total} say about
 * it. The closing step, {@link #finish}, runs once whatever happened.
 */
public final class RequestObservation {

    /** Label value of route, variant or provider when the request failed before routing decided them. */
    public static final String NONE = "none";

    private final Tracer tracer;
    private final GatewayMetrics metrics;
    private final RequestLog log;
    private final Context trace;
    private final String requestId;
    private final String path;
    private final long startNanos = System.nanoTime();
    /** The span this observation opened itself and ends at {@link #finish}, or null (HTTP's server span). */
    private final Span own;
    private final AtomicBoolean finished = new AtomicBoolean();
    // Written on the request's context, read by the closing step on the same context.
    private volatile String route = NONE;
    private volatile String variant = NONE;
    private volatile String provider = NONE;
    private volatile String tenant = NONE;
    private volatile int pages;
    private volatile long bytesIn;

    RequestObservation(Tracer tracer, GatewayMetrics metrics, RequestLog log, Context trace, String requestId,
                       String path) {
        this(tracer, metrics, log, trace, requestId, path, null);
    }

    RequestObservation(Tracer tracer, GatewayMetrics metrics, RequestLog log, Context trace, String requestId,
                       String path, Span own) {
        this.own = own;
        this.tracer = tracer;
        this.metrics = metrics;
        this.log = log;
        this.trace = trace;
        this.requestId = requestId;
        this.path = path;
        Span.fromContext(trace).setAttribute(SpanNames.REQUEST_ID, requestId);
    }

    /** The trace this request belongs to (invalid when tracing is off). */
    public SpanContext spanContext() {
        return Span.fromContext(trace).getSpanContext();
    }

    /** The W3C {@code traceparent} (and {@code tracestate}) of this request's trace, for what it sends on. */
    public Map<String, String> propagation() {
        Map<String, String> out = new LinkedHashMap<>();
        W3CTraceContextPropagator.getInstance().inject(trace, out, Map::put);
        return out;
    }

    /** The tenant the request is served for, once its caller is known; {@code none} until then (a 401). */
    public void tenant(String servedFor) {
        tenant = servedFor;
        Span.fromContext(trace).setAttribute(SpanNames.TENANT, servedFor);
    }

    /** Runs {@code decoding} of {@code bytes} received as the {@code decode} span. */
    public <T> Future<T> decode(long bytes, Supplier<Future<T>> decoding) {
        bytesIn = bytes;
        Span span = tracer.spanBuilder(SpanNames.DECODE).setParent(trace)
                .setAttribute(SpanNames.BYTES_IN, bytes).startSpan();
        Future<T> decoded;
        try {
            decoded = decoding.get();
        } catch (RuntimeException e) {
            decoded = Future.failedFuture(e);
        }
        return decoded.andThen(ar -> {
            if (ar.failed()) {
                span.recordException(ar.cause());
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        });
    }

    /**
     * Runs {@code routing} (the executor's call) as the {@code route} span: the spans of the provider calls it makes
     * are the route's children. The route, variant and provider are learned from the outcome, or from the
     * {@link RoutedFailure} a request that failed after routing ends with.
     */
    public Future<Outcome> route(int pageCount, Supplier<Future<Outcome>> routing) {
        pages = pageCount;
        Span span = tracer.spanBuilder(SpanNames.ROUTE).setParent(trace)
                .setAttribute(SpanNames.PAGES, (long) pageCount).startSpan();
        return TracedWork.within(trace.with(span), routing)
                .andThen(ar -> {
                    if (ar.succeeded()) {
                        served(span, ar.result());
                    } else {
                        if (Failures.cause(ar.cause()) instanceof RoutedFailure routed) {
                            routed(routed.route(), routed.variant(), routed.provider());
                        }
                        span.recordException(RoutedFailure.cause(ar.cause()));
                        span.setStatus(StatusCode.ERROR);
                    }
                    span.end();
                });
    }

    private void routed(String route, String variant, String provider) {
        this.route = route;
        this.variant = variant;
        this.provider = provider;
    }

    private void served(Span span, Outcome outcome) {
        String servedBy = outcome.result().provider().id();
        routed(outcome.route(), outcome.variant(), servedBy);
        boolean fellBack = outcome.fallbackFrom() != null;
        span.setAllAttributes(Attributes.builder()
                .put(SpanNames.ROUTE_NAME, outcome.route())
                .put(SpanNames.VARIANT, outcome.variant())
                .put(SpanNames.PROVIDER, servedBy)
                .put(SpanNames.CASCADE, outcome.escalated())
                .put(SpanNames.FALLBACK, fellBack)
                .build());
        if (fellBack) {
            span.setAttribute(SpanNames.FALLBACK_FROM, outcome.fallbackFrom());
            metrics.fallback(outcome.route(), outcome.fallbackFrom(), servedBy);
        }
        if (outcome.escalated()) {
            span.setAttribute(SpanNames.ESCALATED_PAGES, (long) outcome.escalatedPages().size());
            metrics.escalations(outcome.route(), outcome.escalatedPages().size());
        }
    }

    /**
     * The closing step: counts and times the request and writes its log line. Runs once, for success and every
     * error alike; later calls do nothing.
     *
     * @param status  the HTTP status sent
     * @param outcome {@code ok}, or the error code the caller got
     */
    public void finish(int status, String outcome) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        if (own != null) {
            own.setAttribute(SpanNames.OUTCOME, outcome);
            if (!"ok".equals(outcome)) {
                own.setStatus(StatusCode.ERROR);
            }
            own.end();
        }
        metrics.request(tenant, route, variant, provider, outcome, took);
        SpanContext span = spanContext();
        log.write(new RequestLog.Entry(requestId, span.isValid() ? span.getTraceId() : null, path, route, variant,
                provider, status, outcome, took.toNanos() / 1e6, pages, bytesIn, tenant));
    }
}
