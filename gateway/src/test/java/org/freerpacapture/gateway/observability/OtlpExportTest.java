package org.freerpacapture.gateway.observability;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.freerpacapture.gateway.execute.SingleProviderExecutor;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.support.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spans leave the gateway over OTLP/HTTP to an endpoint given only by configuration, and arrive whole. */
class OtlpExportTest {

    static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    static final String TRACEPARENT = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

    @Test
    void with_only_an_endpoint_configured_the_requests_spans_arrive_over_otlp_http_protobuf() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            Observability observability = Observability.of(Telemetry.configured(Map.of(
                    "otel.exporter.otlp.endpoint", receiver.endpoint(),
                    "otel.bsp.schedule.delay", "50")), ProviderPrices.NONE);
            try (ObservedGateway gateway = ObservedGateway.start(observability,
                    setup -> new SingleProviderExecutor(new StagedProvider(), setup.hooks()))) {
                HttpResponse<Buffer> response = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE)
                        .putHeader("Content-Type", "image/png").putHeader("traceparent", TRACEPARENT)
                        .sendBuffer(Buffer.buffer(Fixtures.receiptPng())).await(20, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode());
                assertTrue(response.getHeader("traceparent").contains(TRACE_ID));
            } // closing flushes the batch processor
            assertTrue(receiver.hasTraceId(TRACE_ID), "the caller's trace id arrives");
            for (String name : List.of(SpanNames.DECODE, SpanNames.ROUTE, SpanNames.PROVIDER_CALL, SpanNames.DETECT,
                    SpanNames.CLASSIFY, SpanNames.RECOGNIZE)) {
                assertTrue(receiver.hasSpanNamed(name), name + " arrives");
            }
            assertTrue(receiver.contains("rpa-vision-gateway"), "the service name is the gateway's by default");
            assertTrue(receiver.contentTypes().stream().allMatch(t -> t.startsWith("application/x-protobuf")),
                    receiver.contentTypes().toString());
        }
    }

    @Test
    void nothing_is_exported_when_no_exporter_and_no_endpoint_are_configured() {
        try (Telemetry unset = Telemetry.configured(Map.of());
             Telemetry withEndpoint = Telemetry.configured(Map.of("otel.exporter.otlp.endpoint",
                     "http://127.0.0.1:4318"))) {
            String none = unset.openTelemetry().toString();
            assertTrue(!none.contains("OtlpHttpSpanExporter") && !none.contains("BatchSpanProcessor"), none);
            String otlp = withEndpoint.openTelemetry().toString();
            assertTrue(otlp.contains("OtlpHttpSpanExporter") && otlp.contains("BatchSpanProcessor"), otlp);
        }
    }

    /**
     * The production case: a separate JVM whose only configuration is its environment ({@code OTEL_*}), reading a
     * receipt with the real local engine; its decode, route and per-stage spans reach the receiver in the
     * caller's trace.
     */
    @Test
    void a_gateway_process_configured_only_by_environment_variables_exports_every_stage_of_a_real_read()
            throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"),
                    "-Dshared.dir=" + System.getProperty("shared.dir", "../../shared"),
                    TracedGatewayProcess.class.getName());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("GATEWAY_"));
            env.put("OTEL_TRACES_EXPORTER", "otlp");
            env.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
            env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            env.put("OTEL_SERVICE_NAME", "gateway-from-env");
            env.put("OTEL_TRACES_SAMPLER", "parentbased_always_on");
            env.put("OTEL_BSP_SCHEDULE_DELAY", "100");
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
            Process gateway = builder.start();
            try {
                int port = port(gateway);
                Vertx vertx = Vertx.vertx();
                try {
                    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                            .setDefaultPort(port));
                    HttpResponse<Buffer> response = client.post(HttpApi.DOCUMENTS_ANALYZE)
                            .putHeader("Content-Type", "image/jpeg").putHeader("traceparent", TRACEPARENT)
                            .sendBuffer(Buffer.buffer(Fixtures.receiptJpeg())).await(60, TimeUnit.SECONDS);
                    assertEquals(200, response.statusCode(), response.bodyAsString());
                    assertTrue(response.getHeader("traceparent").startsWith("00-" + TRACE_ID + "-"));
                } finally {
                    vertx.close().await(10, TimeUnit.SECONDS);
                }
                gateway.getOutputStream().close(); // asks it to stop, flushing its spans
                assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "the gateway process stops");
                assertEquals(0, gateway.exitValue());
            } finally {
                gateway.destroyForcibly();
            }
            assertTrue(receiver.hasTraceId(TRACE_ID), "the caller's trace id arrives");
            for (String name : List.of(SpanNames.DECODE, SpanNames.ROUTE, SpanNames.PROVIDER_CALL, SpanNames.DETECT,
                    SpanNames.CLASSIFY, SpanNames.RECOGNIZE)) {
                assertTrue(receiver.hasSpanNamed(name), name + " arrives");
            }
            assertTrue(receiver.contains("gateway-from-env"), "OTEL_SERVICE_NAME took effect");
        }
    }

    private static int port(Process gateway) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("PORT=")) {
                Thread drain = new Thread(() -> out.lines().forEach(ignored -> { }), "gateway-process-output");
                drain.setDaemon(true);
                drain.start(); // a full pipe would stall the process's logging
                return Integer.parseInt(line.substring("PORT=".length()).trim());
            }
        }
        throw new AssertionError("the gateway process ended before listening (exit " + gateway.waitFor() + ")");
    }
}
