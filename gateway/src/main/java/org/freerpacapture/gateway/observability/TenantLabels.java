package org.freerpacapture.gateway.observability;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenant ids as metric label values, bounded: tenants come from the key file and the identity provider's tokens,
 * and a token's claim may carry any id, so past {@value #MAX} distinct tenants every new one is counted under
 * {@value #OTHER} and the number of series stays bounded.
 */
final class TenantLabels {

    static final int MAX = 100;
    static final String OTHER = "other";

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    String label(String tenant) {
        if (seen.contains(tenant)) {
            return tenant;
        }
        synchronized (seen) {
            if (seen.size() < MAX) {
                seen.add(tenant);
                return tenant;
            }
        }
        return OTHER;
    }
}
