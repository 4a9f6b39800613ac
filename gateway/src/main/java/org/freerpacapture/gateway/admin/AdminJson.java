package org.freerpacapture.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.freerpacapture.gateway.routing.RoutingPolicy;
import org.freerpacapture.gateway.routing.ValidationError;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The admin API's bodies: JSON written by Jackson, errors in the gateway's one shape. */
final class AdminJson {

    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private AdminJson() {
    }

    static void send(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE).end(write(body));
    }

    /** The policy with its version as the ETag. */
    static void policy(RoutingContext ctx, int status, RoutingPolicy policy) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("ETag", etag(policy.version()))
                .end(policy.toJson());
    }

    static void error(RoutingContext ctx, int status, String code, String message) {
        send(ctx, status, Map.of("error", errorBody(code, message)));
    }

    /** 422 with every problem, each at its JSON pointer. */
    static void invalid(RoutingContext ctx, String message, List<ValidationError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", errorBody("invalid_policy", message));
        body.put("errors", errors);
        send(ctx, 422, body);
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    private static Map<String, String> errorBody(String code, String message) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message);
        return e;
    }

    private static Buffer write(Object body) {
        try {
            return Buffer.buffer(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin response cannot be written as JSON", e);
        }
    }
}
