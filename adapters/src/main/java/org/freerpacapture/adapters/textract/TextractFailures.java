package org.freerpacapture.adapters.textract;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.freerpacapture.adapters.resilience.ProviderCallException;
import org.freerpacapture.adapters.resilience.RetryAfter;
import org.freerpacapture.adapters.resilience.UpstreamText;
import org.freerpacapture.ocr.Failures;

import java.time.Duration;
import java.util.Set;

/**
 * Reads a failed Textract call as a {@link ProviderCallException}: an error answer by its AWS JSON 1.1 error code,
 * credentials the chain could not supply as unavailable (a transport failure is read by
 * {@link ProviderCallException#forTransport}, as for every adapter). Every throttle and fault arrives here once;
 * the shared resilience layer decides whether to try again.
 */
final class TextractFailures {

    /** Codes that say the document itself is the problem; the caller is told the code, the log the message. */
    private static final Set<String> DOCUMENT_REJECTED = Set.of("InvalidParameterException",
            "UnsupportedDocumentException", "BadDocumentException", "DocumentTooLargeException",
            "InvalidS3ObjectException", "ValidationException", "SerializationException");
    /** Codes that say our credentials or account are wrong: no retry will help, another provider might. */
    private static final Set<String> ACCOUNT_BROKEN = Set.of("AccessDeniedException", "UnrecognizedClientException",
            "InvalidSignatureException", "IncompleteSignatureException", "MissingAuthenticationTokenException",
            "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch");
    /** The throttling codes AWS's SDKs retry with backoff (Textract answers the first two, with 400 or 500). */
    private static final Set<String> THROTTLED = Set.of("ProvisionedThroughputExceededException",
            "ThrottlingException", "LimitExceededException", "Throttling", "ThrottledException",
            "RequestThrottledException", "TooManyRequestsException", "RequestLimitExceeded");

    private TextractFailures() {
    }

    /**
     * An answer other than 200.
     *
     * @param errorType  the {@code x-amzn-ErrorType} header, or null
     * @param retryAfter the {@code Retry-After} header, or null
     */
    static ProviderCallException forAnswer(int status, Buffer body, String errorType, String retryAfter) {
        JsonObject error = errorBody(body);
        String code = errorCode(errorType, error);
        String message = error.getString("message", error.getString("Message"));
        Duration wait = RetryAfter.parse(retryAfter).orElse(null);
        if (code == null) {
            // Not Textract's own error (it names every one): a proxy's page, a wrong endpoint. The status decides.
            return ProviderCallException.forStatus(status, "Textract HTTP " + status, wait);
        }
        if (THROTTLED.contains(code)) {
            return ProviderCallException.throttled("Textract throttled the call (" + code + ")", wait);
        }
        if (DOCUMENT_REJECTED.contains(code)) {
            return ProviderCallException.rejected(UpstreamText.refused("Textract", code, "HTTP " + status, message));
        }
        String text = UpstreamText.reduce("Textract", code, "HTTP " + status, message);
        if (ACCOUNT_BROKEN.contains(code)) {
            return ProviderCallException.broken("Textract refused the credentials (" + code + ")", null);
        }
        // Any other code: the status decides, as for every adapter (ProviderCallException.forStatus).
        return ProviderCallException.forStatus(status, text, wait);
    }

    /** Credentials the chain could not supply: transient as a rule (a metadata service, a file being rotated). */
    static ProviderCallException noCredentials(Throwable failure) {
        Throwable f = Failures.cause(failure);
        return f instanceof ProviderCallException known ? known : ProviderCallException.unavailable(
                "no AWS credentials for Textract (" + f.getClass().getSimpleName() + ")", null, null);
    }

    /**
     * The error code as AWS's SDKs find it: the {@code x-amzn-ErrorType} header, then {@code __type}, then
     * {@code code}; the text before the first {@code :} and after the last {@code #}.
     */
    static String errorCode(String header, JsonObject body) {
        String raw = header != null && !header.isBlank() ? header
                : body.getString("__type", body.getString("code", body.getString("Code")));
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String code = raw.contains(":") ? raw.substring(0, raw.indexOf(':')) : raw;
        return code.substring(code.lastIndexOf('#') + 1).trim();
    }

    private static JsonObject errorBody(Buffer body) {
        try {
            return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
        } catch (RuntimeException notJson) {
            return new JsonObject();
        }
    }
}
