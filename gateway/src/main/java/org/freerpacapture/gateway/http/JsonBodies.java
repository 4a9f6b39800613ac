package org.freerpacapture.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vertx.core.buffer.Buffer;

import java.util.Map;

/**
 * Writes response bodies with Jackson, which knows the inference records (and {@code Polygon}'s wire form). Kafka
 * results are written here too, so they are the HTTP body byte for byte.
 */
public final class JsonBodies {

    public static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private JsonBodies() {
    }

    public static Buffer write(Object value) {
        try {
            return Buffer.buffer(MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response cannot be written as JSON", e);
        }
    }

    public static Buffer error(String code, String message) {
        return write(Map.of("error", new ErrorBody(code, message)));
    }

    record ErrorBody(String code, String message) {
    }
}
