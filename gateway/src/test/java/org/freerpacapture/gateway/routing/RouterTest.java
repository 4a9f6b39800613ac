package org.freerpacapture.gateway.routing;

import org.freerpacapture.gateway.routing.RoutingPolicy.Route;
import org.freerpacapture.ocr.Task;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouterTest {

    private final Router router = new Router();

    private static RequestAttributes tenant(String tenant) {
        return RequestAttributes.of(Task.DOCUMENT, "req-" + tenant).withHeaders(Map.of("X-Tenant-Id", tenant));
    }

    private Map<String, String> assign(RoutingPolicy policy, int keys) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < keys; i++) {
            String key = "tenant-" + i;
            out.put(key, router.route(policy, tenant(key)).variant());
        }
        return out;
    }

    @Test
    void match_tenant_takes_only_the_tenants_it_names_and_a_policy_without_it_ignores_the_tenant() {
        RoutingPolicy policy = RoutingPolicy.parse("""
                {"providers": {"onnx:ppocr-v4": {"kind": "onnx", "model": "ppocr-v4"},
                               "onnx:ppocr-v3": {"kind": "onnx", "model": "ppocr-v3"}},
                 "routes": [{"name": "finance", "match": {"tenant": ["finance", "audit"]},
                             "variants": [{"name": "v3", "provider": "onnx:ppocr-v3", "weight": 1}]},
                            {"name": "default", "match": {},
                             "variants": [{"name": "v4", "provider": "onnx:ppocr-v4", "weight": 1}]}]}
                """);
        RequestAttributes request = RequestAttributes.of(Task.DOCUMENT, "r-1");
        assertEquals("finance", router.route(policy, request.withTenant("finance")).route());
        assertEquals("finance", router.route(policy, request.withTenant("audit")).route());
        assertEquals("default", router.route(policy, request.withTenant("Finance")).route(), "ids are exact");
        assertEquals("default", router.route(policy, request.withTenant("default")).route());
        assertEquals("default", router.route(policy, request).route(), "no tenant known: no tenant match");

        RoutingPolicy without = RoutingPolicy.parse(Policies.ab(50, 50));
        for (int i = 0; i < 50; i++) {
            RequestAttributes r = tenant("t-" + i);
            assertEquals(router.route(without, r), router.route(without, r.withTenant("finance")));
        }
    }

    @Test
    void a_50_50_split_over_1000_sticky_keys_lands_within_45_to_55_percent() {
        Map<String, String> assigned = assign(RoutingPolicy.parse(Policies.ab(50, 50)), 1000);
        long v4 = assigned.values().stream().filter("v4"::equals).count();
        assertTrue(v4 >= 450 && v4 <= 550, "v4 got " + v4 + " of 1000");
    }

    @Test
    void the_same_key_always_gets_the_same_variant() {
        RoutingPolicy policy = RoutingPolicy.parse(Policies.ab(50, 50));
        for (int i = 0; i < 200; i++) {
            String key = "tenant-" + i;
            String first = router.route(policy, tenant(key)).variant();
            for (int repeat = 0; repeat < 5; repeat++) {
                // a different request id each time: the sticky key decides, not the request
                RequestAttributes again = RequestAttributes.of(Task.DOCUMENT, "other-" + repeat)
                        .withHeaders(Map.of("x-tenant-id", key));
                assertEquals(first, router.route(policy, again).variant());
            }
        }
    }

    @Test
    void moving_10_percent_of_weight_moves_8_to_12_percent_of_keys_and_only_towards_the_gainer() {
        Map<String, String> before = assign(RoutingPolicy.parse(Policies.ab(50, 50)), 1000);
        Map<String, String> after = assign(RoutingPolicy.parse(Policies.ab(60, 40)), 1000);
        long moved = before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k))).count();
        assertTrue(moved >= 80 && moved <= 120, moved + " of 1000 keys moved");
        assertTrue(before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k)))
                .allMatch(k -> after.get(k).equals("v4")), "keys only move to the variant that gained weight");
    }

    @Test
    void scaling_all_weights_moves_no_key() {
        Map<String, String> before = assign(RoutingPolicy.parse(Policies.ab(50, 50)), 500);
        Map<String, String> after = assign(RoutingPolicy.parse(Policies.ab(5, 5)), 500);
        assertEquals(before, after);
    }

    @Test
    void without_the_sticky_header_the_request_id_decides() {
        RoutingPolicy policy = RoutingPolicy.parse(Policies.ab(50, 50));
        Plan plan = router.route(policy, RequestAttributes.of(Task.DOCUMENT, "r-1"));
        assertEquals("r-1", plan.stickyKey());
        long v4 = 0;
        for (int i = 0; i < 1000; i++) {
            if (router.route(policy, RequestAttributes.of(Task.DOCUMENT, "r-" + i)).variant().equals("v4")) {
                v4++;
            }
        }
        assertTrue(v4 >= 450 && v4 <= 550, "v4 got " + v4);
    }

    @Test
    void sticky_by_query_parameter() {
        RoutingPolicy policy = RoutingPolicy.parse(Policies.ab(50, 50).replace("header:X-Tenant-Id", "query:bot"));
        Plan plan = router.route(policy, RequestAttributes.of(Task.DOCUMENT, "r-9").withQuery(Map.of("bot", "b-7")));
        assertEquals("b-7", plan.stickyKey());
    }

    @Test
    void a_zero_weight_variant_never_serves() {
        RoutingPolicy policy = RoutingPolicy.parse(Policies.ab(100, 0));
        assertTrue(assign(policy, 500).values().stream().allMatch("v4"::equals));
    }

    @Test
    void the_first_matching_route_wins_and_the_catch_all_takes_the_rest() {
        RoutingPolicy policy = RoutingPolicy.parse(Policies.architectureExample());
        RequestAttributes eu = RequestAttributes.of(Task.DOCUMENT, "r").withRegion("EU-WEST")
                .withHeaders(Map.of("x-tenant-id", "acme"));
        assertEquals("eu-documents", router.route(policy, eu).route());
        assertEquals("default", router.route(policy, eu.withRegion("us-east")).route());
        assertEquals("default", router.route(policy, eu.withHeaders(Map.of("X-Tenant-Id", "initech"))).route());
        assertEquals("default", router.route(policy, eu.withHeaders(Map.of())).route());
        assertEquals("default", router.route(policy, RequestAttributes.of(Task.SCREEN, "r").withRegion("eu-west")
                .withHeaders(Map.of("X-Tenant-Id", "acme"))).route());
        assertEquals(7, router.route(policy, eu).policyVersion());
    }

    @Test
    void content_type_and_page_count_matches() {
        RoutingPolicy.Match m = new RoutingPolicy.Match(List.of(), List.of(), Map.of(),
                List.of("image/*", "application/pdf"), new RoutingPolicy.PageCount(2, 10));
        RequestAttributes base = RequestAttributes.of(Task.DOCUMENT, "r");
        assertTrue(Router.matches(m, base.withContentType("Image/PNG").withPageCount(2)));
        assertTrue(Router.matches(m, base.withContentType("application/pdf; charset=binary").withPageCount(10)));
        assertFalse(Router.matches(m, base.withContentType("application/pdf").withPageCount(11)));
        assertFalse(Router.matches(m, base.withContentType("application/pdf").withPageCount(1)));
        assertFalse(Router.matches(m, base.withContentType("text/plain").withPageCount(3)));
        assertFalse(Router.matches(m, base.withContentType("image/png")), "an unknown page count fails a bound");
        assertFalse(Router.matches(m, base.withPageCount(3)), "a missing content type fails a content-type match");
    }

    @Test
    void the_plan_names_the_canary_cascade_and_fallback_without_the_primary() {
        RoutingPolicy policy = RoutingPolicy.parse(Policies.architectureExample());
        boolean sawCanary = false;
        boolean sawLocal = false;
        for (String tenant : List.of("acme", "globex")) {
            for (int i = 0; i < 50; i++) {
                RequestAttributes a = RequestAttributes.of(Task.DOCUMENT, "r-" + i).withRegion("eu-west")
                        .withHeaders(Map.of("X-Tenant-Id", tenant));
                Plan plan = router.route(policy, a);
                assertEquals(plan.variant().equals("azure"), plan.canary());
                assertFalse(plan.fallback().contains(plan.provider()));
                if (plan.variant().equals("azure")) {
                    sawCanary = true;
                    assertEquals("azure:westeurope", plan.provider());
                    assertEquals(List.of("onnx:ppocr-v4"), plan.fallback());
                    assertEquals(Optional.empty(), plan.cascade(), "escalating to itself is pointless");
                } else {
                    sawLocal = true;
                    assertEquals(List.of(), plan.fallback());
                    assertEquals(0.85, plan.cascade().orElseThrow().minConfidence());
                    assertEquals("azure:westeurope", plan.cascade().orElseThrow().escalateTo());
                }
            }
        }
        assertTrue(sawLocal || sawCanary);
    }

    @Test
    void shadow_sampling_is_deterministic_per_request_and_close_to_its_percent() {
        RoutingPolicy policy = RoutingPolicy.parse(Policies.architectureExample().replace("\"percent\": 5",
                "\"percent\": 20"));
        int shadowed = 0;
        for (int i = 0; i < 2000; i++) {
            RequestAttributes a = RequestAttributes.of(Task.DOCUMENT, "req-" + i).withRegion("eu-west")
                    .withHeaders(Map.of("X-Tenant-Id", "acme"));
            Plan plan = router.route(policy, a);
            assertEquals(plan, router.route(policy, a));
            if (plan.shadow().isPresent()) {
                assertEquals("textract:eu-west-1", plan.shadow().get());
                shadowed++;
            }
        }
        assertTrue(shadowed >= 340 && shadowed <= 460, shadowed + " of 2000 shadowed at 20%");
    }

    @Test
    void a_shadow_at_0_percent_never_samples_and_at_100_always() {
        String zero = Policies.architectureExample().replace("\"percent\": 5", "\"percent\": 0");
        String all = Policies.architectureExample().replace("\"percent\": 5", "\"percent\": 100");
        for (int i = 0; i < 300; i++) {
            RequestAttributes a = RequestAttributes.of(Task.DOCUMENT, "q-" + i).withRegion("eu-west")
                    .withHeaders(Map.of("X-Tenant-Id", "globex"));
            assertTrue(router.route(RoutingPolicy.parse(zero), a).shadow().isEmpty());
            assertTrue(router.route(RoutingPolicy.parse(all), a).shadow().isPresent());
        }
    }

    @Test
    void different_routes_split_the_same_key_independently() {
        RoutingPolicy.Route one = RoutingPolicy.parse(Policies.ab(50, 50)).routes().get(0);
        RoutingPolicy.Route two = new RoutingPolicy.Route("other", null, one.variants(), null, null, null, null, null);
        int same = 0;
        for (int i = 0; i < 1000; i++) {
            if (Router.pick(one, "k" + i).equals(Router.pick(two, "k" + i))) {
                same++;
            }
        }
        assertNotEquals(1000, same);
        assertTrue(same > 400 && same < 600, same + " keys agreed across routes");
    }

    @Test
    void the_hash_is_stable_across_runs() {
        // Values computed independently (FNV-1a 64 then MurmurHash3 fmix64): a change here would move every
        // tenant on every replica.
        assertEquals(0xefd01f60ba992926L, StickyHash.hash64(""));
        assertEquals(0x3a25b6656ba9cfc6L, StickyHash.hash64("acme"));
    }

    /** A cloud route with a cloud shadow, a cloud cascade and a cloud fallback before a local one. */
    private static RoutingPolicy budgeted(String onBudgetExhausted) {
        return RoutingPolicy.parse("""
                {"providers": {
                   "cloud:a": {"kind": "textract", "region": "eu-west-1"},
                   "cloud:b": {"kind": "textract", "region": "eu-west-1"},
                   "onnx:ppocr-v3": {"kind": "onnx", "model": "ppocr-v3"},
                   "onnx:ppocr-v4": {"kind": "onnx", "model": "ppocr-v4"}},
                 "routes": [{"name": "cloud", "variants": [{"name": "a", "provider": "cloud:a", "weight": 1}],
                             "shadow": {"provider": "cloud:b", "percent": 100},
                             "cascade": {"minConfidence": 0.9, "escalateTo": "cloud:b"},
                             "fallback": ["cloud:b", "onnx:ppocr-v4"]%s}]}
                """.formatted(onBudgetExhausted == null ? "" : ", \"onBudgetExhausted\": \"" + onBudgetExhausted
                + "\""));
    }

    private static final BudgetState SPENT = BudgetState.exhausted(Set.of("cloud:a", "cloud:b"));

    @Test
    void within_budget_the_plan_is_the_policys_own() {
        Plan plan = router.route(budgeted(null), tenant("acme"), BudgetState.AVAILABLE);
        assertEquals("cloud:a", plan.provider());
        assertEquals(Optional.of("cloud:b"), plan.shadow());
        assertEquals(List.of("cloud:b", "onnx:ppocr-v4"), plan.fallback());
        assertEquals(null, plan.budget());
        assertEquals(plan, router.route(budgeted(null), tenant("acme")));
    }

    @Test
    void a_spent_budget_reads_with_the_routes_local_provider_and_leaves_every_paid_one_out() {
        Plan plan = router.route(budgeted(null), tenant("acme"), SPENT);

        assertEquals("a", plan.variant(), "the variant stays, so the answer names what the route chose");
        assertEquals("onnx:ppocr-v4", plan.provider(), "the route's first local provider (its fallback)");
        assertEquals(Optional.empty(), plan.shadow());
        assertEquals(Optional.empty(), plan.cascade());
        assertEquals(List.of(), plan.fallback(), "the paid fallback is out, the local one now reads first");
        assertEquals(new BudgetDetour("cloud:a", true, false, null), plan.budget());
        assertFalse(plan.refusedOverBudget());
    }

    @Test
    void without_a_local_provider_in_the_route_the_policys_first_local_provider_reads() {
        RoutingPolicy policy = budgeted(null);
        Route route = policy.routes().get(0);
        RoutingPolicy cloudOnly = policy.withRoute(new Route(route.name(), route.match(), route.variants(), null,
                null, null, null, List.of("cloud:b")));

        Plan plan = router.route(cloudOnly, tenant("acme"), SPENT);

        assertEquals("onnx:ppocr-v3", plan.provider(), "the first onnx provider the policy declares");
        assertEquals(List.of(), plan.fallback());
    }

    @Test
    void a_route_that_refuses_is_planned_as_refused_with_the_reason() {
        Plan plan = router.route(budgeted("refuse"), tenant("acme"), SPENT);
        assertTrue(plan.refusedOverBudget());
        assertEquals("cloud:a", plan.budget().instead());
        assertTrue(plan.budget().reason().contains("route 'cloud' refuses"), plan.budget().reason());
    }

    @Test
    void a_local_variant_keeps_reading_and_only_its_paid_cascade_is_left_out() {
        RoutingPolicy policy = budgeted("refuse");
        Route route = policy.routes().get(0);
        RoutingPolicy local = policy.withRoute(route.withVariants(
                List.of(new RoutingPolicy.Variant("local", "onnx:ppocr-v3", 1))));
        Plan plan = router.route(local, tenant("acme"), SPENT);
        assertFalse(plan.refusedOverBudget(), "refuse is for requests a paid provider would read");
        assertEquals("onnx:ppocr-v3", plan.provider());
        assertEquals(Optional.empty(), plan.cascade());
        assertEquals(List.of("onnx:ppocr-v4"), plan.fallback());
        assertEquals(new BudgetDetour("cloud:b", false, false, null), plan.budget());
    }
}
