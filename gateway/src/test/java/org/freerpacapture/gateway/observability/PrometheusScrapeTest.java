package org.freerpacapture.gateway.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import org.freerpacapture.gateway.execute.SingleProviderExecutor;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.support.Fixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Prometheus (the Debian {@code prometheus} package, {@code /usr/bin/prometheus}) scrapes a running
 * gateway's {@code /metrics}, loads {@code k8s/observability/alerts.yaml}, and the gateway's series are queried
 * back through its HTTP API. Skipped only when no {@code prometheus} binary is installed.
 */
class PrometheusScrapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void prometheus_scrapes_the_gateway_and_answers_queries_for_its_series(@TempDir Path dir) throws Exception {
        Optional<Path> binary = prometheusBinary();
        Assumptions.assumeTrue(binary.isPresent(), "no prometheus binary (apt-get install -y prometheus); skipped");

        try (ObservedGateway gateway = ObservedGateway.start(Observability.of(Telemetry.disabled(),
                ProviderPrices.NONE), setup -> new SingleProviderExecutor(new StagedProvider(), setup.hooks()))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, gateway.client.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/png")
                        .sendBuffer(Buffer.buffer(Fixtures.receiptPng())).await(20, TimeUnit.SECONDS).statusCode());
            }
            int port = freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files:
                      - %s
                    scrape_configs:
                      - job_name: gateway
                        metrics_path: %s
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(ObservabilityFiles.ALERTS.toAbsolutePath().normalize(), Observability.METRICS_PATH,
                    gateway.admin.actualPort()));
            Process prometheus = new ProcessBuilder(binary.get().toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            try {
                String api = "http://127.0.0.1:" + port + "/api/v1/";
                JsonNode requests = awaitResult(api, "gateway_requests_total", prometheus, dir);
                JsonNode metric = requests.get(0).path("metric");
                assertEquals("default", metric.path("route").asText());
                assertEquals("local", metric.path("variant").asText());
                assertEquals("onnx:staged", metric.path("provider").asText());
                assertEquals("ok", metric.path("outcome").asText());
                assertEquals("3", requests.get(0).path("value").get(1).asText());

                for (String query : List.of("gateway_request_duration_seconds_bucket{le=\"60.0\"}",
                        "gateway_inference_stage_seconds_count{stage=\"recognize\"}",
                        "gateway_provider_calls_total{outcome=\"ok\"}", "gateway_pages_total",
                        "gateway_estimated_cost_usd_total", "vertx_http_server_requests_total",
                        "jvm_memory_used_bytes", "process_uptime_seconds")) {
                    assertFalse(query(api, query).isEmpty(), query + " is queryable");
                }
                JsonNode groups = get(api + "rules").path("data").path("groups");
                Set<String> loaded = new HashSet<>();
                groups.forEach(g -> g.path("rules").forEach(r -> {
                    loaded.add(r.path("name").asText());
                    assertEquals("ok", r.path("health").asText(), r.toString());
                }));
                assertEquals(ObservabilityFiles.alerts().keySet(), loaded, "every alert rule loads and evaluates");
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        }
    }

    /** Polls an instant query until it has a result (first scrapes take a second or two). */
    private JsonNode awaitResult(String api, String query, Process prometheus, Path dir) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            if (!prometheus.isAlive()) {
                throw new AssertionError("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
            }
            try {
                JsonNode result = query(api, query);
                if (!result.isEmpty()) {
                    return result;
                }
            } catch (IOException notYetListening) {
                // Prometheus is still starting.
            }
            synchronized (this) {
                wait(200);
            }
        }
        throw new AssertionError("no " + query + " in Prometheus after 30 s; targets: " + get(api + "targets")
                + "\n" + Files.readString(dir.resolve("prometheus.log")));
    }

    private JsonNode query(String api, String query) throws IOException, InterruptedException {
        JsonNode body = get(api + "query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        assertEquals("success", body.path("status").asText(), body.toString());
        return body.path("data").path("result");
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** {@code /usr/bin/prometheus} (Debian's package), else the first {@code prometheus} on the PATH. */
    static Optional<Path> prometheusBinary() {
        Stream<Path> candidates = Stream.concat(Stream.of(Path.of("/usr/bin/prometheus")),
                Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                        .filter(p -> !p.isBlank()).map(p -> Path.of(p, "prometheus")));
        return candidates.filter(Files::isExecutable).findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
