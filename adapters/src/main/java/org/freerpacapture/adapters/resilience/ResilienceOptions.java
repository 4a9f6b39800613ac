package org.freerpacapture.adapters.resilience;

import org.freerpacapture.adapters.ProviderConfig;

import java.time.Duration;

/**
 * How one provider is protected. Read from its policy entry by {@link #from(ProviderConfig)}; every key is
 * optional:
 *
 * <pre>
 * "azure:westeurope": {
 *   "kind": "azure-di", ...,
 *   "timeoutMs": 30000,          // one attempt, further capped by the request's deadline
 *   "maxRetries": 2,             // retries after the first attempt, only for retryable failures
 *   "maxConcurrency": 16,        // calls in flight; past it, a fast provider_unavailable with Retry-After
 *   "breaker": {"failureThreshold": 5, "resetTimeoutMs": 30000, "windowMs": 10000},
 *   "retryBudget": {"ratio": 0.1, "initialTokens": 1, "maxTokens": 10},
 *   "backoff": {"baseMs": 100, "maxMs": 2000}
 * }
 * </pre>
 *
 * @param attemptTimeout          longest single attempt ({@code timeoutMs})
 * @param maxRetries              retries after the first attempt ({@code maxRetries})
 * @param maxConcurrency          calls in flight at once ({@code maxConcurrency})
 * @param breakerFailureThreshold unhealthy failures (5xx, connection, timeout, unreadable answers) within
 *                                {@code breakerWindow} that open the circuit ({@code breaker.failureThreshold})
 * @param breakerResetTimeout     how long the circuit stays open before one trial call ({@code breaker.resetTimeoutMs})
 * @param breakerWindow           the rolling window failures are counted in ({@code breaker.windowMs})
 * @param retryBudgetRatio        tokens each call deposits; one retry costs one ({@code retryBudget.ratio})
 * @param retryBudgetInitial      tokens at start ({@code retryBudget.initialTokens})
 * @param retryBudgetMax          most tokens the bucket holds ({@code retryBudget.maxTokens})
 * @param backoffBase             first retry's jitter ceiling ({@code backoff.baseMs})
 * @param backoffMax              largest jitter ceiling ({@code backoff.maxMs})
 */
