package org.freerpacapture.gateway.http;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure the HTTP API answers with a given status and stable code. The message is shown to the caller, so it
 * never carries document text or secrets.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Duration retryAfter;

    public ApiException(int status, String code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException overloaded(String what, Duration retryAfter) {
        return new ApiException(503, "overloaded", what + " is at capacity; retry later", retryAfter);
    }

    public static ApiException timeout(Duration budget) {
        return new ApiException(504, "timeout", "the request did not finish within its " + budget.toMillis()
                + " ms budget");
    }

    /** What the caller is answered for {@code failure}: the same status and code HTTP callers get. */
    public static ApiException of(Throwable failure) {
        return ErrorResponder.classify(failure, 500);
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
