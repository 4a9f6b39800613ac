package org.freerpacapture.gateway.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry SDK as the standard {@code OTEL_*} environment variables configure it, with the gateway's
 * defaults: service name {@code rpa-vision-gateway}, OTLP over http/protobuf, and nothing exported unless
 * {@code OTEL_TRACES_EXPORTER} or an OTLP endpoint is set. Metrics and logs are never exported over OTLP: metrics
 * are scraped from {@code /metrics}, logs go to standard output.
 */
public final class Telemetry implements AutoCloseable {

    /** The instrumentation scope of every span the gateway makes itself. */
    public static final String SCOPE = "org.freerpacapture.gateway";

    private static final Map<String, String> DEFAULTS = Map.of(
            "otel.service.name", "rpa-vision-gateway",
            "otel.exporter.otlp.protocol", "http/protobuf",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none");

    private final OpenTelemetry openTelemetry;
    private final OpenTelemetrySdk sdk;

    private Telemetry(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
    }

    /** Configured by the process's {@code OTEL_*} environment variables and {@code otel.*} system properties. */
    public static Telemetry fromEnvironment() {
        return configured(Map.of());
    }

    /**
     * Configured as {@link #fromEnvironment()}, then {@code overrides} (keys as system properties:
     * {@code otel.traces.exporter}) win: the same configuration without touching the process environment.
     */
    public static Telemetry configured(Map<String, String> overrides) {
        AutoConfiguredOpenTelemetrySdk auto = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> DEFAULTS)
                .addPropertiesCustomizer(config -> withTracesExporter(config, overrides))
                // The SDK hands out a no-op tracer when no processor is registered, as with no exporter; spans
                // would then have no ids, and responses no traceparent naming the gateway's span.
                .addTracerProviderCustomizer((builder, config) -> builder.addSpanProcessor(new IdsOnly()))
                .disableShutdownHook()
                .build();
        OpenTelemetrySdk sdk = auto.getOpenTelemetrySdk();
        return new Telemetry(sdk, sdk);
    }

    /** An SDK built by the caller (tests with an in-memory exporter); closed with this. */
    public static Telemetry of(OpenTelemetrySdk sdk) {
        return new Telemetry(sdk, sdk);
    }

    /** No spans, no propagation beyond what the API's no-op does. */
    public static Telemetry disabled() {
        return new Telemetry(OpenTelemetry.noop(), null);
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    public Tracer tracer() {
        return openTelemetry.getTracer(SCOPE);
    }

    /** Exports what is buffered and stops the exporters; waits at most a few seconds. */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    /**
     * When {@code OTEL_TRACES_EXPORTER} is not given, traces go over OTLP if an OTLP endpoint is, and nowhere
     * otherwise: setting only the endpoint is enough, setting nothing exports nothing.
     */
    private static Map<String, String> withTracesExporter(ConfigProperties config, Map<String, String> overrides) {
        Map<String, String> out = new HashMap<>(overrides);
        String exporter = overrides.getOrDefault("otel.traces.exporter", config.getString("otel.traces.exporter"));
        if (exporter == null || exporter.isBlank()) {
            boolean endpoint = present(config, overrides, "otel.exporter.otlp.endpoint")
                    || present(config, overrides, "otel.exporter.otlp.traces.endpoint");
            out.put("otel.traces.exporter", endpoint ? "otlp" : "none");
        }
        return out;
    }

    private static boolean present(ConfigProperties config, Map<String, String> overrides, String key) {
        String value = overrides.getOrDefault(key, config.getString(key));
        return value != null && !value.isBlank();
    }

    /** Keeps spans real (with ids) and does nothing with them: exporting is the exporters' business. */
    private static final class IdsOnly implements SpanProcessor {
        @Override
        public void onStart(io.opentelemetry.context.Context parent, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
        }

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }
}
