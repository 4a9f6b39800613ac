package org.freerpacapture.gateway.kafka;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.freerpacapture.gateway.http.ApiException;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Why a source could not be read, in the HTTP API's terms: 422 when asking again cannot help (the source is refused,
 * missing, forbidden or redirected), 503 with a Retry-After when it may (unreachable, throttled, failing), 413 when
 * the document is larger than allowed. Messages name the source's origin, never its path or query, which may carry
 * a signed URL's credentials.
 */
final class SourceFailures {

    static final String NOT_ALLOWED = "source_not_allowed";
    static final String UNREADABLE = "source_unreadable";
    static final String UNAVAILABLE = "source_unavailable";
    /** The longest Retry-After a source may ask for; a longer one is the caller's backoff's to decide. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    private SourceFailures() {
    }

    static ApiException notAllowed(String message) {
        return new ApiException(422, NOT_ALLOWED, message);
    }

    static ApiException unreadable(String message) {
        return new ApiException(422, UNREADABLE, message);
    }

    static ApiException unavailable(String message, Duration retryAfter) {
        return new ApiException(503, UNAVAILABLE, message, retryAfter);
    }

    static ApiException tooLarge(String origin, long maxBytes) {
        return new ApiException(413, "payload_too_large", "the document at " + origin + " is larger than the "
                + maxBytes + " bytes allowed");
    }

    /**
     * A status other than 200. Redirects are not followed: their target may lie outside what the operator allows,
     * so the caller is told to name the final URL.
     *
     * @param location the redirect's target, for 3xx
     */
    static ApiException forStatus(String origin, int status, String location, Duration retryAfter) {
        String answered = origin + " answered " + status + " " + HttpResponseStatus.valueOf(status).reasonPhrase();
        if (passing(status)) {
            return unavailable(answered + "; the read is tried again later", retryAfter);
        }
        if (status >= 300 && status < 400) {
            return unreadable(answered + (location == null ? "" : ", a redirect to " + withoutQuery(location))
                    + "; redirects are not followed: name the document's final URL as the source");
        }
        return unreadable(answered);
    }

    /** Whether {@code status} says the source may answer later: timeouts, throttling, server errors. */
    static boolean passing(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }

    /** A failure on the way: passing, except a certificate the source's host cannot prove itself with. */
    static ApiException transport(String origin, Throwable failure, Duration retryAfter) {
        if (failure instanceof ApiException known) {
            return known;
        }
        if (failure instanceof SSLHandshakeException) {
            return unreadable("TLS with " + origin + " failed: " + failure.getMessage());
        }
        String why;
        if (failure instanceof ConnectException) {
            why = "could not connect to " + origin;
        } else if (failure instanceof UnknownHostException) {
            why = "could not find the host of " + origin;
        } else if (failure instanceof TimeoutException) {
            why = origin + " did not answer in time";
        } else {
            why = "the exchange with " + origin + " failed";
        }
        String detail = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return unavailable(why + " (" + detail + "); the read is tried again later", retryAfter);
    }

    /** The source's {@code Retry-After} in seconds, within reason, else {@code fallback}. */
    static Duration retryAfter(String header, Duration fallback) {
        if (header != null) {
            try {
                long seconds = Long.parseLong(header.trim());
                if (seconds > 0) {
                    Duration asked = Duration.ofSeconds(seconds);
                    return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
                }
            } catch (NumberFormatException httpDate) {
                // An HTTP date: rare from the sources read here; the caller's backoff serves.
            }
        }
        return fallback;
    }

    /** A third party's message, cut to a length a dead letter can carry. */
    static String shortened(String message) {
        if (message == null) {
            return "no reason given";
        }
        return message.length() <= 400 ? message : message.substring(0, 400) + "...";
    }

    private static String withoutQuery(String location) {
        int cut = location.indexOf('?');
        return cut < 0 ? location : location.substring(0, cut);
    }
}
