package org.freerpacapture.gateway.routing;

import org.freerpacapture.gateway.routing.RoutingPolicy.Guard;

import java.util.Locale;
import java.util.Optional;

/**
 * Judges a canary's statistics against its guard. Pure: the caller brings a snapshot of the canary variant's own
 * statistics over the guard's window ({@link CanaryWatch} does this continuously).
 *
 * <p>Nothing is judged before the window holds {@code minRequests} requests. Limits are checked in the order error
 * rate, p99 latency, agreement; the first exceeded is the breach. Agreement is judged only once the window holds
 * {@value #MIN_AGREEMENT_SAMPLES} shadow comparisons, since a shadow samples a small share of traffic and one bad
 * page must not roll a canary back.
 */
public final class CanaryGuard {

    /** Shadow comparisons needed before agreement is judged. */
    public static final int MIN_AGREEMENT_SAMPLES = 20;

    private CanaryGuard() {
    }

    /** Why a guard fired. */
    public enum Reason {
        ERROR_RATE, P99_LATENCY, AGREEMENT
    }

    /**
     * A guard breach.
     *
     * @param observed the measured value (error rate 0..1, p99 in ms, agreement 0..1)
     * @param limit    the guard's limit it crossed
     * @param requests requests in the window when judged
     * @param message  one line for the history and the operator
     */
    public record Breach(Reason reason, double observed, double limit, long requests, String message) {
    }

    public static Optional<Breach> evaluate(Guard guard, StatsSnapshot canary) {
        if (guard == null || canary.requests() < guard.effectiveMinRequests()) {
            return Optional.empty();
        }
        if (guard.maxErrorRate() != null && canary.errorRate() > guard.maxErrorRate()) {
            return Optional.of(breach(Reason.ERROR_RATE, canary.errorRate(), guard.maxErrorRate(), canary,
                    "error rate %.4f above %.4f"));
        }
        if (guard.maxP99Ms() != null && canary.p99Ms() > guard.maxP99Ms()) {
            return Optional.of(breach(Reason.P99_LATENCY, canary.p99Ms(), guard.maxP99Ms(), canary,
                    "p99 latency %.0f ms above %.0f ms"));
        }
        if (guard.minAgreement() != null && canary.agreement() != null
                && canary.shadowCompared() >= MIN_AGREEMENT_SAMPLES && canary.agreement() < guard.minAgreement()) {
            return Optional.of(breach(Reason.AGREEMENT, canary.agreement(), guard.minAgreement(), canary,
                    "shadow agreement %.4f below %.4f"));
        }
        return Optional.empty();
    }

    private static Breach breach(Reason reason, double observed, double limit, StatsSnapshot s, String format) {
        String message = String.format(Locale.ROOT, format, observed, limit)
                + String.format(Locale.ROOT, " over %d requests in %ds", s.requests(), s.windowSeconds());
        return new Breach(reason, observed, limit, s.requests(), message);
    }
}
