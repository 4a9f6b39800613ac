package org.freerpacapture.gateway.routing;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Coverage-guided fuzzing of policy validation, the door every admin change and policy file comes through: any
 * text gets a list of errors, never an exception, and a text with no errors binds to a policy and round-trips.
 * Seeds (the policies of docs/routing.md) and every input that ever broke this are in {@code PolicyFuzzTestInputs}.
 */
class PolicyFuzzTest {

    private static final PolicyValidator VALIDATOR = new PolicyValidator();

    @FuzzTest(maxDuration = "60s")
    void any_text_is_validated_and_a_valid_one_binds(byte[] input) {
        String json = new String(input, StandardCharsets.UTF_8);
        List<ValidationError> errors = VALIDATOR.validate(json);
        errors.forEach(e -> assertFalse(e.message().isBlank(), "an error without a message at " + e.pointer()));
        if (errors.isEmpty()) {
            RoutingPolicy policy = PolicyJson.parse(json);
            assertEquals(List.of(), VALIDATOR.validate(policy), "a bound policy validates again");
            assertEquals(policy, PolicyJson.parse(PolicyJson.write(policy)));
        }
    }
}
