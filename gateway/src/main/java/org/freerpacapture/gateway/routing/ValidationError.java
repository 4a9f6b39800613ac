package org.freerpacapture.gateway.routing;

/**
 * One reason a policy is invalid.
 *
 * @param pointer the JSON Pointer (RFC 6901) of the offending value, e.g. {@code /routes/1/variants/0/weight};
 *                {@code ""} for the whole document
 * @param message what is wrong, for an operator
 */
public record ValidationError(String pointer, String message) {

    /** Escapes one reference token of a JSON Pointer ({@code ~} and {@code /}). */
    public static String token(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "(document)" : pointer) + ": " + message;
    }
}
