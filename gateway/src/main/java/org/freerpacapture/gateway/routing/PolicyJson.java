package org.freerpacapture.gateway.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one place the policy meets JSON: validated and bound in one pass, so binding never sees a bad document. */
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
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyException(VALIDATOR.validate(json));
        }
        return fromTree(tree);
    }

    static RoutingPolicy fromTree(JsonNode tree) {
        PolicyValidator.Checked checked = VALIDATOR.check(tree);
        if (!checked.errors().isEmpty()) {
            throw new InvalidPolicyException(checked.errors());
        }
        return checked.policy();
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
}
