package org.freerpacapture.gateway.routing;

import org.freerpacapture.gateway.routing.RoutingPolicy.Route;
import org.freerpacapture.gateway.routing.RoutingPolicy.Variant;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CanaryWeightsTest {

    private static Route route(int... weights) {
        List<Variant> vs = new java.util.ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            vs.add(new Variant("v" + i, "p" + i, weights[i]));
        }
        return new Route("r", null, vs, null, null, null, null, null);
    }

    private static int[] weights(Route r) {
        return r.variants().stream().mapToInt(Variant::weight).toArray();
    }

    @Test
    void the_others_share_the_rest_in_proportion_to_their_weights() {
        Route r = CanaryWeights.start(route(60, 30, 10), "v2", 20, null);
        assertArrayEquals(new int[]{53, 27, 20}, weights(r)); // 80 × 60/90 = 53.3, 80 × 30/90 = 26.7
        assertEquals("v2", r.canary().variant());
        assertEquals(100, r.totalWeight());
    }

    @Test
    void others_with_no_weight_share_equally() {
        assertArrayEquals(new int[]{10, 45, 45}, weights(CanaryWeights.start(route(100, 0, 0), "v0", 10, null)));
    }

    @Test
    void largest_remainder_keeps_the_sum_exact_and_ties_go_to_the_first_declared() {
        assertArrayEquals(new int[]{34, 33, 33}, CanaryWeights.shareOut(100, route(1, 1, 1).variants()));
        assertArrayEquals(new int[]{0, 0}, CanaryWeights.shareOut(0, route(5, 5).variants()));
    }

    @Test
    void starting_keeps_the_existing_guard_unless_a_new_one_is_given() {
        RoutingPolicy.Guard g = new RoutingPolicy.Guard(0.1, null, null, null, null);
        Route guarded = route(50, 50).withCanary(new RoutingPolicy.Canary("v1", g, null));
        assertEquals(g, CanaryWeights.start(guarded, "v1", 5, null).canary().guard());
        RoutingPolicy.Guard h = new RoutingPolicy.Guard(null, 100L, null, null, null);
        assertEquals(h, CanaryWeights.start(guarded, "v1", 5, h).canary().guard());
    }

    @Test
    void promote_gives_the_canary_everything_and_ends_it() {
        Route r = CanaryWeights.promote(CanaryWeights.start(route(70, 30), "v1", 10, null));
        assertArrayEquals(new int[]{0, 100}, weights(r));
        assertNull(r.canary());
    }

    @Test
    void rollback_zeroes_the_canary_and_keeps_the_others() {
        Route r = CanaryWeights.rollback(CanaryWeights.start(route(70, 30), "v1", 10, null));
        assertArrayEquals(new int[]{90, 0}, weights(r));
        assertEquals("v1", r.canary().variant());
    }
}
