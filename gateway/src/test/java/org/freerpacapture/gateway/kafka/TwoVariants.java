package org.freerpacapture.gateway.kafka;

import org.freerpacapture.gateway.routing.RoutingPolicy;
import org.freerpacapture.gateway.support.TestPolicies;

/** Policies over two {@code test} providers, so replicas start without loading a local model. */
final class TwoVariants {

    private TwoVariants() {
    }

    /** Route {@code ab}: variants a and b with the weights given, sticky by {@code X-Tenant-Id}. */
    static String json(int a, int b) {
        return TestPolicies.ab(a, b);
    }

    static RoutingPolicy policy(int a, int b) {
        return RoutingPolicy.parse(json(a, b));
    }
}
