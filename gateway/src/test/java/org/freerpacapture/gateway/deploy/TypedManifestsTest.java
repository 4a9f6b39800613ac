package org.freerpacapture.gateway.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed binding the manifest tests rely on refuses what the API server would: unknown fields and kinds. */
class TypedManifestsTest {

    @Test
    void the_base_deployment_binds_to_its_model() throws IOException {
        Deployment d = SourceManifests.baseDeployment();

        assertEquals("rpa-gateway", d.getMetadata().getName());
        assertEquals(1, d.getSpec().getTemplate().getSpec().getContainers().size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_misspelt_field_deep_in_a_deployment_fails_the_binding() throws IOException {
        Map<String, Object> doc = (Map<String, Object>) SourceManifests.yaml(SourceManifests.BASE_DEPLOYMENT);
        Map<String, Object> container = (Map<String, Object>) path(doc, "spec", "template", "spec", "containers");
        Map<String, Object> probe = (Map<String, Object>) container.get("readinessProbe");
        Map<String, Object> httpGet = (Map<String, Object>) probe.get("httpGet");
        httpGet.put("paht", httpGet.remove("path"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TypedManifests.bind(doc));
        assertTrue(e.getMessage().contains("paht"), e.getMessage());
    }

    @Test
    void a_field_of_the_envoy_gateway_policy_its_records_do_not_name_fails_too() {
        Map<String, Object> doc = Map.of("apiVersion", EnvoyGateway.API_VERSION, "kind", "BackendTrafficPolicy",
                "metadata", Map.of("name", "p"), "spec", Map.of("healthCheck", Map.of("activ", Map.of())));

        assertThrows(IllegalArgumentException.class, () -> TypedManifests.bind(doc));
        Object ok = TypedManifests.bind(Map.of("apiVersion", EnvoyGateway.API_VERSION, "kind", "BackendTrafficPolicy",
                "metadata", Map.of("name", "p"), "spec", Map.of("healthCheck", Map.of("panicThreshold", 0))));
        assertInstanceOf(EnvoyGateway.BackendTrafficPolicy.class, ok);
    }

    @Test
    void a_kind_without_a_model_fails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TypedManifests.parse(
                "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n"));
        assertTrue(e.getMessage().contains("example.com/v1/Widget"), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> doc, String... keys) {
        Object at = doc;
        for (String k : keys) {
            at = ((Map<String, Object>) at).get(k);
        }
        return at instanceof List<?> list ? list.get(0) : at;
    }
}
