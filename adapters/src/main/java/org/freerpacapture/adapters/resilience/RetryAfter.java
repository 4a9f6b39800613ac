package org.freerpacapture.adapters.resilience;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
public final class RetryAfter {

    private RetryAfter() {
    }

    public static Optional<Duration> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String v = header.trim();
        try {
            // Some services send fractional seconds; round up so we never come back early.
            double seconds = Double.parseDouble(v);
            if (seconds < 0 || Double.isNaN(seconds)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /** Whole seconds, rounded up, for a {@code Retry-After} header the gateway sends. */
    public static long headerSeconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
