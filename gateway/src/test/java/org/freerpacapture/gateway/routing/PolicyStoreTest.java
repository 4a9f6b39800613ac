package org.freerpacapture.gateway.routing;

import org.freerpacapture.gateway.routing.RoutingPolicy.Variant;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyStoreTest {

    private final TestClock clock = new TestClock();
    private final PolicyStore store = new PolicyStore(RoutingPolicy.parse(Policies.ab(50, 50)), clock);

    private static List<Integer> weights(RoutingPolicy p, String route) {
        return p.route(route).orElseThrow().variants().stream().map(Variant::weight).toList();
    }

    @Test
    void an_unversioned_initial_policy_becomes_version_1_and_is_in_the_history() {
        assertEquals(1, store.current().version());
        assertEquals(1, store.history().size());
        assertEquals("load", store.history().get(0).action());
    }

    @Test
    void an_invalid_initial_policy_is_refused() {
        RoutingPolicy broken = RoutingPolicy.parse(Policies.ab(50, 50)).withRoute(
                new RoutingPolicy.Route("default", null, List.of(new Variant("local", "nowhere", 1)),
                        null, null, null, null, null));
        assertThrows(InvalidPolicyException.class, () -> new PolicyStore(broken, clock));
    }

    @Test
    void an_update_on_the_current_version_is_accepted_with_the_next_version() {
        UpdateResult r = store.update(RoutingPolicy.parse(Policies.ab(70, 30)), 1, "alice", "more v4");
        UpdateResult.Accepted a = assertInstanceOf(UpdateResult.Accepted.class, r);
        assertEquals(2, a.policy().version());
        assertEquals(a.policy(), store.current());
        assertEquals(List.of(70, 30), weights(store.current(), "ab"));
        PolicyChange change = a.change();
        assertEquals("alice", change.actor());
        assertEquals("update", change.action());
        assertEquals("more v4", change.reason());
        assertEquals(clock.instant(), change.at());
        assertEquals(List.of("route ab: weights v4 50→70, v3 50→30"), change.changes());
    }

    @Test
    void an_update_on_a_stale_version_is_a_conflict_and_changes_nothing() {
        store.update(RoutingPolicy.parse(Policies.ab(70, 30)), 1, "alice", "");
        UpdateResult r = store.update(RoutingPolicy.parse(Policies.ab(10, 90)), 1, "bob", "");
        assertEquals(new UpdateResult.Conflict(2, 1), r);
        assertEquals(List.of(70, 30), weights(store.current(), "ab"));
    }

    @Test
    void an_invalid_update_is_rejected_with_all_its_errors() {
        RoutingPolicy p = RoutingPolicy.parse(Policies.ab(50, 50));
        RoutingPolicy bad = p.withRoute(p.route("ab").orElseThrow().withVariants(List.of(
                new Variant("v4", "onnx:ppocr-v4", 0), new Variant("v3", "gone", 0))));
        UpdateResult.Rejected r = assertInstanceOf(UpdateResult.Rejected.class, store.update(bad, 1, "a", ""));
        assertEquals(List.of("/routes/0/variants", "/routes/0/variants/1/provider"),
                r.errors().stream().map(ValidationError::pointer).toList());
        assertEquals(1, store.current().version());
    }

    @Test
    void concurrent_updates_on_the_same_version_let_exactly_one_through() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<UpdateResult>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int w = 10 + i;
            results.add(pool.submit(() -> store.update(RoutingPolicy.parse(Policies.ab(w, 100 - w)), 1, "x", "")));
        }
        int accepted = 0;
        for (Future<UpdateResult> f : results) {
            if (f.get(30, TimeUnit.SECONDS) instanceof UpdateResult.Accepted) {
                accepted++;
            }
        }
        pool.shutdown();
        assertEquals(1, accepted);
        assertEquals(2, store.current().version());
    }

    @Test
    void starting_a_canary_gives_it_its_percent_and_shares_the_rest_in_proportion() {
        store.update(RoutingPolicy.parse(Policies.ab(80, 20)), 1, "a", "");
        UpdateResult.Accepted a = assertInstanceOf(UpdateResult.Accepted.class,
                store.startCanary("ab", "v3", 10, "carol"));
        // the others (v4 alone) share 90
        assertEquals(List.of(90, 10), weights(a.policy(), "ab"));
        assertEquals("v3", a.policy().route("ab").orElseThrow().canary().variant());
        assertEquals("canary", a.change().action());
        assertEquals(clock.instant(), store.canarySince("ab").orElseThrow());
        assertTrue(a.change().changes().contains("route ab: canary v3 without guard"), a.change().changes().toString());
    }

    @Test
    void canary_requests_are_checked() {
        assertInstanceOf(UpdateResult.NotFound.class, store.startCanary("nope", "v3", 10, "c"));
        UpdateResult.Rejected unknownVariant = assertInstanceOf(UpdateResult.Rejected.class,
                store.startCanary("ab", "v9", 10, "c"));
        assertEquals("/variant", unknownVariant.errors().get(0).pointer());
        UpdateResult.Rejected badPercent = assertInstanceOf(UpdateResult.Rejected.class,
                store.startCanary("ab", "v3", 101, "c"));
        assertEquals("/percent", badPercent.errors().get(0).pointer());
        assertInstanceOf(UpdateResult.Rejected.class, store.startCanary("default", "local", 10, "c"),
                "a single-variant route has nobody to share with");
        assertInstanceOf(UpdateResult.NotFound.class, store.promote("ab", "c"), "no canary to promote");
        assertInstanceOf(UpdateResult.NotFound.class, store.rollback("ab", "c", ""), "no canary to roll back");
        assertEquals(1, store.current().version());
    }

    @Test
    void promote_gives_the_canary_all_traffic_and_ends_the_canary() {
        store.startCanary("ab", "v3", 10, "c");
        UpdateResult.Accepted a = assertInstanceOf(UpdateResult.Accepted.class, store.promote("ab", "dave"));
        assertEquals(List.of(0, 100), weights(a.policy(), "ab"));
        assertNull(a.policy().route("ab").orElseThrow().canary());
        assertTrue(store.canarySince("ab").isEmpty());
    }

    @Test
    void rollback_sets_the_canary_to_zero_and_records_why() {
        store.startCanary("ab", "v3", 10, "c");
        UpdateResult.Accepted a = assertInstanceOf(UpdateResult.Accepted.class,
                store.rollback("ab", "erin", "latency"));
        assertEquals(List.of(90, 0), weights(a.policy(), "ab"));
        assertEquals("v3", a.policy().route("ab").orElseThrow().canary().variant());
        assertEquals("latency", store.history().get(store.history().size() - 1).reason());
        assertTrue(store.canarySince("ab").isEmpty(), "a canary without traffic is not live");
    }

    @Test
    void a_canary_keeps_its_start_time_while_reweighted_and_gets_a_new_one_after_a_rollback() {
        store.startCanary("ab", "v3", 10, "c");
        var started = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        store.startCanary("ab", "v3", 20, "c");
        assertEquals(started, store.canarySince("ab").orElseThrow());
        store.rollback("ab", "c", "");
        clock.advance(Duration.ofMinutes(1));
        store.startCanary("ab", "v3", 5, "c");
        assertEquals(clock.instant(), store.canarySince("ab").orElseThrow());
    }

    @Test
    void history_is_bounded_and_oldest_first() {
        PolicyStore small = new PolicyStore(RoutingPolicy.parse(Policies.ab(50, 50)), clock, 3);
        for (int i = 1; i <= 5; i++) {
            small.update(RoutingPolicy.parse(Policies.ab(50 + i, 50 - i)), i, "a", "step " + i);
        }
        List<PolicyChange> h = small.history();
        assertEquals(List.of(4L, 5L, 6L), h.stream().map(PolicyChange::version).toList());
        assertEquals("step 5", h.get(2).reason());
    }

    @Test
    void listeners_see_every_accepted_change_in_order_and_a_failing_listener_does_not_stop_the_change() {
        List<Long> seen = new ArrayList<>();
        store.onChange(c -> {
            throw new IllegalStateException("disk full");
        });
        store.onChange(c -> seen.add(c.version()));
        store.update(RoutingPolicy.parse(Policies.ab(60, 40)), 1, "a", "");
        store.update(RoutingPolicy.parse(Policies.ab(60, 40)), 1, "a", ""); // stale: no event
        store.startCanary("ab", "v3", 10, "a");
        assertEquals(List.of(2L, 3L), seen);
        assertEquals(3, store.current().version());
    }

    @Test
    void the_diff_names_providers_routes_and_order() {
        RoutingPolicy base = RoutingPolicy.parse(Policies.architectureExample());
        PolicyStore s = new PolicyStore(base, clock);
        RoutingPolicy reordered = new RoutingPolicy(0, base.providers(), List.of(base.routes().get(0),
                base.routes().get(1)));
        assertEquals(List.of("no change"), PolicyDiff.summarize(base, reordered));
        RoutingPolicy changed = RoutingPolicy.defaultPolicy();
        List<String> diff = PolicyDiff.summarize(base, changed);
        assertTrue(diff.contains("provider textract:eu-west-1 removed"), diff.toString());
        assertTrue(diff.contains("provider onnx:ppocr-v3 added (onnx)"), diff.toString());
        assertTrue(diff.contains("route eu-documents removed"), diff.toString());
        assertEquals(7, s.current().version());
    }

    @Test
    void a_published_change_is_installed_with_its_own_version_into_history_and_listeners_once() {
        List<Long> seen = new ArrayList<>();
        store.onChange(c -> seen.add(c.version()));
        Instant at = clock.instant().minusSeconds(5);
        RoutingPolicy seven = RoutingPolicy.parse(Policies.ab(70, 30)).withVersion(7);

        UpdateResult.Accepted a = store.install(seven, "bob", "update", "from another replica", at).orElseThrow();
        assertEquals(seven, a.policy());
        assertEquals(seven, store.current());
        assertEquals(List.of(7L), seen);
        PolicyChange change = store.history().get(store.history().size() - 1);
        assertEquals("bob", change.actor());
        assertEquals("from another replica", change.reason());
        assertEquals(at, change.at());
        assertEquals(List.of("route ab: weights v4 50→70, v3 50→30"), change.changes());

        assertTrue(store.install(seven, "bob", "update", "", at).isEmpty(), "already in force");
        assertEquals(List.of(7L), seen);
        assertThrows(InvalidPolicyException.class, () -> store.install(new RoutingPolicy(8, Map.of(), List.of()),
                "bob", "update", "", at));
    }

    @Test
    void when_shared_a_checked_change_is_proposed_on_the_version_in_force_and_not_put_in_force_here() {
        List<PolicyStore.Proposal> proposed = new ArrayList<>();
        store.publishThrough(p -> {
            proposed.add(p);
            return new UpdateResult.Unavailable("the topic is away", Duration.ofSeconds(5));
        });

        UpdateResult r = store.update(RoutingPolicy.parse(Policies.ab(70, 30)), 1, "alice", "more v4");
        assertInstanceOf(UpdateResult.Unavailable.class, r);
        assertEquals(1, store.current().version(), "nothing is put in force by the replica itself");
        assertInstanceOf(UpdateResult.Unavailable.class, store.startCanary("ab", "v3", 10, "carol"));

        assertEquals(2, proposed.size());
        PolicyStore.Proposal first = proposed.get(0);
        assertEquals(1, first.parent());
        assertEquals(2, first.policy().version());
        assertEquals(List.of(70, 30), weights(first.policy(), "ab"));
        assertEquals("alice", first.actor());
        assertEquals("update", first.action());
        assertEquals("more v4", first.reason());
        assertEquals(clock.instant(), first.at());
        assertEquals("canary", proposed.get(1).action());
        assertEquals(List.of(90, 10), weights(proposed.get(1).policy(), "ab"));

        // Refusals stay local and immediate.
        assertInstanceOf(UpdateResult.Conflict.class, store.update(RoutingPolicy.parse(Policies.ab(1, 99)), 0,
                "alice", ""));
        assertInstanceOf(UpdateResult.NotFound.class, store.promote("nowhere", "alice"));
        assertInstanceOf(UpdateResult.Rejected.class, store.startCanary("ab", "v9", 10, "alice"));
        assertEquals(2, proposed.size());
    }
}
