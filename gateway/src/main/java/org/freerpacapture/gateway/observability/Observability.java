package org.freerpacapture.gateway.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.Context;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;

import java.util.EnumSet;
import java.util.Map;

/**
 * The gateway's traces, metrics and request log, built once at start-up. Vert.x is created through
 * {@link #newVertx} so that its HTTP server and client report spans and metrics here too.
 */
public final class Observability implements AutoCloseable {

    /** Where Prometheus scrapes, on the admin port. */
    public static final String METRICS_PATH = "/metrics";

    private final Telemetry telemetry;
    private final GatewayMetrics metrics;
    private final RequestLog log = new RequestLog();
    private final ExecutionHooks hooks;

    private Observability(Telemetry telemetry, GatewayMetrics metrics) {
        this.telemetry = telemetry;
        this.metrics = metrics;
        this.hooks = new TracingHooks(telemetry.tracer(), metrics);
    }

    /**
     * As the environment says: the {@code OTEL_*} variables for traces (nothing exported when unset), and
     * {@value ProviderPrices#ENV} for prices.
     */
    public static Observability fromEnvironment(Map<String, String> env) {
        ProviderPrices prices = ProviderPrices.parse(env.get(ProviderPrices.ENV));
        return new Observability(Telemetry.fromEnvironment(), new GatewayMetrics(prices).withJvmAndProcess());
    }

    /** With the given tracing and prices, and the JVM and process metrics. */
    public static Observability of(Telemetry telemetry, ProviderPrices prices) {
        return new Observability(telemetry, new GatewayMetrics(prices).withJvmAndProcess());
    }

    /** Metrics and request log, no tracing: for tests and tools that do not care. */
    public static Observability untraced() {
        return new Observability(Telemetry.disabled(), new GatewayMetrics(ProviderPrices.NONE));
    }

    /** A Vert.x instance whose HTTP servers and clients are traced and measured here. */
    public Vertx newVertx(VertxOptions options) {
        VertxOptions observed = new VertxOptions(options)
                .setMetricsOptions(new MicrometerMetricsOptions()
                        .setEnabled(true)
                        // Route templates, never raw paths: a path may carry ids.
                        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE,
                                Label.POOL_TYPE, Label.POOL_NAME)))
                .setTracingOptions(new OpenTelemetryOptions());
        return Vertx.builder()
                .with(observed)
                .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                .withTracer(new ProviderRequestIds(new OpenTelemetryTracingFactory(telemetry.openTelemetry())))
                .build();
    }

    public Telemetry telemetry() {
        return telemetry;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** What executors call around routing, provider calls and shadow reads. */
    public ExecutionHooks hooks() {
        return hooks;
    }

    /** {@code GET /metrics}: the Prometheus text format of every series. */
    public Handler<RoutingContext> metricsEndpoint() {
        return PrometheusScrapingHandler.create(metrics.registry());
    }

    /**
     * Starts following an analyze request at intake, in the trace of the server span Vert.x opened for it (which
     * continues the caller's {@code traceparent}). The caller makes {@link RequestObservation#finish} run when the
     * response ends.
     */
    public RequestObservation begin(RoutingContext ctx, String requestId) {
        return new RequestObservation(telemetry.tracer(), metrics, log, Context.current(), requestId,
                ctx.request().path());
    }

    /**
     * Starts following a request that came as a record of {@code topic}: a consumer span ({@code process <topic>})
     * in the trace of the producer's {@code traceparent} among {@code headers}, if any, ended by
     * {@link RequestObservation#finish}. The request's {@code decode} and {@code route} spans are its children.
     */
    public RequestObservation beginRecord(String requestId, String topic, Map<String, String> headers) {
        Context producer = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, MAP_GETTER);
        Span span = telemetry.tracer().spanBuilder(SpanNames.PROCESS + " " + topic).setParent(producer)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SpanNames.MESSAGING_SYSTEM, "kafka")
                .setAttribute(SpanNames.MESSAGING_DESTINATION, topic)
                .startSpan();
        return new RequestObservation(telemetry.tracer(), metrics, log, producer.with(span), requestId,
                "kafka:" + topic, span);
    }

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    /**
     * Puts the {@code traceparent} (and {@code tracestate}) of the request's server span on its response, so a
     * caller that sent one sees the trace continue; nothing when tracing is off.
     */
    public void answerTrace(RoutingContext ctx) {
        W3CTraceContextPropagator.getInstance().inject(Context.current(), ctx.response().headers(), MultiMap::set);
    }

    /** Exports buffered spans and releases the registry. */
    @Override
    public void close() {
        telemetry.close();
        metrics.close();
    }
}
