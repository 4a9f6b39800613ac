package org.freerpacapture.ocr;

import java.time.Duration;

/**
 * The time a request has left. Every stage asks it, so a slow provider ends in a typed timeout instead of a hang.
 *
 * @param expiresAtNanos {@link System#nanoTime()} at which the budget is spent
 */
public record Deadline(long expiresAtNanos) {

    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    public static Deadline none() {
        return new Deadline(Long.MAX_VALUE);
    }

    public Duration remaining() {
        if (expiresAtNanos == Long.MAX_VALUE) {
            return Duration.ofDays(1);
        }
        return Duration.ofNanos(Math.max(0, expiresAtNanos - System.nanoTime()));
    }

    public boolean expired() {
        return expiresAtNanos != Long.MAX_VALUE && System.nanoTime() - expiresAtNanos >= 0;
    }
}
