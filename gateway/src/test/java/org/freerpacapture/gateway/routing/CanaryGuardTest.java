package org.freerpacapture.gateway.routing;

import org.freerpacapture.gateway.routing.RoutingPolicy.Guard;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanaryGuardTest {

    private static final Guard GUARD = new Guard(0.02, 4000L, 0.9, 200, "5m");

    private static StatsSnapshot stats(long requests, long errors, double p99, long compared, Double agreement) {
        return new StatsSnapshot("r", "canary", 300, requests, errors, requests == 0 ? 0 : (double) errors / requests,
                p99 / 2, p99, p99, compared, agreement, 0, 0, 0, requests, errors, 0);
    }

    @Test
    void nothing_is_judged_before_min_requests() {
        assertEquals(Optional.empty(), CanaryGuard.evaluate(GUARD, stats(199, 199, 99_000, 100, 0.0)));
    }

    @Test
    void a_healthy_canary_passes() {
        assertEquals(Optional.empty(), CanaryGuard.evaluate(GUARD, stats(1000, 20, 3999, 50, 0.95)));
    }

    @Test
    void error_rate_above_the_limit_breaches() {
        CanaryGuard.Breach b = CanaryGuard.evaluate(GUARD, stats(200, 5, 100, 0, null)).orElseThrow();
        assertEquals(CanaryGuard.Reason.ERROR_RATE, b.reason());
        assertEquals(0.025, b.observed(), 1e-12);
        assertEquals(0.02, b.limit());
        assertTrue(b.message().contains("error rate 0.0250 above 0.0200 over 200 requests in 300s"), b.message());
    }

    @Test
    void p99_above_the_limit_breaches() {
        CanaryGuard.Breach b = CanaryGuard.evaluate(GUARD, stats(500, 0, 4500, 0, null)).orElseThrow();
        assertEquals(CanaryGuard.Reason.P99_LATENCY, b.reason());
        assertEquals(4500, b.observed());
    }

    @Test
    void low_agreement_breaches_once_there_are_enough_comparisons() {
        assertEquals(Optional.empty(), CanaryGuard.evaluate(GUARD,
                stats(500, 0, 100, CanaryGuard.MIN_AGREEMENT_SAMPLES - 1, 0.5)));
        CanaryGuard.Breach b = CanaryGuard.evaluate(GUARD,
                stats(500, 0, 100, CanaryGuard.MIN_AGREEMENT_SAMPLES, 0.5)).orElseThrow();
        assertEquals(CanaryGuard.Reason.AGREEMENT, b.reason());
    }

    @Test
    void unset_limits_are_not_checked_and_min_requests_defaults_to_100() {
        Guard onlyP99 = new Guard(null, 1000L, null, null, null);
        assertEquals(Optional.empty(), CanaryGuard.evaluate(onlyP99, stats(99, 99, 5000, 50, 0.0)));
        assertEquals(Optional.empty(), CanaryGuard.evaluate(onlyP99, stats(100, 100, 900, 50, 0.0)));
        assertEquals(CanaryGuard.Reason.P99_LATENCY,
                CanaryGuard.evaluate(onlyP99, stats(100, 0, 1001, 0, null)).orElseThrow().reason());
    }
}
