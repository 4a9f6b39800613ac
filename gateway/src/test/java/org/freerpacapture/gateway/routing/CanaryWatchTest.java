package org.freerpacapture.gateway.routing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanaryWatchTest {

    private final TestClock clock = new TestClock();
    private final RoutingStats stats = new RoutingStats(clock);
    private final PolicyStore store = new PolicyStore(RoutingPolicy.parse(Policies.ab(50, 50)), clock);
    private final CanaryWatch watch = new CanaryWatch(store, stats);
    private static final RoutingPolicy.Guard GUARD = new RoutingPolicy.Guard(0.05, 2000L, null, 50, "1m");

    private void traffic(int requests, int errors, long latencyMs) {
        VariantStats canary = stats.of("ab", "v3");
        for (int i = 0; i < requests; i++) {
            canary.recordRequest(Duration.ofMillis(latencyMs), i < errors);
        }
    }

    @Test
    void a_breach_sets_the_canary_weight_to_zero_by_itself_and_is_recorded() {
        store.startCanary("ab", "v3", 20, GUARD, "ops");
        clock.advance(Duration.ofSeconds(10));
        traffic(100, 10, 50);

        List<CanaryWatch.RolledBack> rolled = watch.check();

        assertEquals(1, rolled.size());
        assertEquals(CanaryGuard.Reason.ERROR_RATE, rolled.get(0).breach().reason());
        RoutingPolicy p = store.current();
        assertEquals(0, p.route("ab").orElseThrow().variant("v3").orElseThrow().weight());
        assertEquals(80, p.route("ab").orElseThrow().variant("v4").orElseThrow().weight());
        PolicyChange last = store.history().get(store.history().size() - 1);
        assertEquals(PolicyStore.GUARD_ACTOR, last.actor());
        assertEquals("breach", last.action());
        assertTrue(last.reason().startsWith("error rate 0.1000 above 0.0500"), last.reason());
        assertEquals(1, stats.of("ab", "v3").snapshot(Duration.ofMinutes(1)).canaryBreaches());
        assertEquals(List.of(), watch.check(), "a rolled-back canary is not judged again");
    }

    @Test
    void a_healthy_canary_or_one_below_min_requests_is_left_alone() {
        store.startCanary("ab", "v3", 20, GUARD, "ops");
        clock.advance(Duration.ofSeconds(10));
        traffic(49, 49, 50);
        assertEquals(List.of(), watch.check(), "49 failures are below minRequests 50");
        clock.advance(Duration.ofMinutes(2)); // those leave the 1m window
        traffic(200, 0, 50);
        assertEquals(List.of(), watch.check());
        assertEquals(20, store.current().route("ab").orElseThrow().variant("v3").orElseThrow().weight());
    }

    @Test
    void slow_canaries_breach_on_p99() {
        store.startCanary("ab", "v3", 20, GUARD, "ops");
        clock.advance(Duration.ofSeconds(10));
        traffic(100, 0, 3000);
        assertEquals(CanaryGuard.Reason.P99_LATENCY, watch.check().get(0).breach().reason());
    }

    @Test
    void a_restarted_canary_is_judged_on_its_new_traffic_only() {
        store.startCanary("ab", "v3", 20, GUARD, "ops");
        clock.advance(Duration.ofSeconds(10));
        traffic(100, 100, 50);
        assertEquals(1, watch.check().size());

        clock.advance(Duration.ofSeconds(10));
        store.startCanary("ab", "v3", 20, "ops");
        clock.advance(Duration.ofSeconds(10));
        traffic(100, 0, 50);
        assertEquals(List.of(), watch.check(), "the failed requests before the restart are not counted");
    }

    @Test
    void without_a_guard_nothing_is_judged() {
        store.startCanary("ab", "v3", 20, "ops");
        clock.advance(Duration.ofSeconds(10));
        traffic(500, 500, 50);
        assertEquals(List.of(), watch.check());
    }
}
