package org.freerpacapture.gateway.routing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VariantStatsTest {

    private final TestClock clock = new TestClock();
    private final VariantStats stats = new VariantStats("r", "v", clock);

    @Test
    void counts_requests_errors_and_error_rate_in_the_window() {
        for (int i = 0; i < 100; i++) {
            stats.recordRequest(Duration.ofMillis(10), i < 5);
        }
        StatsSnapshot s = stats.snapshot(Duration.ofMinutes(1));
        assertEquals(100, s.requests());
        assertEquals(5, s.errors());
        assertEquals(0.05, s.errorRate(), 1e-12);
        assertEquals(60, s.windowSeconds());
        assertEquals("r", s.route());
        assertEquals("v", s.variant());
    }

    @Test
    void percentiles_are_within_the_histograms_precision() {
        // 1..1000 ms, one each: p50 ≈ 500, p95 ≈ 950, p99 ≈ 990
        for (int ms = 1; ms <= 1000; ms++) {
            stats.recordRequest(Duration.ofMillis(ms), false);
        }
        StatsSnapshot s = stats.snapshot(Duration.ofMinutes(1));
        assertEquals(500, s.p50Ms(), 500 * 0.07);
        assertEquals(950, s.p95Ms(), 950 * 0.07);
        assertEquals(990, s.p99Ms(), 990 * 0.07);
    }

    @Test
    void old_buckets_leave_the_window() {
        stats.recordRequest(Duration.ofMillis(5000), true);
        clock.advance(Duration.ofSeconds(30));
        stats.recordRequest(Duration.ofMillis(5), false);
        assertEquals(2, stats.snapshot(Duration.ofMinutes(1)).requests());
        assertEquals(1, stats.snapshot(Duration.ofSeconds(10)).requests());
        clock.advance(Duration.ofMinutes(1));
        StatsSnapshot later = stats.snapshot(Duration.ofMinutes(1));
        assertEquals(0, later.requests());
        assertEquals(0, later.p99Ms());
        assertEquals(2, later.totalRequests(), "totals keep counting since start");
        assertEquals(1, later.totalErrors());
    }

    @Test
    void a_slot_reused_after_the_horizon_starts_empty() {
        stats.recordRequest(Duration.ofMillis(1), true);
        clock.advance(VariantStats.HORIZON.plus(VariantStats.BUCKET));
        stats.recordRequest(Duration.ofMillis(1), false);
        StatsSnapshot s = stats.snapshot(VariantStats.HORIZON);
        assertEquals(1, s.requests());
        assertEquals(0, s.errors());
    }

    @Test
    void snapshot_since_counts_only_buckets_that_began_after_it() {
        for (int i = 0; i < 10; i++) {
            stats.recordRequest(Duration.ofMillis(1), true);
        }
        clock.advance(Duration.ofSeconds(20));
        var since = clock.instant();
        for (int i = 0; i < 4; i++) {
            stats.recordRequest(Duration.ofMillis(1), false);
        }
        StatsSnapshot s = stats.snapshot(Duration.ofMinutes(5), since);
        assertEquals(4, s.requests());
        assertEquals(0, s.errors());
    }

    @Test
    void shadow_agreement_mean_and_the_other_counters() {
        assertNull(stats.snapshot(Duration.ofMinutes(1)).agreement(), "no comparison yet: no agreement");
        stats.recordShadow(1.0);
        stats.recordShadow(0.5);
        stats.recordShadow(1.7); // clamped to 1
        stats.recordShadowSkipped();
        stats.recordEscalations(3);
        stats.recordFallback();
        stats.recordBreach();
        StatsSnapshot s = stats.snapshot(Duration.ofMinutes(1));
        assertEquals(3, s.shadowCompared());
        assertEquals(2.5 / 3, s.agreement(), 1e-12);
        assertEquals(1, s.shadowSkipped());
        assertEquals(3, s.escalations());
        assertEquals(1, s.fallbacks());
        assertEquals(1, s.canaryBreaches());
    }

    @Test
    void concurrent_recording_loses_nothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 25_000; i++) {
                    stats.recordRequest(Duration.ofMillis(i % 100), i % 10 == 0);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        StatsSnapshot s = stats.snapshot(Duration.ofMinutes(1));
        assertEquals(100_000, s.requests());
        assertEquals(10_000, s.errors());
    }

    @Test
    void the_registry_keeps_one_stats_per_route_and_variant_and_lists_them_in_order() {
        RoutingStats registry = new RoutingStats(clock);
        registry.of("b", "x").recordRequest(Duration.ofMillis(1), false);
        registry.of("a", "y").recordRequest(Duration.ofMillis(1), false);
        registry.of("a", "y").recordRequest(Duration.ofMillis(1), true);
        assertTrue(registry.of("a", "y") == registry.of("a", "y"));
        List<StatsSnapshot> all = registry.snapshot(Duration.ofMinutes(5));
        assertEquals(List.of("a/y", "b/x"), all.stream().map(s -> s.route() + "/" + s.variant()).toList());
        assertEquals(2, all.get(0).requests());
    }
}