public record ResilienceOptions(Duration attemptTimeout, int maxRetries, int maxConcurrency,
                                int breakerFailureThreshold, Duration breakerResetTimeout, Duration breakerWindow,
                                double retryBudgetRatio, double retryBudgetInitial, double retryBudgetMax,
                                Duration backoffBase, Duration backoffMax) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_RETRIES = 2;
    public static final int DEFAULT_MAX_CONCURRENCY = 16;
    public static final int DEFAULT_BREAKER_FAILURE_THRESHOLD = 5;
    public static final Duration DEFAULT_BREAKER_RESET_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BREAKER_WINDOW = Duration.ofSeconds(10);
    public static final double DEFAULT_RETRY_BUDGET_RATIO = 0.1;
    public static final double DEFAULT_RETRY_BUDGET_INITIAL = 1;
    public static final double DEFAULT_RETRY_BUDGET_MAX = 10;
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(100);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(2);

    public ResilienceOptions {
        require(attemptTimeout.toMillis() > 0, "timeoutMs must be positive");
        require(maxRetries >= 0, "maxRetries must be 0 or more");
        require(maxConcurrency > 0, "maxConcurrency must be positive");
        require(breakerFailureThreshold > 0, "breaker.failureThreshold must be positive");
        require(breakerResetTimeout.toMillis() > 0, "breaker.resetTimeoutMs must be positive");
        require(breakerWindow.toMillis() > 0, "breaker.windowMs must be positive");
        require(retryBudgetRatio >= 0 && retryBudgetRatio <= 1, "retryBudget.ratio must be within 0..1");
        require(retryBudgetInitial >= 0 && retryBudgetMax >= 0, "retryBudget tokens must be 0 or more");
        require(!backoffBase.isNegative() && !backoffMax.isNegative(), "backoff must not be negative");
    }

    public static ResilienceOptions defaults() {
        return new ResilienceOptions(DEFAULT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_MAX_CONCURRENCY,
                DEFAULT_BREAKER_FAILURE_THRESHOLD, DEFAULT_BREAKER_RESET_TIMEOUT, DEFAULT_BREAKER_WINDOW,
                DEFAULT_RETRY_BUDGET_RATIO, DEFAULT_RETRY_BUDGET_INITIAL, DEFAULT_RETRY_BUDGET_MAX,
                DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_MAX);
    }

    /** Reads the keys above from a provider's policy entry; absent keys take the defaults. */
    public static ResilienceOptions from(ProviderConfig config) {
        ProviderConfig breaker = config.section("breaker");
        ProviderConfig budget = config.section("retryBudget");
        ProviderConfig backoff = config.section("backoff");
        try {
            return new ResilienceOptions(
                    config.millisOr("timeoutMs", DEFAULT_TIMEOUT),
                    config.intOr("maxRetries", DEFAULT_MAX_RETRIES),
                    config.intOr("maxConcurrency", DEFAULT_MAX_CONCURRENCY),
                    breaker.intOr("failureThreshold", DEFAULT_BREAKER_FAILURE_THRESHOLD),
                    breaker.millisOr("resetTimeoutMs", DEFAULT_BREAKER_RESET_TIMEOUT),
                    breaker.millisOr("windowMs", DEFAULT_BREAKER_WINDOW),
                    number(budget, "ratio", DEFAULT_RETRY_BUDGET_RATIO),
                    number(budget, "initialTokens", DEFAULT_RETRY_BUDGET_INITIAL),
                    number(budget, "maxTokens", DEFAULT_RETRY_BUDGET_MAX),
                    backoff.millisOr("baseMs", DEFAULT_BACKOFF_BASE),
                    backoff.millisOr("maxMs", DEFAULT_BACKOFF_MAX));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("provider " + config.id() + ": " + e.getMessage(), e);
        }
    }

    public ResilienceOptions withAttemptTimeout(Duration d) {
        return new ResilienceOptions(d, maxRetries, maxConcurrency, breakerFailureThreshold, breakerResetTimeout,
                breakerWindow, retryBudgetRatio, retryBudgetInitial, retryBudgetMax, backoffBase, backoffMax);
    }

    public ResilienceOptions withMaxRetries(int n) {
        return new ResilienceOptions(attemptTimeout, n, maxConcurrency, breakerFailureThreshold, breakerResetTimeout,
                breakerWindow, retryBudgetRatio, retryBudgetInitial, retryBudgetMax, backoffBase, backoffMax);
    }

    public ResilienceOptions withMaxConcurrency(int n) {
        return new ResilienceOptions(attemptTimeout, maxRetries, n, breakerFailureThreshold, breakerResetTimeout,
                breakerWindow, retryBudgetRatio, retryBudgetInitial, retryBudgetMax, backoffBase, backoffMax);
    }

    public ResilienceOptions withBreaker(int failureThreshold, Duration resetTimeout) {
        return new ResilienceOptions(attemptTimeout, maxRetries, maxConcurrency, failureThreshold, resetTimeout,
                breakerWindow, retryBudgetRatio, retryBudgetInitial, retryBudgetMax, backoffBase, backoffMax);
    }

    public ResilienceOptions withRetryBudget(double ratio, double initial, double max) {
        return new ResilienceOptions(attemptTimeout, maxRetries, maxConcurrency, breakerFailureThreshold,
                breakerResetTimeout, breakerWindow, ratio, initial, max, backoffBase, backoffMax);
    }

    public ResilienceOptions withBackoff(Duration base, Duration max) {
        return new ResilienceOptions(attemptTimeout, maxRetries, maxConcurrency, breakerFailureThreshold,
                breakerResetTimeout, breakerWindow, retryBudgetRatio, retryBudgetInitial, retryBudgetMax, base, max);
    }

    private static double number(ProviderConfig c, String key, double fallback) {
        return c.string(key).map(s -> {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + key + "' must be a number");
            }
        }).orElse(fallback);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
