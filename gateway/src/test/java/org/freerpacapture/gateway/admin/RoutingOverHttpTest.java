package org.freerpacapture.gateway.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.adapters.ProviderFactory;
import org.freerpacapture.adapters.resilience.ProviderCallException;
import org.freerpacapture.gateway.execute.TestProvider;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.routing.PolicyFile;
import org.freerpacapture.gateway.support.Load;
import org.freerpacapture.gateway.support.RoutedGateway;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.ProviderInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.freerpacapture.gateway.support.TestPolicies.ab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routing end to end over real HTTP, with {@code test} providers standing in for engines so a thousand requests
 * take a second: split, stickiness, weight moves, canary breach and promotion, fallback, cascade, shadow, the
 * admin API's concurrency control and errors, and policy changes under load.
 */
@ExtendWith(VertxExtension.class)
class RoutingOverHttpTest {

    /** Route {@code release}: a stable variant and a candidate, with the stable provider as fallback. */
    static String release(String candidateMode) {
        return """
                {"providers": {"test:stable": {"kind": "test"},
                               "test:candidate": {"kind": "test", "mode": "%s", "failWith": "unavailable"}},
                 "routes": [{"name": "release", "match": {},
                   "variants": [{"name": "stable", "provider": "test:stable", "weight": 100},
                                {"name": "candidate", "provider": "test:candidate", "weight": 0}],
                   "fallback": ["test:stable"]}]}
                """.formatted(candidateMode);
    }

