package org.freerpacapture.fakes;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Faults a fake applies to its next calls, set from a test (or by hand) while the server runs.
 *
 * <p>Faults queue in the order they were asked for and each is used up by one call; the latency applies to every
 * call until changed. Thread-safe: tests set it from their own thread while the fake answers on an event loop.
 */
public final class FaultPlan {

    /** What one call gets instead of a normal answer. */
    public enum Kind {
        /** The service's throttling error. */
        THROTTLE,
        /** A server error (500 with the service's error body). */
        SERVER_ERROR,
        /** A 200 whose body is not valid JSON. */
        MALFORMED_JSON,
        /** The connection is closed without an answer. */
        DROP_CONNECTION,
        /** A given status and error code/message, for error-mapping tests. */
        ERROR
    }

    /**
     * One planned fault.
     *
     * @param kind       what happens
     * @param status     the HTTP status for {@link Kind#ERROR} (0 otherwise)
     * @param code       the service error code for {@link Kind#ERROR}, null otherwise
     * @param message    the error message for {@link Kind#ERROR}, null otherwise
     * @param retryAfter a Retry-After to send with the answer, if any
     */
    public record Fault(Kind kind, int status, String code, String message, Duration retryAfter) {
    }

    private final Deque<Fault> queued = new ArrayDeque<>();
    private Duration latency = Duration.ZERO;

    /** Delays every answer by this much (zero to stop). */
    public synchronized FaultPlan latency(Duration delay) {
        latency = delay;
        return this;
    }

    public synchronized Duration latency() {
        return latency;
    }

    /** The next {@code calls} calls are throttled. */
    public FaultPlan throttleNext(int calls) {
        return throttleNext(calls, null);
    }

    /** The next {@code calls} calls are throttled, each answer carrying {@code Retry-After} (whole seconds). */
    public synchronized FaultPlan throttleNext(int calls, Duration retryAfter) {
        return add(calls, new Fault(Kind.THROTTLE, 0, null, null, retryAfter));
    }

    /** The next {@code calls} calls answer 500. */
    public synchronized FaultPlan failNext(int calls) {
        return add(calls, new Fault(Kind.SERVER_ERROR, 0, null, null, null));
    }

    /** The next {@code calls} calls answer 200 with a body that is not JSON. */
    public synchronized FaultPlan malformedNext(int calls) {
        return add(calls, new Fault(Kind.MALFORMED_JSON, 0, null, null, null));
    }

    /** The next {@code calls} calls have their connection closed before any answer. */
    public synchronized FaultPlan dropNext(int calls) {
        return add(calls, new Fault(Kind.DROP_CONNECTION, 0, null, null, null));
    }

    /** The next call answers {@code status} with the service's error body for {@code code} and {@code message}. */
    public synchronized FaultPlan errorNext(int status, String code, String message) {
        return add(1, new Fault(Kind.ERROR, status, code, message, null));
    }

    /** Forgets queued faults and latency. */
    public synchronized void reset() {
        queued.clear();
        latency = Duration.ZERO;
    }

    /** Takes the fault for the call being answered, if one is planned. */
    public synchronized Optional<Fault> next() {
        return Optional.ofNullable(queued.pollFirst());
    }

    private FaultPlan add(int calls, Fault fault) {
        for (int i = 0; i < calls; i++) {
            queued.addLast(fault);
        }
        return this;
    }
}
