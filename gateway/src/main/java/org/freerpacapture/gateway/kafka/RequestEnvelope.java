package org.freerpacapture.gateway.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import org.freerpacapture.gateway.http.AnalyzeQuery;
import org.freerpacapture.gateway.http.ApiException;
import org.freerpacapture.gateway.http.Reading;
import org.freerpacapture.gateway.tenants.Caller;
import org.freerpacapture.inference.document.DocumentException;
import org.freerpacapture.ocr.Task;

import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request record's value: what to read and how, as a bot writes it (schema and example in {@code docs/kafka.md}).
 * Parsing checks everything that can be checked without the document, with the HTTP API's own rules and codes, so a
 * record that can never be read is known before any work is spent on it.
 *
 * @param requestId   the caller's id: the record key of the result
 * @param task        document or screen
 * @param contentType the document's media type; for a source, may be empty (taken from what the source answers)
 * @param data        the document, when sent inline
 * @param source      where to fetch it from otherwise ({@code s3://bucket/key} or {@code https://host/path})
 * @param query       pages, features and what to find, as the HTTP API's query parameters say them
 * @param params      those parameters as sent, for routing
 * @param headers     what a routing policy matches on, names lower-case
 * @param replyTo     the topic the result goes to, when not the results topic
 * @param tenant      the tenant the request is served for, as the record names it ({@code default} when it does
 *                    not): whoever may write to the request topic is trusted to name it (docs/kafka.md)
 */
public record RequestEnvelope(String requestId, Task task, String contentType, byte[] data, URI source,
                              AnalyzeQuery query, Map<String, List<String>> params,
                              Map<String, List<String>> headers, Optional<String> replyTo, String tenant) {

    /** The caller's name of every request that came as a record. */
    static final String CALLER_NAME = "kafka";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    private static final int MAX_HEADERS = 32;
    private static final int MAX_HEADER_VALUE = 1024;

    /** Why a record can never be read: the HTTP API's status and code for the same mistake. */
    public static final class Refused extends Exception {

        private final int status;
        private final String code;
        private final String requestId;

        Refused(int status, String code, String message, String requestId) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.requestId = requestId;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }

        /** The request id, when the record had a usable one. */
        public Optional<String> requestId() {
            return Optional.ofNullable(requestId);
        }
    }

    /**
     * Reads a record's value.
     *
     * @param maxBytes the largest document accepted (inline, after base64)
     * @throws Refused when the record can never be read
     */
    public static RequestEnvelope parse(byte[] value, long maxBytes) throws Refused {
        if (value == null || value.length == 0) {
            throw new Refused(400, "invalid_envelope", "the record has no value: send the request envelope as a"
                    + " JSON object", null);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(value);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new Refused(400, "invalid_envelope", "the record value is not JSON: send the request envelope"
                    + " as a JSON object", null);
        } catch (java.io.IOException e) {
            throw new Refused(400, "invalid_envelope", "the record value cannot be read as JSON", null);
        }
        if (root == null || !root.isObject()) {
            throw new Refused(400, "invalid_envelope", "the record value must be a JSON object (the request"
                    + " envelope)", null);
        }
        JsonNode idNode = root.get("requestId");
        if (idNode == null || !idNode.isTextual()) {
            throw new Refused(400, "missing_field", "requestId is required: a string of 1-64 letters, digits,"
                    + " '.', '_' or '-'", null);
        }
        String requestId = idNode.asText();
        if (!REQUEST_ID.matcher(requestId).matches()) {
            throw new Refused(400, "invalid_field", "requestId must be 1-64 letters, digits, '.', '_' or '-'",
                    null);
        }
        try {
            return parse(root, requestId, maxBytes);
        } catch (ApiException e) {
            throw new Refused(e.status(), e.code(), e.getMessage(), requestId);
        } catch (DocumentException e) {
            throw new Refused(e.httpStatus(), e.code(), e.getMessage(), requestId);
        }
    }

    private static RequestEnvelope parse(JsonNode root, String id, long maxBytes) throws Refused, DocumentException {
        Task task = switch (text(root, "task", id).orElseThrow(() -> refused(400, "missing_field",
                "task is required: \"document\" or \"screen\"", id)).toLowerCase(Locale.ROOT)) {
            case "document" -> Task.DOCUMENT;
            case "screen" -> Task.SCREEN;
            default -> throw refused(400, "invalid_field", "task must be \"document\" or \"screen\"", id);
        };
        Optional<String> contentType = text(root, "contentType", id);
        Optional<String> data = text(root, "data", id);
        Optional<String> source = text(root, "source", id);
        if (data.isPresent() == source.isPresent()) {
            throw refused(400, "missing_field", "give the document either inline as \"data\" (base64) or by"
                    + " reference as \"source\" (s3://bucket/key or https://host/path), not both", id);
        }
        byte[] bytes = null;
        URI uri = null;
        if (data.isPresent()) {
            if (contentType.isEmpty()) {
                throw refused(400, "missing_field", "contentType is required with inline data (image/jpeg,"
                        + " image/png, application/pdf, ...)", id);
            }
            if ((long) data.get().length() * 3 / 4 > maxBytes + 3) {
                throw refused(413, "payload_too_large", "the document is larger than the " + maxBytes
                        + " bytes allowed", id);
            }
            try {
                bytes = Base64.getMimeDecoder().decode(data.get());
            } catch (IllegalArgumentException e) {
                throw refused(400, "invalid_field", "data is not base64", id);
            }
            if (bytes.length == 0) {
                throw refused(400, "invalid_field", "data is empty", id);
            }
            if (bytes.length > maxBytes) {
                throw refused(413, "payload_too_large", "the document is larger than the " + maxBytes
                        + " bytes allowed", id);
            }
        } else {
            uri = DocumentSources.parse(source.get()).orElseThrow(() -> refused(400, "invalid_field",
                    "source must be s3://bucket/key or https://host/path", id));
        }
        MultiMap params = MultiMap.caseInsensitiveMultiMap();
        text(root, "pages", id).ifPresent(p -> params.add("pages", p));
        texts(root, "features", id).forEach(f -> params.add("features", f));
        texts(root, "find", id).forEach(f -> params.add("find", f));
        for (String name : List.of("minScore", "limit", "target")) {
            JsonNode v = root.get(name);
            if (v != null && !v.isNull()) {
                if (!v.isValueNode()) {
                    throw refused(400, "invalid_field", name + " must be a number or a string", id);
                }
                params.add(name, v.asText());
            }
        }
        AnalyzeQuery query = AnalyzeQuery.parse(params);
        Optional<String> replyTo = text(root, "replyTo", id);
        if (replyTo.isPresent() && !TOPIC.matcher(replyTo.get()).matches()) {
            throw refused(400, "invalid_field", "replyTo must be a topic name: 1-249 letters, digits, '.', '_'"
                    + " or '-'", id);
        }
        Optional<String> tenant = text(root, "tenant", id);
        if (tenant.isPresent() && !Caller.isTenantId(tenant.get())) {
            throw refused(400, "invalid_field", "tenant must be 1-64 letters, digits, '.', '_' or '-'", id);
        }
        return new RequestEnvelope(id, task, contentType.orElse(""), bytes, uri, query, Reading.params(params),
                headers(root.get("headers"), id), replyTo, tenant.orElse(Caller.DEFAULT_TENANT));
    }

    /** Who the request is served for: the tenant the record names, proven by the broker's ACLs, not here. */
    public Caller caller() {
        return new Caller(tenant, CALLER_NAME, Caller.Proof.RECORD);
    }

    private static Map<String, List<String>> headers(JsonNode node, String id) throws Refused {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject() || node.size() > MAX_HEADERS) {
            throw refused(400, "invalid_field", "headers must be an object of at most " + MAX_HEADERS
                    + " names → string values", id);
        }
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!HEADER_NAME.matcher(e.getKey()).matches() || !e.getValue().isTextual()
                    || e.getValue().asText().length() > MAX_HEADER_VALUE) {
                throw refused(400, "invalid_field", "headers." + e.getKey().substring(0,
                        Math.min(64, e.getKey().length())) + " must be a header name with a string value of at most "
                        + MAX_HEADER_VALUE + " characters", id);
            }
            out.put(e.getKey().toLowerCase(Locale.ROOT), List.of(e.getValue().asText()));
        }
        return out;
    }

    private static Optional<String> text(JsonNode root, String name, String id) throws Refused {
        JsonNode v = root.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw refused(400, "invalid_field", name + " must be a string", id);
        }
        return v.asText().isBlank() ? Optional.empty() : Optional.of(v.asText().trim());
    }

    /** A string or an array of strings. */
    private static List<String> texts(JsonNode root, String name, String id) throws Refused {
        JsonNode v = root.get(name);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (v.isTextual()) {
            return List.of(v.asText());
        }
        if (v.isArray() && v.size() <= 64) {
            List<String> out = new java.util.ArrayList<>();
            for (JsonNode item : v) {
                if (!item.isTextual()) {
                    throw refused(400, "invalid_field", name + " must be a string or an array of strings", id);
                }
                out.add(item.asText());
            }
            return out;
        }
        throw refused(400, "invalid_field", name + " must be a string or an array of at most 64 strings", id);
    }

    private static Refused refused(int status, String code, String message, String id) {
        return new Refused(status, code, message, id);
    }
}
