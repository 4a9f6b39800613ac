package org.freerpacapture.gateway.http;

import io.vertx.core.http.HttpServerResponse;
import org.freerpacapture.gateway.tenants.RateLimits;

/**
 * How a rate limit shows in an answer: the {@code RateLimit-Limit}, {@code -Remaining} and {@code -Reset} headers
 * of the IETF draft on every answer to a limited caller, and a 429 {@code rate_limited} with {@code Retry-After} when
 * a bucket is empty.
 */
final class RateLimitAnswers {

    static final String LIMIT = "RateLimit-Limit";
    static final String REMAINING = "RateLimit-Remaining";
    static final String RESET = "RateLimit-Reset";

    private RateLimitAnswers() {
    }

    static void headers(HttpServerResponse response, RateLimits.Verdict verdict) {
        if (verdict.limited()) {
            response.putHeader(LIMIT, Long.toString(verdict.limit()))
                    .putHeader(REMAINING, Long.toString(verdict.remaining()))
                    .putHeader(RESET, Long.toString(verdict.resetSeconds()));
        }
    }

    static ApiException refusal(RateLimits.Verdict verdict) {
        return new ApiException(429, "rate_limited", "the rate limit of " + verdict.what() + " is reached; retry"
                + " after the time Retry-After gives", verdict.retryAfter());
    }
}
