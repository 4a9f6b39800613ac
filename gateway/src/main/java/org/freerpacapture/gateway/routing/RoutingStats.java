package org.freerpacapture.gateway.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The live statistics of every (route, variant) seen, created on first use. */
public final class RoutingStats {

    private record Key(String route, String variant) {
    }

    private final Clock clock;
    private final Map<Key, VariantStats> byVariant = new ConcurrentHashMap<>();

    public RoutingStats(Clock clock) {
        this.clock = clock;
    }

    /** The statistics to record into for one request's route and variant (see {@link Plan}). */
    public VariantStats of(String route, String variant) {
        Key key = new Key(route, variant);
        VariantStats stats = byVariant.get(key); // the common case, without computeIfAbsent's bin lock
        return stats != null ? stats : byVariant.computeIfAbsent(key, k -> new VariantStats(route, variant, clock));
    }

    /** Every variant's snapshot over {@code window}, ordered by route then variant: the body of /admin/stats. */
    public List<StatsSnapshot> snapshot(Duration window) {
        return byVariant.values().stream()
                .map(s -> s.snapshot(window))
                .sorted(Comparator.comparing(StatsSnapshot::route).thenComparing(StatsSnapshot::variant))
                .toList();
    }
}
