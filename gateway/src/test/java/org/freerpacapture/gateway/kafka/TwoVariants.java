package org.freerpacapture.gateway.kafka;

import org.freerpacapture.gateway.routing.RoutingPolicy;

/** Policies over two {@code test} providers, so replicas start without loading a local model. */
final class TwoVariants {

    private TwoVariants() {
    }

    /** Route {@code ab}: variants a and b with the weights given, sticky by {@code X-Tenant-Id}. */
    static String json(int a, int b) {
        return """
                {"providers": {"test:a": {"kind": "test", "latencyMs": 1}, "test:b": {"kind": "test", "latencyMs": 1}},
                 "routes": [{"name": "ab", "match": {},
                   "variants": [{"name": "a", "provider": "test:a", "weight": %d},
                                {"name": "b", "provider": "test:b", "weight": %d}],
                   "stickyBy": "header:X-Tenant-Id"}]}
                """.formatted(a, b);
    }

    static RoutingPolicy policy(int a, int b) {
        return RoutingPolicy.parse(json(a, b));
    }
}
