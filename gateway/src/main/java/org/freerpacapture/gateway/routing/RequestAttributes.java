package org.freerpacapture.gateway.routing;

import org.freerpacapture.ocr.Task;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the router knows about a request. Header names are case-insensitive; query parameter names are not.
 *
 * @param task        document or screen
 * @param region      where the request is served (the gateway's region, or one a trusted proxy names); may be null
 * @param headers     request headers, first value of each; names case-insensitive
 * @param query       query parameters, first value of each
 * @param contentType media type of the body, parameters allowed ({@code image/png; q=1}); may be null
 * @param pageCount   pages after decode; null when not known, which fails any page-count match
 * @param requestId   the gateway's request id: the sticky key when the route has none or the request lacks it
 * @param tenant      the tenant the caller was identified as ({@code default} while callers are not authenticated);
 *                    null when not known, which fails any tenant match
 */
public record RequestAttributes(Task task, String region, Map<String, String> headers, Map<String, String> query,
                                String contentType, Integer pageCount, String requestId, String tenant) {

    public RequestAttributes {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(requestId, "requestId");
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> h.putIfAbsent(k, v));
        }
        headers = Collections.unmodifiableMap(h);
        query = query == null ? Map.of() : Map.copyOf(query);
    }

    /** Without a tenant. */
    public RequestAttributes(Task task, String region, Map<String, String> headers, Map<String, String> query,
                             String contentType, Integer pageCount, String requestId) {
        this(task, region, headers, query, contentType, pageCount, requestId, null);
    }

    /** A request with only a task and an id; add the rest with the {@code with…} methods. */
    public static RequestAttributes of(Task task, String requestId) {
        return new RequestAttributes(task, null, Map.of(), Map.of(), null, null, requestId, null);
    }

    public RequestAttributes withRegion(String newRegion) {
        return new RequestAttributes(task, newRegion, headers, query, contentType, pageCount, requestId, tenant);
    }

    public RequestAttributes withHeaders(Map<String, String> newHeaders) {
        return new RequestAttributes(task, region, newHeaders, query, contentType, pageCount, requestId, tenant);
    }

    public RequestAttributes withQuery(Map<String, String> newQuery) {
        return new RequestAttributes(task, region, headers, newQuery, contentType, pageCount, requestId, tenant);
    }

    public RequestAttributes withContentType(String newContentType) {
        return new RequestAttributes(task, region, headers, query, newContentType, pageCount, requestId, tenant);
    }

    public RequestAttributes withPageCount(Integer newPageCount) {
        return new RequestAttributes(task, region, headers, query, contentType, newPageCount, requestId, tenant);
    }

    public RequestAttributes withTenant(String newTenant) {
        return new RequestAttributes(task, region, headers, query, contentType, pageCount, requestId, newTenant);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** The media type without parameters, lower-case: {@code image/png}. */
    public Optional<String> mediaType() {
        if (contentType == null) {
            return Optional.empty();
        }
        int semi = contentType.indexOf(';');
        String bare = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return bare.isEmpty() ? Optional.empty() : Optional.of(bare);
    }
}
