package org.freerpacapture.adapters.resilience;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Pattern;

/**
 * What a cloud service wrote about a failure, kept out of the gateway's answers. Its error text may echo the
 * request, name internal hosts or accounts, or be whatever a proxy or an impostor at the endpoint chose to write;
 * a public caller gets only the service's error code (when it is a plain token) and a fixed message, and the full
 * text goes to the log at WARN, once, where the operator can read it.
 */
public final class UpstreamText {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamText.class);
    /** An error code as services write them: {@code InvalidParameterException}, {@code INVALID_ARGUMENT}. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** How much of the service's text the log keeps. */
    static final int LOGGED_CHARS = 1_000;

    /** The fixed message shown for a refused document. */
    public static final String DOCUMENT_REFUSED = "the service refused the document";

    private UpstreamText() {
    }

    /**
     * {@code service code} for callers ({@code Textract InvalidParameterException}); the code is dropped when it is
     * not a plain token, and {@code fallback} ({@code HTTP 400}) stands in for it. Logs {@code text} in full at WARN
     * when there is any.
     *
     * @param service  the service as operators know it ({@code Textract}, {@code Azure}, {@code Document AI})
     * @param code     the service's error code, or null
     * @param fallback what names the failure when there is no usable code
     * @param text     the service's own words, or null
     */
    public static String reduce(String service, String code, String fallback, String text) {
        String shown = code != null && CODE.matcher(code).matches() ? code : fallback;
        if (text != null && !text.isBlank()) {
            LOG.warn("{} answered {}: {}", service, shown, loggable(text));
        }
        return service + " " + shown;
    }

    /** As {@link #reduce}, for a document the service refused: {@code Textract X: the service refused ...}. */
    public static String refused(String service, String code, String fallback, String text) {
        return reduce(service, code, fallback, text) + ": " + DOCUMENT_REFUSED;
    }

    /** One line, control characters replaced, cut to {@link #LOGGED_CHARS}: a service cannot forge log lines. */
    static String loggable(String text) {
        String line = text.replaceAll("\\p{Cntrl}", " ");
        return line.length() <= LOGGED_CHARS ? line : line.substring(0, LOGGED_CHARS) + "…";
    }
}
