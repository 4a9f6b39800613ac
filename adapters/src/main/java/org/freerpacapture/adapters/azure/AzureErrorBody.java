package org.freerpacapture.adapters.azure;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Reads the service's error body, {@code {"error":{"code","message","innererror":{"code","message"}}}}, into one
 * line for the caller: {@code "Invalid request. (InvalidContent: The file is corrupted...)"}.
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

    static String innerCode(JsonObject error) {
        JsonObject inner = error == null ? null : error.getJsonObject("innererror");
        return inner == null || inner.getValue("code") == null ? "" : inner.getValue("code").toString();
    }
}
