package org.freerpacapture.gateway.routing;

import org.freerpacapture.gateway.routing.RoutingPolicy.Route;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every live canary's guard against its variant's own statistics and rolls back the ones in breach. Call
 * {@link #check()} periodically; every second is plenty. A check reads a few counters per canary; only a breach
 * writes, through {@link PolicyStore}, whose change listeners may block (saving the policy file): run it on a
 * worker, not an event loop, when such a listener is registered.
 */
public final class CanaryWatch {

    /** A canary this check rolled back. */
    public record RolledBack(String route, String variant, CanaryGuard.Breach breach, long version) {
    }

    private final PolicyStore store;
    private final RoutingStats stats;

    public CanaryWatch(PolicyStore store, RoutingStats stats) {
        this.store = store;
        this.stats = stats;
    }

    /** Judges each canary that takes traffic and has a guard; returns those rolled back by this call. */
    public List<RolledBack> check() {
        List<RolledBack> out = new ArrayList<>();
        for (Route route : store.current().routes()) {
            RoutingPolicy.Canary canary = route.canary();
            if (canary == null || canary.guard() == null
                    || route.variant(canary.variant()).map(v -> v.weight() == 0).orElse(true)) {
                continue;
            }
            Instant since = store.canarySince(route.name()).orElse(Instant.EPOCH);
            VariantStats variantStats = stats.of(route.name(), canary.variant());
            StatsSnapshot snapshot = variantStats.snapshot(canary.guard().windowDuration(), since);
            CanaryGuard.evaluate(canary.guard(), snapshot).ifPresent(breach -> {
                if (store.breach(route.name(), canary.variant(), breach) instanceof UpdateResult.Accepted a) {
                    variantStats.recordBreach();
                    out.add(new RolledBack(route.name(), canary.variant(), breach, a.policy().version()));
                }
            });
        }
        return List.copyOf(out);
    }
}
