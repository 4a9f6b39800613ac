package org.freerpacapture.gateway.tenants;

/**
 * Why a caller is not let in, as RFC 6750 says it in {@code WWW-Authenticate}: {@code error} is null when no
 * credential was sent, {@code invalid_request} when it was sent wrongly, {@code invalid_token} when it is not
 * accepted. The message names what is wrong, never the credential.
 */
final class Refusal extends RuntimeException {

    static final String REALM = "rpa-vision-gateway";

    private final String error;

    private Refusal(String error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    static Refusal missing(String message) {
        return new Refusal(null, message);
    }

    static Refusal badRequest(String message) {
        return new Refusal("invalid_request", message);
    }

    static Refusal invalid(String message) {
        return new Refusal("invalid_token", message);
    }

    /** The {@code WWW-Authenticate} value: the scheme, the realm, and what is wrong when something was sent. */
    String challenge() {
        String base = "Bearer realm=\"" + REALM + "\"";
        return error == null ? base
                : base + ", error=\"" + error + "\", error_description=\"" + quotable(getMessage()) + "\"";
    }

    private static String quotable(String s) {
        return s.replace('"', '\'').replace("\\", "");
    }
}
