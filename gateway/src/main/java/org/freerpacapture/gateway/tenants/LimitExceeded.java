package org.freerpacapture.gateway.tenants;

import java.time.Duration;
import java.util.Optional;

/**
 * A request refused because its tenant used what its plan allows: the status, the stable error code and the
 * message the caller gets, and when trying again may help.
 */
public final class LimitExceeded extends RuntimeException {

    /** 429: a page quota is spent; it comes back at the next UTC day or month. */
    public static final String QUOTA_EXCEEDED = "quota_exceeded";
    /** 402: the cloud budget is spent and the route refuses to read locally instead. */
    public static final String BUDGET_EXHAUSTED = "budget_exhausted";

    private final int status;
    private final String code;
    private final Duration retryAfter;

    private LimitExceeded(int status, String code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public static LimitExceeded quota(String message, Duration retryAfter) {
        return new LimitExceeded(429, QUOTA_EXCEEDED, message, retryAfter);
    }

    /**
     * 402 Payment Required, not 429: waiting seconds does not help and retrying clients must not loop on it; the
     * budget comes back with the next month (said in {@code Retry-After}) or a bigger budget.
     */
    public static LimitExceeded budget(String message, Duration retryAfter) {
        return new LimitExceeded(402, BUDGET_EXHAUSTED, message, retryAfter);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
