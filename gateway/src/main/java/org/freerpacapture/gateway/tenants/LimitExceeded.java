package org.freerpacapture.gateway.tenants;

import org.freerpacapture.gateway.http.ApiException;

import java.time.Duration;

/**
 * The answers to a request refused because its tenant used what its plan allows: the HTTP API's own
 * {@link ApiException}, with its stable code and when trying again may help.
 */
public final class LimitExceeded {

    /** 429: a page quota is spent; it comes back at the next UTC day or month. */
    public static final String QUOTA_EXCEEDED = "quota_exceeded";
    /** 402: the cloud budget is spent and the route refuses to read locally instead. */
    public static final String BUDGET_EXHAUSTED = "budget_exhausted";

    private LimitExceeded() {
    }

    public static ApiException quota(String message, Duration retryAfter) {
        return new ApiException(429, QUOTA_EXCEEDED, message, retryAfter);
    }

    /**
     * 402 Payment Required, not 429: waiting seconds does not help and retrying clients must not loop on it; the
     * budget comes back with the next month (said in {@code Retry-After}) or a bigger budget.
     */
    public static ApiException budget(String message, Duration retryAfter) {
        return new ApiException(402, BUDGET_EXHAUSTED, message, retryAfter);
    }
}
