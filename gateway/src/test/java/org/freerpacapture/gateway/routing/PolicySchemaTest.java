package org.freerpacapture.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.freerpacapture.adapters.ProviderSafety;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicySchemaTest {

    @Test
    void the_schema_is_a_valid_draft_2020_12_schema() {
        JsonNode schema = PolicyJson.readTree(PolicySchema.text());
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
        var meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(com.networknt.schema.SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertEquals(java.util.Set.of(), meta.validate(schema));
    }

    @Test
    void the_schema_is_on_the_classpath_where_the_admin_api_serves_it_from() {
        assertTrue(PolicySchema.class.getClassLoader().getResource(PolicySchema.RESOURCE) != null);
        assertTrue(PolicySchema.text().contains("\"stickyBy\""));
    }

    /** Every complete policy in docs/routing.md must be valid, so operators can copy them. */
    @Test
    void every_policy_example_in_the_operator_guide_is_valid() throws IOException {
        List<String> policies = guidePolicies();
        assertTrue(policies.size() >= 5, "found " + policies.size() + " complete examples");
        for (String policy : policies) {
            assertEquals(List.of(), new PolicyValidator().validate(policy), policy);
        }
    }

    /** The guide's cloud entries reference only what the default provider safety allows, so they work as written. */
    @Test
    void every_provider_entry_in_the_operator_guide_passes_the_default_provider_safety() throws IOException {
        int cloudEntries = 0;
        for (String policy : guidePolicies()) {
            for (RoutingPolicy.ProviderSpec spec : RoutingPolicy.parse(policy).providers().values()) {
                if (!spec.kind().equals("onnx") && !spec.kind().equals("test")) {
                    cloudEntries++;
                    assertEquals(List.of(), ProviderSafety.defaults().check(spec.config()), spec.config().toString());
                }
            }
        }
        assertTrue(cloudEntries >= 3, "found " + cloudEntries + " cloud entries");
    }

    private static List<String> guidePolicies() throws IOException {
        Path guide = Path.of(System.getProperty("user.dir")).resolve("../docs/routing.md").normalize();
        String text = Files.readString(guide);
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(text);
        List<String> policies = new ArrayList<>();
        while (m.find()) {
            if (m.group(1).contains("\"routes\"") && m.group(1).contains("\"providers\"")) {
                policies.add(m.group(1));
            }
        }
        return policies;
    }
}
