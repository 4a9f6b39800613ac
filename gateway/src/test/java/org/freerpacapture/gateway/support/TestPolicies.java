package org.freerpacapture.gateway.support;

/** Routing policies over {@code test} providers, so a gateway serves without loading a local model. */
public final class TestPolicies {

    private TestPolicies() {
    }

    /** Route {@code ab}: variants a and b over two test providers with the weights given, sticky by tenant. */
    public static String ab(int a, int b) {
        return """
                {"providers": {"test:a": {"kind": "test", "latencyMs": 1}, "test:b": {"kind": "test", "latencyMs": 1}},
                 "routes": [{"name": "ab", "match": {},
                   "variants": [{"name": "a", "provider": "test:a", "weight": %d},
                                {"name": "b", "provider": "test:b", "weight": %d}],
                   "stickyBy": "header:X-Tenant-Id"}]}
                """.formatted(a, b);
    }

    /** One catch-all route to one test provider, {@code test:p}, as {@code provider} (its policy entry) says. */
    public static String single(String provider) {
        return "{\"providers\": {\"test:p\": " + provider + "}, \"routes\": [{\"name\": \"default\", \"match\": {},"
                + " \"variants\": [{\"name\": \"v\", \"provider\": \"test:p\", \"weight\": 1}]}]}";
    }
}