    private static Map<String, String> variantsByKey(RoutedGateway g, int keys) throws Exception {
        List<HttpResponse<Buffer>> responses = Load.run(keys, 16, i -> g.analyze("tenant-" + i))
                .await(120, TimeUnit.SECONDS);
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < keys; i++) {
            HttpResponse<Buffer> r = responses.get(i);
            assertEquals(200, r.statusCode(), r.bodyAsString());
            out.put("tenant-" + i, r.getHeader("X-Variant"));
        }
        return out;
    }

    private static JsonObject post(RoutedGateway g, String path, JsonObject body) throws Exception {
        HttpResponse<Buffer> r = g.admin(HttpMethod.POST, path).putHeader("X-Admin-Actor", "release-bot")
                .sendJsonObject(body).await(10, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject();
    }

    private static JsonObject variant(JsonObject policy, String route, String variant) {
        JsonObject r = policy.getJsonArray("routes").stream().map(JsonObject.class::cast)
                .filter(x -> x.getString("name").equals(route)).findFirst().orElseThrow();
        return r.getJsonArray("variants").stream().map(JsonObject.class::cast)
                .filter(v -> v.getString("name").equals(variant)).findFirst().orElseThrow();
    }

    private static JsonObject lastChange(RoutedGateway g) throws Exception {
        JsonArray changes = g.getJson(AdminApi.HISTORY).getJsonArray("changes");
        return changes.getJsonObject(changes.size() - 1);
    }

    @Test
    void a_50_50_split_over_1000_sticky_keys_lands_within_45_to_55_percent_and_every_key_keeps_its_variant(
            Vertx vertx) throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, ab(50, 50))) {
            Map<String, String> first = variantsByKey(g, 1000);
            long onA = first.values().stream().filter("a"::equals).count();
            assertTrue(onA >= 450 && onA <= 550, "variant a got " + onA + " of 1000 keys");

            Map<String, String> again = variantsByKey(g, 1000);
            assertEquals(first, again, "a key changed variant while the weights stayed");
        }
    }

    @Test
    void every_response_names_route_variant_and_provider_in_headers_and_body(Vertx vertx) throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, ab(50, 50))) {
            for (int i = 0; i < 10; i++) {
                HttpResponse<Buffer> r = g.analyzeNow("tenant-" + i);
                assertEquals(200, r.statusCode(), r.bodyAsString());
                JsonObject body = r.bodyAsJsonObject();
                assertEquals("ab", r.getHeader("X-Route"));
                assertEquals(body.getString("route"), r.getHeader("X-Route"));
                assertEquals(body.getString("variant"), r.getHeader("X-Variant"));
                assertEquals(body.getJsonObject("provider").getString("id"), r.getHeader("X-Provider"));
                assertEquals("test:" + r.getHeader("X-Variant"), r.getHeader("X-Provider"));
            }
        }
    }

    @Test
    void moving_10_percent_of_weight_moves_8_to_12_percent_of_keys_all_towards_the_variant_that_gained(
            Vertx vertx) throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, ab(50, 50))) {
            Map<String, String> before = variantsByKey(g, 1000);
            HttpResponse<Buffer> put = g.put(ab(60, 40));
            assertEquals(200, put.statusCode(), put.bodyAsString());
            assertEquals("\"2\"", put.getHeader("ETag"));

            Map<String, String> after = variantsByKey(g, 1000);
            List<String> moved = before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k))).toList();
            assertTrue(moved.size() >= 80 && moved.size() <= 120, moved.size() + " of 1000 keys moved");
            assertTrue(moved.stream().allMatch(k -> after.get(k).equals("a")), "a key moved away from a");
        }
    }

    @Test
    void a_canary_whose_guard_is_breached_is_rolled_back_within_its_window_and_the_history_says_why(Vertx vertx)
            throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, release("fail"))) {
            long started = System.nanoTime();
            JsonObject canary = post(g, "/admin/routes/release/canary", new JsonObject()
                    .put("variant", "candidate").put("percent", 50)
                    .put("guard", new JsonObject().put("maxErrorRate", 0.1).put("minRequests", 5)
                            .put("window", "30s")));
            assertEquals(50, variant(canary, "release", "candidate").getInteger("weight"));

            int servedByFallback = 0;
            while (variant(g.getJson(AdminApi.ROUTING), "release", "candidate").getInteger("weight") > 0) {
                assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30),
                        "the canary was not rolled back within its 30s window");
                for (HttpResponse<Buffer> r : Load.run(20, 4, i -> g.analyze(null)).await(30, TimeUnit.SECONDS)) {
                    assertEquals(200, r.statusCode(), "the fallback serves while the canary fails");
                    if ("candidate".equals(r.getHeader("X-Variant"))) {
                        assertEquals("test:stable", r.getHeader("X-Provider"));
                        assertEquals("test:candidate", r.bodyAsJsonObject().getString("fallbackFrom"));
                        servedByFallback++;
                    }
                }
                vertx.timer(100, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
            }
            assertTrue(servedByFallback >= 5, "only " + servedByFallback + " canary requests");

            JsonObject breach = lastChange(g);
            assertEquals("canary-guard", breach.getString("actor"));
            assertEquals("breach", breach.getString("action"));
            assertTrue(breach.getString("reason").startsWith("error rate 1.0000 above 0.1000"),
                    breach.getString("reason"));

            JsonObject stats = g.variantStats("release", "candidate");
            assertEquals(1, stats.getLong("canaryBreaches"));
            assertEquals("rolled-back", stats.getJsonObject("canary").getString("state"));
            assertEquals(0, stats.getInteger("weight"));
            assertTrue(stats.getLong("errors") >= 5 && stats.getLong("fallbacks") >= 5, stats.encode());
        }
    }

    @Test
    void a_canary_that_holds_its_guard_can_be_promoted_and_then_serves_everything(Vertx vertx) throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, release("ok"))) {
            post(g, "/admin/routes/release/canary", new JsonObject().put("variant", "candidate").put("percent", 50)
                    .put("guard", new JsonObject().put("maxErrorRate", 0.1).put("minRequests", 5)
                            .put("window", "10s")));
            List<HttpResponse<Buffer>> sent = Load.run(40, 8, i -> g.analyze(null)).await(30, TimeUnit.SECONDS);
            assertTrue(sent.stream().allMatch(r -> r.statusCode() == 200));
            assertTrue(g.routing.watch().check().isEmpty(), "a healthy canary was judged in breach");
            assertEquals(50, variant(g.getJson(AdminApi.ROUTING), "release", "candidate").getInteger("weight"));

            JsonObject promoted = post(g, "/admin/routes/release/promote", new JsonObject());
            assertEquals(100, variant(promoted, "release", "candidate").getInteger("weight"));
            assertEquals(0, variant(promoted, "release", "stable").getInteger("weight"));
            assertNull(promoted.getJsonArray("routes").getJsonObject(0).getJsonObject("canary"));
            assertEquals("promote", lastChange(g).getString("action"));
            assertEquals("release-bot", lastChange(g).getString("actor"));
            for (HttpResponse<Buffer> r : Load.run(20, 4, i -> g.analyze(null)).await(30, TimeUnit.SECONDS)) {
                assertEquals("candidate", r.getHeader("X-Variant"));
            }
        }
    }

    @Test
    void an_operator_rollback_sets_the_canary_to_0_with_its_reason_and_a_route_without_canary_answers_404(
            Vertx vertx) throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, release("ok"))) {
            HttpResponse<Buffer> none = g.admin(HttpMethod.POST, "/admin/routes/release/promote").send()
                    .await(10, TimeUnit.SECONDS);
            assertEquals(404, none.statusCode());
            assertEquals("not_found", none.bodyAsJsonObject().getJsonObject("error").getString("code"));

            post(g, "/admin/routes/release/canary", new JsonObject().put("variant", "candidate").put("percent", 20));
            JsonObject rolledBack = post(g, "/admin/routes/release/rollback",
                    new JsonObject().put("reason", "latency looks off"));
            assertEquals(0, variant(rolledBack, "release", "candidate").getInteger("weight"));
            assertEquals(80, variant(rolledBack, "release", "stable").getInteger("weight"), "the others keep theirs");
            assertEquals("latency looks off", lastChange(g).getString("reason"));

            HttpResponse<Buffer> unknown = g.admin(HttpMethod.POST, "/admin/routes/release/canary")
                    .sendJsonObject(new JsonObject().put("variant", "nope").put("percent", 5))
                    .await(10, TimeUnit.SECONDS);
            assertEquals(422, unknown.statusCode());
            assertEquals("/variant", unknown.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0)
                    .getString("pointer"));
        }
    }

    @Test
    void canary_and_promote_record_the_reason_from_the_body_or_the_change_reason_header(Vertx vertx)
            throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, release("ok"))) {
            post(g, "/admin/routes/release/canary", new JsonObject().put("variant", "candidate").put("percent", 10)
                    .put("reason", "try the candidate on a tenth"));
            assertEquals("canary", lastChange(g).getString("action"));
            assertEquals("try the candidate on a tenth", lastChange(g).getString("reason"));

            HttpResponse<Buffer> promoted = g.admin(HttpMethod.POST, "/admin/routes/release/promote")
                    .putHeader("X-Change-Reason", "guard quiet for a day").send().await(10, TimeUnit.SECONDS);
            assertEquals(200, promoted.statusCode(), promoted.bodyAsString());
            assertEquals("promote", lastChange(g).getString("action"));
            assertEquals("guard quiet for a day", lastChange(g).getString("reason"));
        }
    }

    @Test
    void when_the_chosen_provider_fails_the_fallback_serves_and_the_response_names_fallback_from(Vertx vertx)
            throws Exception {
        String policy = """
                {"providers": {"test:down": {"kind": "test", "mode": "fail", "failWith": "timeout"},
                               "test:up": {"kind": "test"}},
                 "routes": [{"name": "default", "match": {},
                   "variants": [{"name": "main", "provider": "test:down", "weight": 100}],
                   "fallback": ["test:up"]}]}
                """;
        try (RoutedGateway g = RoutedGateway.start(vertx, policy)) {
            HttpResponse<Buffer> r = g.analyzeNow(null);
            assertEquals(200, r.statusCode(), r.bodyAsString());
            assertEquals("main", r.getHeader("X-Variant"));
            assertEquals("test:up", r.getHeader("X-Provider"));
            assertEquals("test:down", r.bodyAsJsonObject().getString("fallbackFrom"));
            JsonObject stats = g.variantStats("default", "main");
            assertEquals(1, stats.getLong("fallbacks"));
            assertEquals(1, stats.getLong("errors"));
        }
    }

    @Test
    void a_primary_that_times_out_leaves_its_fallback_time_to_answer(Vertx vertx) throws Exception {
        String policy = """
                {"providers": {"test:slow": {"kind": "test", "mode": "slow"}, "test:up": {"kind": "test"}},
                 "routes": [{"name": "default", "match": {},
                   "variants": [{"name": "main", "provider": "test:slow", "weight": 100}],
                   "fallback": ["test:up"]}]}
                """;
        try (RoutedGateway g = RoutedGateway.start(vertx, policy)) {
            long start = System.nanoTime();
            HttpResponse<Buffer> r = g.analyzeNow(null);
            assertEquals(200, r.statusCode(), r.bodyAsString());
            assertEquals("test:up", r.getHeader("X-Provider"));
            assertEquals("test:slow", r.bodyAsJsonObject().getString("fallbackFrom"));
            assertTrue(System.nanoTime() - start < RoutedGateway.REQUEST_TIMEOUT.toNanos());
        }
    }

    @Test
    void a_fallback_whose_circuit_is_open_is_skipped(Vertx vertx) throws Exception {
        AtomicInteger cloudCalls = new AtomicInteger();
        OcrProvider failing = new OcrProvider() {
            @Override
            public ProviderInfo info() {
                return new ProviderInfo("cloud:flaky", "azure-di", "prebuilt-read", "1");
            }

            @Override
            public CompletionStage<OcrResult> analyze(OcrRequest request) {
                cloudCalls.incrementAndGet();
                return CompletableFuture.failedFuture(
                        ProviderCallException.unavailable("service down", null, null));
            }
        };
        ProviderFactory cloud = new ProviderFactory(vertx).with("azure-di", (vx, config) -> failing);
        String policy = """
                {"providers": {"test:down": {"kind": "test", "mode": "fail"}, "test:up": {"kind": "test"},
                               "cloud:flaky": {"kind": "azure-di", "endpoint": "https://flaky.invalid", "maxRetries": 0,
                                               "breaker": {"failureThreshold": 2, "resetTimeoutMs": 60000}}},
                 "routes": [{"name": "default", "match": {},
                   "variants": [{"name": "main", "provider": "test:down", "weight": 100}],
                   "fallback": ["cloud:flaky", "test:up"]}]}
                """;
        try (RoutedGateway g = RoutedGateway.start(vertx, policy, Map.of(), cloud, Optional.empty(),
                Optional.of(RoutedGateway.TOKEN), 4)) {
            for (int i = 0; i < 6; i++) {
                HttpResponse<Buffer> r = g.analyzeNow(null);
                assertEquals(200, r.statusCode(), r.bodyAsString());
                assertEquals("test:up", r.getHeader("X-Provider"));
            }
            JsonObject flaky = g.getJson(AdminApi.STATS).getJsonObject("providers").getJsonObject("cloud:flaky");
            assertEquals("OPEN", flaky.getString("breakerState"));
            assertEquals(2, cloudCalls.get(), "the open circuit's provider was still called");
            assertEquals(6, g.variantStats("default", "main").getLong("fallbacks"));
        }
    }

    @Test
    void pages_below_min_confidence_are_reread_and_replaced_and_a_failed_reread_keeps_the_first_reading(
            Vertx vertx) throws Exception {
        String policy = """
                {"providers": {"test:weak": {"kind": "test", "confidence": 0.4, "lines": ["T0TAL RM 9.O0"]},
                               "test:strong": {"kind": "test", "confidence": 0.99},
                               "test:down": {"kind": "test", "mode": "fail"}},
                 "routes": [
                   {"name": "escalating", "match": {"header": {"X-Cascade": ["up"]}},
                    "variants": [{"name": "weak", "provider": "test:weak", "weight": 100}],
                    "cascade": {"minConfidence": 0.8, "escalateTo": "test:strong"}},
                   {"name": "broken-cascade", "match": {},
                    "variants": [{"name": "weak", "provider": "test:weak", "weight": 100}],
                    "cascade": {"minConfidence": 0.8, "escalateTo": "test:down"}}]}
                """;
        try (RoutedGateway g = RoutedGateway.start(vertx, policy)) {
            HttpResponse<Buffer> up = g.api.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/png")
                    .putHeader("X-Cascade", "up").sendBuffer(Buffer.buffer(RoutedGateway.TINY_PNG))
                    .await(10, TimeUnit.SECONDS);
            assertEquals(200, up.statusCode(), up.bodyAsString());
            JsonObject body = up.bodyAsJsonObject();
            assertTrue(body.getBoolean("escalated"));
            assertEquals(new JsonArray().add(1), body.getJsonArray("escalatedPages"));
            assertEquals("TOTAL RM 9.00\nTAN WOON YANN", body.getString("content"));
            assertEquals("test:weak", up.getHeader("X-Provider"));
            assertEquals(1, g.variantStats("escalating", "weak").getLong("escalations"));

            HttpResponse<Buffer> down = g.analyzeNow(null);
            assertEquals(200, down.statusCode(), down.bodyAsString());
            assertFalse(down.bodyAsJsonObject().getBoolean("escalated"));
            assertEquals("T0TAL RM 9.O0", down.bodyAsJsonObject().getString("content"));
            assertEquals(1, g.getJson(AdminApi.STATS).getLong("escalationFailures"));
        }
    }

    @Test
    void shadow_reads_never_change_or_delay_the_response_and_their_agreement_appears_in_admin_stats(Vertx vertx)
            throws Exception {
        String policy = """
                {"providers": {"test:primary": {"kind": "test"},
                               "test:twin": {"kind": "test", "latencyMs": 20},
                               "test:sluggish": {"kind": "test", "latencyMs": 5000, "lines": ["ELSE"]}},
                 "routes": [
                   {"name": "twin", "match": {"header": {"X-Shadow": ["twin"]}},
                    "variants": [{"name": "p", "provider": "test:primary", "weight": 100}],
                    "shadow": {"provider": "test:twin", "percent": 100}},
                   {"name": "slow", "match": {"header": {"X-Shadow": ["slow"]}},
                    "variants": [{"name": "p", "provider": "test:primary", "weight": 100}],
                    "shadow": {"provider": "test:sluggish", "percent": 100}},
                   {"name": "plain", "match": {},
                    "variants": [{"name": "p", "provider": "test:primary", "weight": 100}]}]}
                """;
        try (RoutedGateway g = RoutedGateway.start(vertx, policy)) {
            JsonObject baseline = g.analyzeNow(null).bodyAsJsonObject();

            for (int i = 0; i < 3; i++) {
                JsonObject shadowed = shadowed(g, "twin").bodyAsJsonObject();
                assertEquals(baseline.getJsonArray("pages"), shadowed.getJsonArray("pages"));
            }
            JsonObject twin = awaitStats(vertx, g, "twin", "p", s -> s.getLong("shadowCompared") >= 3);
            assertEquals(1.0, twin.getDouble("agreement"), 1e-9);

            // Six reads whose shadow takes 5 s each: the responses come at once; the pool of 4 is then full.
            for (int i = 0; i < 6; i++) {
                long start = System.nanoTime();
                HttpResponse<Buffer> r = shadowed(g, "slow");
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "a shadow delayed a response");
                assertEquals(baseline.getString("content"), r.bodyAsJsonObject().getString("content"));
                assertEquals(baseline.getJsonArray("pages"), r.bodyAsJsonObject().getJsonArray("pages"));
                assertEquals("test:primary", r.getHeader("X-Provider"));
            }
            JsonObject slow = g.variantStats("slow", "p");
            assertEquals(2, slow.getLong("shadowSkipped"), slow.encode());
            assertEquals(4, g.getJson(AdminApi.STATS).getJsonObject("shadow").getInteger("inFlight"));
        }
    }

    private static HttpResponse<Buffer> shadowed(RoutedGateway g, String route) throws Exception {
        HttpResponse<Buffer> r = g.api.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/png")
                .putHeader("X-Shadow", route).sendBuffer(Buffer.buffer(RoutedGateway.TINY_PNG))
                .await(10, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(route, r.getHeader("X-Route"));
        return r;
    }

    /** Polls /admin/stats until the condition holds (shadow reads finish after their responses). */
    static JsonObject awaitStats(Vertx vertx, RoutedGateway g, String route, String variant,
                                 java.util.function.Predicate<JsonObject> done) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            JsonObject s = g.variantStats(route, variant);
            if (done.test(s)) {
                return s;
            }
            assertTrue(System.nanoTime() < until, "stats never reached the expected state: " + s.encode());
            vertx.timer(50, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void stats_cover_the_window_asked_for_and_refuse_one_outside_10s_to_1h(Vertx vertx) throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, ab(50, 50))) {
            g.analyzeNow("tenant-1");
            JsonObject stats = g.getJson(AdminApi.STATS + "?window=30s");
            assertEquals(30, stats.getInteger("windowSeconds"));
            assertEquals(1, stats.getInteger("policyVersion"));
            long requests = stats.getJsonArray("variants").stream().map(JsonObject.class::cast)
                    .mapToLong(v -> v.getLong("requests")).sum();
            assertEquals(1, requests);
            HttpResponse<Buffer> tooLong = g.admin(HttpMethod.GET, AdminApi.STATS + "?window=2h").send()
                    .await(10, TimeUnit.SECONDS);
            assertEquals(400, tooLong.statusCode());
        }
    }

    @Test
    void admin_calls_need_the_bearer_token_and_without_a_configured_token_everything_is_refused(Vertx vertx)
            throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, ab(50, 50))) {
            HttpResponse<Buffer> none = g.adminClient.get(AdminApi.ROUTING).send().await(10, TimeUnit.SECONDS);
            assertEquals(401, none.statusCode());
            assertEquals("unauthorized", none.bodyAsJsonObject().getJsonObject("error").getString("code"));
            HttpResponse<Buffer> wrong = g.adminClient.get(AdminApi.STATS)
                    .putHeader("Authorization", "Bearer " + RoutedGateway.TOKEN + "x").send()
                    .await(10, TimeUnit.SECONDS);
            assertEquals(401, wrong.statusCode());

            AdminApi closed = AdminApi.start(vertx, "127.0.0.1", 0, g.routing, Optional.empty(), Optional.empty())
                    .await(10, TimeUnit.SECONDS);
            WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(closed.port()));
            try {
                HttpResponse<Buffer> refused = client.get(AdminApi.ROUTING)
                        .putHeader("Authorization", "Bearer " + RoutedGateway.TOKEN).send()
                        .await(10, TimeUnit.SECONDS);
                assertEquals(403, refused.statusCode());
                assertEquals("admin_disabled", refused.bodyAsJsonObject().getJsonObject("error").getString("code"));
            } finally {
                client.close();
                closed.stop().await(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void put_needs_if_match_refuses_a_stale_one_lists_every_error_of_an_invalid_policy_and_records_who_and_why(
            Vertx vertx, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.json");
        try (RoutedGateway g = RoutedGateway.start(vertx, ab(50, 50), Map.of(), Optional.of(file),
                Optional.of(RoutedGateway.TOKEN), 4)) {
            HttpResponse<Buffer> get = g.admin(HttpMethod.GET, AdminApi.ROUTING).send().await(10, TimeUnit.SECONDS);
            assertEquals("\"1\"", get.getHeader("ETag"));

            HttpResponse<Buffer> noIfMatch = g.admin(HttpMethod.PUT, AdminApi.ROUTING)
                    .sendBuffer(Buffer.buffer(ab(60, 40))).await(10, TimeUnit.SECONDS);
            assertEquals(428, noIfMatch.statusCode());

            for (String weak : List.of("W/\"1\"", " W/\"1\" ", "W/\"0\"")) {
                HttpResponse<Buffer> refused = g.admin(HttpMethod.PUT, AdminApi.ROUTING).putHeader("If-Match", weak)
                        .sendBuffer(Buffer.buffer(ab(60, 40))).await(10, TimeUnit.SECONDS);
                assertEquals(412, refused.statusCode(), weak + " → " + refused.bodyAsString());
                assertEquals("precondition_failed",
                        refused.bodyAsJsonObject().getJsonObject("error").getString("code"));
                assertTrue(refused.bodyAsJsonObject().getJsonObject("error").getString("message").contains("weak"));
            }
            assertEquals(1, g.routing.store().current().version(), "a weak If-Match changed nothing");

            HttpResponse<Buffer> stale = g.admin(HttpMethod.PUT, AdminApi.ROUTING).putHeader("If-Match", "\"0\"")
                    .sendBuffer(Buffer.buffer(ab(60, 40))).await(10, TimeUnit.SECONDS);
            assertEquals(409, stale.statusCode());
            assertEquals("stale_version", stale.bodyAsJsonObject().getJsonObject("error").getString("code"));

            String invalid = """
                    {"providers": {"test:a": {"kind": "test"}},
                     "routes": [{"name": "docs", "match": {"task": ["document"]},
                       "variants": [{"name": "a", "provider": "test:a", "weight": -5},
                                    {"name": "b", "provider": "test:nope", "weight": 10}]}]}
                    """;
            HttpResponse<Buffer> bad = g.admin(HttpMethod.PUT, AdminApi.ROUTING).putHeader("If-Match", "\"1\"")
                    .sendBuffer(Buffer.buffer(invalid)).await(10, TimeUnit.SECONDS);
            assertEquals(422, bad.statusCode());
            Set<String> pointers = bad.bodyAsJsonObject().getJsonArray("errors").stream()
                    .map(JsonObject.class::cast).map(e -> e.getString("pointer")).collect(Collectors.toSet());
            assertTrue(pointers.containsAll(Set.of("/routes", "/routes/0/variants/0/weight",
                    "/routes/0/variants/1/provider")), pointers.toString());

            String unmakeable = ab(50, 50).replace("\"test:b\": {\"kind\": \"test\", \"latencyMs\": 1}",
                    "\"test:b\": {\"kind\": \"test\", \"mode\": \"sideways\"}");
            HttpResponse<Buffer> cannot = g.admin(HttpMethod.PUT, AdminApi.ROUTING).putHeader("If-Match", "\"1\"")
                    .sendBuffer(Buffer.buffer(unmakeable)).await(10, TimeUnit.SECONDS);
            assertEquals(422, cannot.statusCode(), cannot.bodyAsString());
            assertEquals("/providers/test:b", cannot.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0)
                    .getString("pointer"));

            HttpResponse<Buffer> ok = g.admin(HttpMethod.PUT, AdminApi.ROUTING).putHeader("If-Match", "\"1\"")
                    .putHeader("X-Admin-Actor", "alice").putHeader("X-Change-Reason", "more traffic to a")
                    .sendBuffer(Buffer.buffer(ab(60, 40))).await(10, TimeUnit.SECONDS);
            assertEquals(200, ok.statusCode(), ok.bodyAsString());
            assertEquals("\"2\"", ok.getHeader("ETag"));
            assertEquals(60, variant(ok.bodyAsJsonObject(), "ab", "a").getInteger("weight"));
            JsonObject change = lastChange(g);
            assertEquals("alice", change.getString("actor"));
            assertEquals("more traffic to a", change.getString("reason"));
            assertEquals("update", change.getString("action"));
            assertNotNull(change.getString("at"));
            assertFalse(change.getJsonArray("changes").isEmpty());
            assertEquals(2, PolicyFile.load(file).version(), "the accepted policy is saved");

            HttpResponse<Buffer> schema = g.admin(HttpMethod.GET, AdminApi.SCHEMA).send()
                    .await(10, TimeUnit.SECONDS);
            assertEquals("application/schema+json", schema.getHeader("Content-Type"));
            assertTrue(schema.bodyAsJsonObject().containsKey("$schema"));
        }
    }

    @Test
    void a_request_in_flight_finishes_on_the_policy_it_started_with_while_new_requests_get_the_new_one(Vertx vertx)
            throws Exception {
        // A cloud kind stood in by a provider that answers only when the test opens its gate.
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        TestProvider lines = TestProvider.fromConfig("cloud:gated", Map.of());
        OcrProvider gated = new OcrProvider() {
            @Override
            public ProviderInfo info() {
                return new ProviderInfo("cloud:gated", "textract", "gated", "1");
            }

            @Override
            public CompletionStage<OcrResult> analyze(OcrRequest request) {
                entered.countDown();
                return gate.thenCompose(open -> lines.analyze(request));
            }
        };
        ProviderFactory cloud = new ProviderFactory(vertx).with("textract", (vx, config) -> gated);
        String before = """
                {"providers": {"cloud:gated": {"kind": "textract", "region": "test-1"}, "test:new": {"kind": "test"}},
                 "routes": [{"name": "default", "match": {},
                   "variants": [{"name": "old", "provider": "cloud:gated", "weight": 100}]}]}
                """;
        String after = """
                {"providers": {"test:new": {"kind": "test"}},
                 "routes": [{"name": "default", "match": {},
                   "variants": [{"name": "new", "provider": "test:new", "weight": 100}]}]}
                """;
        try (RoutedGateway g = RoutedGateway.start(vertx, before, Map.of(), cloud, Optional.empty(),
                Optional.of(RoutedGateway.TOKEN), 4)) {
            assertEquals("CLOSED", g.getJson(AdminApi.STATS).getJsonObject("providers")
                    .getJsonObject("cloud:gated").getString("breakerState"));
            Future<HttpResponse<Buffer>> inFlight = g.analyze(null);
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the request never reached its provider");

            assertEquals(200, g.put(after).statusCode());
            HttpResponse<Buffer> fresh = g.analyzeNow(null);
            assertEquals("new", fresh.getHeader("X-Variant"));
            assertFalse(inFlight.isComplete(), "the request in flight was answered before its provider");

            gate.complete(null);
            HttpResponse<Buffer> old = inFlight.await(10, TimeUnit.SECONDS);
            assertEquals(200, old.statusCode(), old.bodyAsString());
            assertEquals("old", old.getHeader("X-Variant"));
            assertEquals("cloud:gated", old.getHeader("X-Provider"));
        }
    }

    @Test
    void a_policy_put_during_200_concurrent_requests_loses_none_of_them(Vertx vertx) throws Exception {
        String slower = ab(50, 50).replace("\"latencyMs\": 1", "\"latencyMs\": 20");
        try (RoutedGateway g = RoutedGateway.start(vertx, slower)) {
            Future<List<HttpResponse<Buffer>>> load = Load.run(200, 16, i -> g.analyze("tenant-" + i));
            List<Integer> puts = new ArrayList<>();
            for (int i = 0; i < 10 && !load.isComplete(); i++) {
                puts.add(g.put(i % 2 == 0 ? ab(70, 30) : ab(50, 50)).statusCode());
            }
            List<HttpResponse<Buffer>> responses = load.await(60, TimeUnit.SECONDS);
            assertFalse(puts.isEmpty(), "the load finished before any PUT");
            assertTrue(puts.stream().allMatch(s -> s == 200), puts.toString());
            assertEquals(200, responses.size());
            for (HttpResponse<Buffer> r : responses) {
                assertNotNull(r, "a request got no response");
                assertEquals(200, r.statusCode(), r.bodyAsString());
                assertTrue(Set.of("a", "b").contains(r.getHeader("X-Variant")));
            }
            assertEquals(1 + puts.size(), g.routing.store().current().version());
        }
    }
}
