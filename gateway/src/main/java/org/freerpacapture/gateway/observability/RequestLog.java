package org.freerpacapture.gateway.observability;

import org.freerpacapture.ocr.Millis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per analyze request, through SLF4J key-value pairs (the JSON encoder writes them as fields).
 * It carries only what describes the request's handling, never the document, its text, headers or credentials.
 */
final class RequestLog {

    /** The logger's name; its level decides whether request lines are written ({@code INFO}). */
    static final String LOGGER = "gateway.request";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    /**
     * @param requestId  the gateway's request id
     * @param traceId    the trace the request belongs to, or null when tracing is off
     * @param path       the endpoint
     * @param durationMs intake to response
     * @param pages      pages decoded
     * @param bytesIn    size of the document received
     * @param tenant     the tenant it was served for; {@code none} when its caller was refused
     */
    record Entry(String requestId, String traceId, String path, String route, String variant, String provider,
                 int status, String outcome, double durationMs, int pages, long bytesIn, String tenant) {
    }

    void write(Entry e) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        LOG.atInfo()
                .addKeyValue("requestId", e.requestId())
                .addKeyValue("traceId", e.traceId())
                .addKeyValue("path", e.path())
                .addKeyValue("tenant", e.tenant())
                .addKeyValue("route", e.route())
                .addKeyValue("variant", e.variant())
                .addKeyValue("provider", e.provider())
                .addKeyValue("status", e.status())
                .addKeyValue("outcome", e.outcome())
                .addKeyValue("durationMs", Millis.round(e.durationMs()))
                .addKeyValue("pages", e.pages())
                .addKeyValue("bytesIn", e.bytesIn())
                .log("request");
    }
}
