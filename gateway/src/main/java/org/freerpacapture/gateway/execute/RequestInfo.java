package org.freerpacapture.gateway.execute;

import org.freerpacapture.gateway.tenants.Caller;
import org.freerpacapture.ocr.Task;

import java.util.List;
import java.util.Map;

/**
 * What routing may match a request on, besides its document.
 *
 * @param requestId   the gateway's request id
 * @param task        document or screen
 * @param contentType media type of the document as received
 * @param pageCount   pages decoded (after {@code ?pages=} selection)
 * @param headers     request headers, names in lower case
 * @param query       query parameters
 * @param region      the region the request is served in: the one a trusted proxy names in {@code X-Region},
 *                    else the one this gateway runs in, or {@code null} when neither says
 * @param tenant      the tenant the request is served for ({@code default} while callers are not authenticated)
 */
public record RequestInfo(String requestId, Task task, String contentType, int pageCount,
                          Map<String, List<String>> headers, Map<String, List<String>> query, String region,
                          String tenant) {

    public RequestInfo {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
        tenant = tenant == null ? Caller.DEFAULT_TENANT : tenant;
    }

    /** For the tenant of unauthenticated callers. */
    public RequestInfo(String requestId, Task task, String contentType, int pageCount,
                       Map<String, List<String>> headers, Map<String, List<String>> query, String region) {
        this(requestId, task, contentType, pageCount, headers, query, region, Caller.DEFAULT_TENANT);
    }

    /** First value of a header (name case-insensitive), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
