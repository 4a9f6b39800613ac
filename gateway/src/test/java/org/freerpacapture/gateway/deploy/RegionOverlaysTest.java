package org.freerpacapture.gateway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.routing.PolicyValidator;
import org.freerpacapture.gateway.routing.ValidationError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each region's overlay: its region, Kafka, cloud identity and bounds, and a routing policy the gateway accepts. */
class RegionOverlaysTest {

    static final List<String> REGIONS = RenderedManifests.REGIONS;

    private static final String POLICY_VOLUME = "policy-seed";

    @ParameterizedTest
    @FieldSource("REGIONS")
    void serves_as_its_region_with_its_own_kafka_and_cloud_region(String region) {
        Rendered r = RenderedManifests.of(RenderedManifests.overlay(region));
        GatewayConfig settings = r.settings();
        Map<String, String> env = r.environment();

        assertEquals(region, settings.region());
        assertTrue(settings.kafka().enabled(), "each region reads its own Kafka");
        assertTrue(env.get("GATEWAY_KAFKA_BOOTSTRAP").contains("." + region + "."), "the region's own brokers");
        assertTrue(env.get("AWS_REGION").startsWith(region + "-"), "AWS_REGION: " + env.get("AWS_REGION"));
        String role = r.one(ServiceAccount.class, Rendered.APP).getMetadata().getAnnotations()
                .get("eks.amazonaws.com/role-arn");
        assertNotNull(role, "IRSA gives the pods the region's AWS role");
        assertTrue(role.endsWith("/rpa-gateway-" + region), role);
    }

    @ParameterizedTest
    @FieldSource("REGIONS")
    void the_seed_policy_passes_the_gateways_validator(String region) {
        String policy = policy(RenderedManifests.of(RenderedManifests.overlay(region)));
        List<ValidationError> errors = new PolicyValidator().validate(policy);

        assertEquals(List.of(), errors);
    }

    @Test
    void the_base_policy_passes_the_validator_too() {
        assertEquals(List.of(), new PolicyValidator().validate(policy(RenderedManifests.of(RenderedManifests.BASE))));
    }

    @Test
    void eu_west_reads_documents_only_inside_the_eu_fallbacks_included() throws IOException {
        Rendered r = RenderedManifests.of(RenderedManifests.overlay("eu-west"));
        JsonNode policy = new ObjectMapper().readTree(policy(r));

        List<String> outside = new ArrayList<>();
        policy.path("providers").fields().forEachRemaining(p ->
                EuResidency.outside(p.getKey(), p.getValue()).ifPresent(outside::add));
        assertEquals(List.of(), outside);
        // The check above covers every provider a route can reach: the validator refuses a reference to any other.
        assertTrue(policy.path("providers").size() > 1, "the EU policy names its cloud providers");
        assertTrue(EuResidency.AWS_REGIONS.contains(r.environment().get("AWS_REGION")),
                "S3 sources are read in the gateway's AWS region, which must be the EU's");
    }

    @Test
    void a_provider_outside_the_eu_would_be_caught() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> outside = Map.of(
                "textract:eu-west-2", "{\"kind\": \"textract\", \"region\": \"eu-west-2\"}",
                "azure:uksouth",
                "{\"kind\": \"azure-di\", \"endpoint\": \"https://uksouth.api.cognitive.microsoft.com\"}",
                "azure:custom", "{\"kind\": \"azure-di\", \"endpoint\": \"https://acme.cognitiveservices.azure.com\"}",
                "docai:us", "{\"kind\": \"document-ai\", \"processor\": \"p\"}",
                "test:x", "{\"kind\": \"test\"}");
        for (Map.Entry<String, String> e : outside.entrySet()) {
            Optional<String> why = EuResidency.outside(e.getKey(), json.readTree(e.getValue()));
            assertTrue(why.isPresent(), e.getKey() + " must count as outside the EU");
        }
        assertFalse(EuResidency.outside("textract:eu-central-1",
                json.readTree("{\"kind\": \"textract\", \"region\": \"eu-central-1\"}")).isPresent());
    }

    private static String policy(Rendered r) {
        return r.mountedConfigMap(POLICY_VOLUME).getData().get("policy.json");
    }
}
