package org.freerpacapture.gateway.observability;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.freerpacapture.adapters.resilience.ResilienceOptions;
import org.freerpacapture.adapters.resilience.ResilientProvider;
import org.freerpacapture.gateway.execute.Outcome;
import org.freerpacapture.gateway.execute.RequestExecutor;
import org.freerpacapture.gateway.execute.RequestInfo;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.routing.PolicyStore;
import org.freerpacapture.gateway.routing.RoutingPolicy;
import org.freerpacapture.gateway.routing.UpdateResult;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.inference.ppocr.runtime.InferencePool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /metrics} after a few requests of each kind: every series the gateway names is there with its labels,
 * next to the Vert.x, JVM and process metrics.
 */
class MetricsTest {

    static final String REQUEST_ID = "metrics-test-request-0001";
    static final double CLOUD_PRICE = 0.0015;

    /** The labels each series has (histogram buckets add {@code le}). */
    static final Map<String, Set<String>> LABELS = Map.ofEntries(
            Map.entry(GatewayMetrics.REQUESTS, Set.of("tenant", "route", "variant", "provider", "outcome")),
            Map.entry(GatewayMetrics.REQUEST_DURATION, Set.of("route", "variant", "provider")),
            Map.entry(GatewayMetrics.STAGE_DURATION, Set.of("provider", "stage")),
            Map.entry(GatewayMetrics.QUEUE_DEPTH, Set.of()),
            Map.entry(GatewayMetrics.QUEUE_CAPACITY, Set.of()),
            Map.entry(GatewayMetrics.INFERENCE_BUSY, Set.of()),
            Map.entry(GatewayMetrics.DECODE_BUSY, Set.of()),
            Map.entry(GatewayMetrics.PROVIDER_CALLS, Set.of("provider", "outcome")),
            Map.entry(GatewayMetrics.PROVIDER_RETRIES, Set.of("provider")),
            Map.entry(GatewayMetrics.CIRCUIT_STATE, Set.of("provider")),
            Map.entry(GatewayMetrics.SHADOW_AGREEMENT, Set.of("route", "variant")),
            Map.entry(GatewayMetrics.ESCALATIONS, Set.of("route")),
            Map.entry(GatewayMetrics.FALLBACKS, Set.of("route", "from", "to")),
            Map.entry(GatewayMetrics.CANARY_ROLLBACKS, Set.of("route")),
            Map.entry(GatewayMetrics.PAGES, Set.of("provider")),
            Map.entry(GatewayMetrics.COST, Set.of("provider")),
            Map.entry(GatewayMetrics.POLICY_VERSION, Set.of()),
            Map.entry(GatewayMetrics.REGION_HEADER_IGNORED, Set.of()));

    private static ObservedGateway gateway;
    private static InferencePool pool;
    private static Exposition metrics;
    private static ResilientProvider down;
    private static PolicyStore policy;

    /** Picks the executor a request names in {@code X-Scenario}: the ways a request can be served. */
    record Scenarios(Map<String, RequestExecutor> byName) implements RequestExecutor {
        @Override
        public Future<Outcome> execute(OcrRequest request, RequestInfo info) {
            return byName.get(info.header("X-Scenario")).execute(request, info);
        }
    }

