package org.freerpacapture.adapters.resilience;

import org.freerpacapture.ocr.ProviderException;

import java.util.Map;

/**
 * A snapshot of one provider's protection, for {@code /admin/stats} and metrics.
 * Every finished call is either a success or a failure of one kind: {@code calls = successes + Σ failures + inFlight}.
 *
 * @param providerId          the policy's name for the provider
 * @param calls               calls received (each may make several attempts)
 * @param successes           calls that returned a result
 * @param failures            failed calls by the kind the gateway answered with (all kinds present, 0 if none)
 * @param retries             attempts after the first, over all calls
 * @param retryBudgetRefusals retries not made because the retry budget was spent
 * @param concurrencyRefusals calls refused at once because {@code maxConcurrency} calls were in flight
 * @param shortCircuited      calls refused at once because the circuit was open
 * @param breakerState        the circuit's state now
 * @param inFlight            calls in progress now
 * @param maxConcurrency      the configured cap
 * @param retryTokens         tokens left in the retry budget
 */
public record ResilienceStats(String providerId, long calls, long successes,
                              Map<ProviderException.Kind, Long> failures, long retries, long retryBudgetRefusals,
                              long concurrencyRefusals, long shortCircuited, BreakerState breakerState, int inFlight,
                              int maxConcurrency, double retryTokens) {

    public ResilienceStats {
        failures = Map.copyOf(failures);
    }

    /** The state of a provider's circuit breaker. */
    public enum BreakerState {
        /** Calls pass. */
        CLOSED,
        /** Calls are refused at once until the reset timeout passes. */
        OPEN,
        /** One trial call passes; its outcome closes or re-opens the circuit. */
        HALF_OPEN
    }

    public long failureCount() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }
}
