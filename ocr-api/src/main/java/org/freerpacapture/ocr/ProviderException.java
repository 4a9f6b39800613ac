package org.freerpacapture.ocr;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider could not read the document. The kind decides the gateway's answer and whether fallback applies;
 * the message is safe to show a caller (never a key, token or document text).
 */
public final class ProviderException extends RuntimeException {

    /** What went wrong, with the HTTP status and stable code the gateway answers with. */
    public enum Kind {
        /** The provider asked us to slow down. */
        THROTTLED(429, "provider_throttled"),
        /** The provider is down, failing, or its circuit is open. */
        UNAVAILABLE(503, "provider_unavailable"),
        /** The provider refused this document (bad format, too large for it). */
        REJECTED(422, "provider_rejected"),
        /** The provider did not answer within the request's deadline. */
        TIMEOUT(504, "provider_timeout"),
        /** The local engine's queue is full. */
        OVERLOADED(503, "overloaded");

        private final int status;
        private final String code;

        Kind(int status, String code) {
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    private final Kind kind;
    private final String providerId;
    private final Duration retryAfter;

    public ProviderException(Kind kind, String providerId, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.providerId = providerId;
        this.retryAfter = retryAfter;
    }

    public ProviderException(Kind kind, String providerId, String message) {
        this(kind, providerId, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    public String providerId() {
        return providerId;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