    @BeforeAll
    static void serveAFewRequests() throws Exception {
        pool = new InferencePool("metrics-test", 1, 4);
        gateway = ObservedGateway.start(Observability.of(Telemetry.disabled(),
                ProviderPrices.parse("cloud:eu=" + CLOUD_PRICE)), setup -> {
            try {
                ResilienceOptions quick = new ResilienceOptions(Duration.ofSeconds(5), 1, 16, 5,
                        Duration.ofSeconds(30), Duration.ofSeconds(10), 0.1, 1, 10, Duration.ofMillis(1),
                        Duration.ofMillis(5));
                down = new ResilientProvider(setup.vertx(),
                        new LoopbackCloudProvider(setup.vertx(), "cloud:down").failing(), quick);
                ResilientProvider cloud = new ResilientProvider(setup.vertx(),
                        new LoopbackCloudProvider(setup.vertx(), "cloud:eu"), quick);
                StagedProvider local = new StagedProvider();
                return new Scenarios(Map.of(
                        "fallback", new PlannedExecutor(setup.hooks(), down, local, null, List.of()),
                        "shadow", new PlannedExecutor(setup.hooks(), cloud, null, local, List.of(1)),
                        "local", new PlannedExecutor(setup.hooks(), local, null, null, List.of())));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        GatewayMetrics m = gateway.observability.metrics();
        m.watch(pool);
        // What the provider registry does for every provider it builds.
        m.watch("cloud:down", down);
        m.watch("onnx:staged", new StagedProvider());
        // What the gateway does with the policy in force once routing runs.
        policy = new PolicyStore(RoutingPolicy.defaultPolicy(), Clock.systemUTC());
        m.watchPolicy(() -> policy.current().version());
        // What the canary watch does when the guard rolls a canary back.
        gateway.observability.hooks().canaryRolledBack("invoices");

        for (String scenario : List.of("local", "fallback", "shadow", "shadow", "local")) {
            var request = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE)
                    .putHeader("Content-Type", "image/png")
                    .putHeader("X-Scenario", scenario)
                    .putHeader("X-Request-Id", REQUEST_ID);
            if (scenario.equals("fallback")) {
                request.putHeader("X-Region", "eu-west"); // from loopback, which no setting trusts: ignored
            }
            int status = request.sendBuffer(Buffer.buffer(Fixtures.receiptPng())).await(20, TimeUnit.SECONDS)
                    .statusCode();
            assertEquals(200, status, scenario);
        }
        int refused = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "text/plain")
                .sendBuffer(Buffer.buffer("not a document")).await(10, TimeUnit.SECONDS).statusCode();
        assertEquals(415, refused);
        metrics = awaitShadows();
    }

    /** Shadow reads finish after their responses: scrape until both comparisons are in. */
    private static Exposition awaitShadows() throws Exception {
        long until = System.nanoTime() + 10_000_000_000L;
        while (true) {
            Exposition scraped = Exposition.parse(gateway.scrape());
            boolean compared = !scraped.named(GatewayMetrics.SHADOW_AGREEMENT).isEmpty()
                    && scraped.value(GatewayMetrics.PROVIDER_CALLS, Map.of("provider", "onnx:staged")) >= 5;
            if (compared || System.nanoTime() > until) {
                return scraped;
            }
            synchronized (MetricsTest.class) {
                MetricsTest.class.wait(20);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        pool.close();
    }

    @Test
    void every_gateway_series_is_exported_with_exactly_its_labels() {
        for (String series : GatewayMetrics.SERIES) {
            List<Exposition.Sample> samples = metrics.series(series);
            assertFalse(samples.isEmpty(), series + " is missing");
            for (Exposition.Sample s : samples) {
                Set<String> labels = new TreeSet<>(s.labels().keySet());
                labels.remove("le");
                assertEquals(new TreeSet<>(LABELS.get(series)), labels, s.toString());
            }
        }
        assertEquals(GatewayMetrics.SERIES.size(), LABELS.size());
    }

    @Test
    void each_x_region_header_from_an_untrusted_peer_is_counted_once() {
        assertEquals(1.0, metrics.value(GatewayMetrics.REGION_HEADER_IGNORED, Map.of()));
    }

    @Test
    void the_policy_version_is_the_version_in_force_when_scraped() throws Exception {
        long before = policy.current().version();
        assertEquals(before, metrics.value(GatewayMetrics.POLICY_VERSION, Map.of()));
        UpdateResult changed = policy.update(RoutingPolicy.defaultPolicy(), before, "ops", "");
        assertTrue(changed instanceof UpdateResult.Accepted, changed.toString());
        assertEquals(before + 1, Exposition.parse(gateway.scrape()).value(GatewayMetrics.POLICY_VERSION, Map.of()));
    }

    @Test
    void requests_are_counted_by_route_variant_provider_and_outcome() {
        assertEquals(3, metrics.value(GatewayMetrics.REQUESTS, Map.of("route", "invoices", "variant", "candidate",
                "provider", "onnx:staged", "outcome", "ok")), "served locally twice, and once by the fallback");
        assertEquals(2, metrics.value(GatewayMetrics.REQUESTS, Map.of("provider", "cloud:eu", "outcome", "ok")));
        assertEquals(1, metrics.value(GatewayMetrics.REQUESTS, Map.of("route", "none", "variant", "none",
                "provider", "none", "outcome", "unsupported_media_type")));
        assertEquals(5, metrics.value(GatewayMetrics.REQUEST_DURATION + "_count", Map.of("route", "invoices")));
    }

    @Test
    void durations_fall_in_buckets_from_one_millisecond_to_a_minute() {
        Set<String> bounds = metrics.named(GatewayMetrics.REQUEST_DURATION + "_bucket").stream()
                .map(s -> s.labels().get("le")).collect(Collectors.toSet());
        assertTrue(bounds.contains("0.001") && bounds.contains("60.0") && bounds.contains("+Inf"), bounds.toString());
        assertEquals(GatewayMetrics.BUCKETS.length + 1, bounds.size(), bounds.toString());
        assertEquals(5 * 3, metrics.value(GatewayMetrics.STAGE_DURATION + "_count",
                Map.of("provider", "onnx:staged")), 1e-9, "3 stages in each of 5 local reads: 2 primary, 1 fallback,"
                + " 2 shadow");
    }

    @Test
    void fallbacks_escalations_shadow_agreement_and_rollbacks_are_counted_per_route() {
        assertEquals(1, metrics.value(GatewayMetrics.FALLBACKS, Map.of("route", "invoices", "from", "cloud:down",
                "to", "onnx:staged")));
        assertEquals(2, metrics.value(GatewayMetrics.ESCALATIONS, Map.of("route", "invoices")));
        assertEquals(1.0, metrics.value(GatewayMetrics.SHADOW_AGREEMENT, Map.of("route", "invoices",
                "variant", "candidate")), 1e-9, "the shadow read the same lines");
        assertEquals(1, metrics.value(GatewayMetrics.CANARY_ROLLBACKS, Map.of("route", "invoices")));
    }

    @Test
    void provider_calls_retries_circuit_pages_and_cost_are_counted_per_provider() {
        assertEquals(1, metrics.value(GatewayMetrics.PROVIDER_CALLS, Map.of("provider", "cloud:down",
                "outcome", "provider_unavailable")));
        assertEquals(0, metrics.value(GatewayMetrics.CIRCUIT_STATE, Map.of("provider", "cloud:down")));
        assertEquals(1, metrics.named(GatewayMetrics.CIRCUIT_STATE).stream()
                .filter(x -> x.labels().get("provider").equals("cloud:eu")).count(),
                "a provider first seen by a call is followed too");
        assertEquals(1, metrics.value(GatewayMetrics.PROVIDER_RETRIES, Map.of("provider", "cloud:down")),
                "one retry allowed before the fallback");
        assertEquals(2, metrics.value(GatewayMetrics.PAGES, Map.of("provider", "cloud:eu")));
        assertEquals(2 * CLOUD_PRICE, metrics.value(GatewayMetrics.COST, Map.of("provider", "cloud:eu")), 1e-12);
        assertEquals(0, metrics.value(GatewayMetrics.COST, Map.of("provider", "onnx:staged")),
                "the local engine is free");
        assertEquals(0, metrics.value(GatewayMetrics.QUEUE_DEPTH, Map.of()));
    }

    @Test
    void vertx_jvm_and_process_metrics_are_exported_too() {
        for (String name : List.of("vertx_http_server_requests_total", "vertx_http_client_requests_total",
                "jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds", "process_cpu_usage")) {
            assertFalse(metrics.named(name).isEmpty(), name + " is missing");
        }
    }

    @Test
    void the_dashboard_and_the_alert_rules_query_only_series_the_gateway_exports() throws Exception {
        Set<String> exported = metrics.samples().stream().map(Exposition.Sample::name).collect(Collectors.toSet());
        Set<String> queried = ObservabilityFiles.queriedSeries();
        assertTrue(queried.size() > 10, queried.toString());
        Set<String> unknown = new TreeSet<>(queried);
        unknown.removeAll(exported);
        assertEquals(Set.of(), unknown, "queried but not exported");
        Set<String> alerts = ObservabilityFiles.alerts().keySet();
        assertEquals(Set.of("GatewayCanaryRolledBack", "GatewayCircuitOpen", "GatewayErrorRatioHigh",
                "GatewayLatencyP99OverTarget", "GatewayInferenceQueueSaturated"), alerts);
    }

    @Test
    void no_label_carries_a_request_id_or_a_path_with_ids() throws Exception {
        String text = gateway.scrape();
        assertFalse(text.contains(REQUEST_ID), "request ids are unbounded");
        for (Exposition.Sample s : metrics.samples()) {
            assertFalse(s.labels().containsKey("path") || s.labels().containsKey("request_id"), s.toString());
        }
    }
}
