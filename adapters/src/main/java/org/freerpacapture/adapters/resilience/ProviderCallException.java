package org.freerpacapture.adapters.resilience;

import org.freerpacapture.ocr.Failures;
import org.freerpacapture.ocr.ProviderException;

import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * How a raw adapter reports one failed call to {@link ResilientProvider}: what kind of failure it is, whether
 * trying again may help, and how long the provider asked us to wait.
 *
 * <p>The message is shown to callers, so it holds a plain description and at most the service's error code
 * ({@link UpstreamText}), never the service's own words, a key, a token or document text.
 */
public final class ProviderCallException extends RuntimeException {

    private final ProviderException.Kind kind;
    private final boolean retryable;
    private final Duration retryAfter;

    public ProviderCallException(ProviderException.Kind kind, boolean retryable, String message, Duration retryAfter,
                                 Throwable cause) {
        super(message, cause, false, cause != null);
        this.kind = kind;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** The provider asked us to slow down (HTTP 429, a throttling error code). Retryable. */
    public static ProviderCallException throttled(String message, Duration retryAfter) {
        return new ProviderCallException(ProviderException.Kind.THROTTLED, true, message, retryAfter, null);
    }

    /** A transient fault: 5xx, connection reset or refused. Retryable. */
    public static ProviderCallException unavailable(String message, Duration retryAfter, Throwable cause) {
        return new ProviderCallException(ProviderException.Kind.UNAVAILABLE, true, message, retryAfter, cause);
    }

    /** A fault that a retry will not fix soon: bad credentials, a body we cannot parse. */
    public static ProviderCallException broken(String message, Throwable cause) {
        return new ProviderCallException(ProviderException.Kind.UNAVAILABLE, false, message, null, cause);
    }

    /** The provider refused this document; {@code providerMessage} is passed to the caller as is. */
    public static ProviderCallException rejected(String providerMessage) {
        return new ProviderCallException(ProviderException.Kind.REJECTED, false, providerMessage, null, null);
    }

    /** No answer within the attempt's time; retryable while the request's deadline leaves room. */
    public static ProviderCallException timeout(String message) {
        return new ProviderCallException(ProviderException.Kind.TIMEOUT, true, message, null, null);
    }

    /**
     * The usual reading of an HTTP error status, for adapters whose service follows it:
     * 429 → throttled; 408 → timeout; 401/403 → broken (credentials; a 403 with {@code Retry-After} is a quota
     * and reads as throttled); other 4xx → rejected, naming the provider's code; 5xx → unavailable.
     *
     * @param providerMessage what may be shown of the service's error, already reduced by {@link UpstreamText}
     */
    public static ProviderCallException forStatus(int status, String providerMessage, Duration retryAfter) {
        String text = providerMessage == null || providerMessage.isBlank() ? "HTTP " + status : providerMessage;
        if (status == 429) {
            return throttled("provider throttled the call: " + text, retryAfter);
        }
        if (status == 403 && retryAfter != null) {
            return throttled("provider quota exhausted: " + text, retryAfter);
        }
        if (status == 408) {
            return timeout("provider timed out the call: " + text);
        }
        if (status == 401 || status == 403) {
            return broken("provider refused the credentials (HTTP " + status + "): " + text, null);
        }
        if (status >= 400 && status < 500) {
            return rejected(text + ": " + UpstreamText.DOCUMENT_REFUSED);
        }
        return unavailable("provider failed (HTTP " + status + "): " + text, retryAfter, null);
    }

    /** Reads a transport failure: timeouts stay timeouts, connection trouble is retryable, the rest is broken. */
    public static ProviderCallException forTransport(Throwable thrown) {
        Throwable failure = Failures.cause(thrown);
        if (failure instanceof ProviderCallException known) {
            return known;
        }
        String type = failure.getClass().getSimpleName();
        if (failure instanceof TimeoutException || type.contains("Timeout")) {
            return timeout("no answer from provider in time (" + type + ")");
        }
        if (failure instanceof ConnectException || failure instanceof SocketException
                || failure instanceof java.io.IOException || type.contains("Closed") || type.contains("Connect")) {
            return unavailable("connection to provider failed (" + type + ")", null, failure);
        }
        return broken("provider call failed (" + type + ")", failure);
    }

    public ProviderException.Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether this failure says the provider is unhealthy (and so counts toward opening its circuit). */
    public boolean signalsUnhealthy() {
        return kind == ProviderException.Kind.UNAVAILABLE || kind == ProviderException.Kind.TIMEOUT;
    }

    public ProviderException toProviderException(String providerId) {
        return new ProviderException(kind, providerId, getMessage(), retryAfter, this);
    }
}
