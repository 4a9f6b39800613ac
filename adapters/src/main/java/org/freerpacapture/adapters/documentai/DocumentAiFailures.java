package org.freerpacapture.adapters.documentai;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.freerpacapture.adapters.resilience.ProviderCallException;
import org.freerpacapture.adapters.resilience.RetryAfter;
import org.freerpacapture.adapters.resilience.UpstreamText;

import java.time.Duration;

/** Reads a {@code google.rpc.Status} error answer ({@code {"error":{code, message, status}}}). */
final class DocumentAiFailures {

    private DocumentAiFailures() {
    }

    static ProviderCallException forResponse(int httpStatus, Buffer body, String retryAfterHeader) {
        JsonObject error = null;
        try {
            JsonObject json = body == null ? null : body.toJsonObject();
            error = json == null ? null : json.getJsonObject("error");
        } catch (RuntimeException notJson) {
            // A proxy's HTML page or an empty body: the HTTP status alone decides.
        }
        String status = error == null ? "" : error.getString("status", "");
        String message = error == null ? null : error.getString("message");
        String text = UpstreamText.reduce("Document AI", status, "HTTP " + httpStatus, message);
        Duration retryAfter = RetryAfter.parse(retryAfterHeader).orElse(null);
        return switch (status) {
            case "RESOURCE_EXHAUSTED" -> ProviderCallException.throttled(text, retryAfter);
            case "UNAVAILABLE", "INTERNAL", "ABORTED" -> ProviderCallException.unavailable(text, retryAfter, null);
            case "DEADLINE_EXCEEDED" -> ProviderCallException.timeout(text);
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" ->
                    ProviderCallException.rejected(text + ": " + UpstreamText.DOCUMENT_REFUSED);
            // A token refused after a renewal, a missing permission or processor: configuration, not this document.
            case "UNAUTHENTICATED", "PERMISSION_DENIED", "NOT_FOUND" -> ProviderCallException.broken(text, null);
            default -> ProviderCallException.forStatus(httpStatus, text, retryAfter);
        };
    }
}
