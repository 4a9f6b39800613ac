package org.freerpacapture.gateway.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.List;

/** The one place the policy meets JSON: validate first, then bind, so binding never sees a bad document. */
final class PolicyJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private static final PolicyValidator VALIDATOR = new PolicyValidator();

    private PolicyJson() {
    }

    static RoutingPolicy parse(String json) {
        List<ValidationError> errors = VALIDATOR.validate(json);
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(errors);
        }
        return bind(readTree(json));
    }

    static RoutingPolicy fromTree(JsonNode tree) {
        List<ValidationError> errors = VALIDATOR.validate(tree);
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(errors);
        }
        return bind(tree);
    }

    static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    static JsonNode toTree(RoutingPolicy policy) {
        return MAPPER.valueToTree(policy);
    }

    static String write(RoutingPolicy policy) {
        try {
            return MAPPER.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a routing policy always serializes", e);
        }
    }

    private static RoutingPolicy bind(JsonNode tree) {
        try {
            return MAPPER.treeToValue(tree, RoutingPolicy.class);
        } catch (JsonProcessingException e) {
            // The schema admits only what the records bind; reaching here is a schema/record mismatch.
            throw new InvalidPolicyException(List.of(new ValidationError("", e.getOriginalMessage())));
        }
    }
}
