package org.freerpacapture.adapters.azure;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.freerpacapture.adapters.resilience.UpstreamText;

/**
 * Reads the service's error body, {@code {"error":{"code","message","innererror":{"code","message"}}}}: into one
 * line for the log ({@code "Invalid request. (InvalidContent: The file is corrupted...)"}), and into its code for
 * the caller.
 */
final class AzureErrorBody {

    private AzureErrorBody() {
    }

    static String describe(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            return describe(new JsonObject(body).getJsonObject("error"));
        } catch (DecodeException | ClassCastException e) {
            return "";
        }
    }

    static String describe(JsonObject error) {
        if (error == null) {
            return "";
        }
        String text = error.getValue("message", "") + "";
        JsonObject inner = error.getJsonObject("innererror");
        if (inner != null && inner.getValue("code") != null) {
            text += " (" + inner.getValue("code") + (inner.getValue("message") != null
                    ? ": " + inner.getValue("message") : "") + ")";
        }
        String code = error.getValue("code") == null ? "" : error.getValue("code").toString();
        return text.isBlank() ? code : text;
    }

    /** The error's code, {@code InvalidRequest}; empty when there is none. */
    static String code(JsonObject error) {
        return error == null || error.getValue("code") == null ? "" : error.getValue("code").toString();
    }

    /** The error object of a body, or null when the body is not the service's error JSON. */
    static JsonObject error(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return new JsonObject(body).getJsonObject("error");
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    /**
     * What a caller may be told of an error: {@code Azure InvalidRequest} (with the inner code,
     * {@code Azure InnerCode} when that is the more precise); the described text goes to the log.
     */
    static String reduced(JsonObject error, String fallback) {
        String inner = innerCode(error);
        return UpstreamText.reduce("Azure", inner.isEmpty() ? code(error) : inner, fallback, describe(error));
    }

    static String innerCode(JsonObject error) {
        JsonObject inner = error == null ? null : error.getJsonObject("innererror");
        return inner == null || inner.getValue("code") == null ? "" : inner.getValue("code").toString();
    }
}
