package org.freerpacapture.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutingPolicyTest {

    @Test
    void parses_the_architecture_example_into_records() {
        RoutingPolicy p = RoutingPolicy.parse(Policies.architectureExample());
        assertEquals(7, p.version());
        assertEquals(List.of("onnx:ppocr-v4", "textract:eu-west-1", "azure:westeurope"), List.copyOf(p.providers().keySet()));
        RoutingPolicy.ProviderSpec azure = p.providers().get("azure:westeurope");
        assertEquals("azure-di", azure.kind());
        assertEquals("env:AZURE_DI_KEY", azure.string("key").orElseThrow());
        assertFalse(azure.config().containsKey("kind"), "kind is the record's own field");

        RoutingPolicy.Route eu = p.routes().get(0);
        assertEquals("eu-documents", eu.name());
        assertEquals(List.of("document"), eu.match().task());
        assertEquals(Map.of("X-Tenant-Id", List.of("acme", "globex")), eu.match().header());
        assertEquals(new RoutingPolicy.Variant("azure", "azure:westeurope", 10), eu.variants().get(1));
        assertEquals("header:X-Tenant-Id", eu.stickyBy());
        assertEquals(new RoutingPolicy.Guard(0.02, 4000L, 0.9, 200, "5m"), eu.canary().guard());
        assertEquals(new RoutingPolicy.Shadow("textract:eu-west-1", 5), eu.shadow());
        assertEquals(new RoutingPolicy.Cascade(0.85, "page", "azure:westeurope"), eu.cascade());
        assertEquals(List.of("onnx:ppocr-v4"), eu.fallback());
        assertTrue(p.routes().get(1).match().isCatchAll());
    }

    @Test
    void serializes_to_the_same_document_it_was_parsed_from() {
        JsonNode original = PolicyJson.readTree(Policies.architectureExample());
        RoutingPolicy p = RoutingPolicy.parse(Policies.architectureExample());
        JsonNode written = PolicyJson.readTree(p.toJson());
        // 5 and 5.0 are the same percent; compare numbers by value.
        assertTrue(original.equals((a, b) -> a.isNumber() && b.isNumber()
                ? Double.compare(a.asDouble(), b.asDouble()) : a.equals(b) ? 0 : 1, written), written.toString());
        assertEquals(p, RoutingPolicy.parse(p.toJson()));
    }

    @Test
    void version_is_optional_on_input() {
        RoutingPolicy p = RoutingPolicy.parse(Policies.ab(50, 50));
        assertEquals(0, p.version());
    }

    @Test
    void an_invalid_document_is_refused_with_all_its_errors() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> RoutingPolicy.parse(
                Policies.ab(-1, 0)));
        assertEquals(List.of("/routes/0/variants/0/weight"), e.errors().stream().map(ValidationError::pointer).toList());
    }

    @Test
    void the_default_policy_sends_everything_to_local_ppocr_v4() {
        RoutingPolicy p = RoutingPolicy.defaultPolicy();
        assertEquals(new RoutingPolicy.ProviderSpec("onnx", Map.of("model", "ppocr-v4")), p.providers().get("onnx:ppocr-v4"));
        assertEquals(new RoutingPolicy.ProviderSpec("onnx", Map.of("model", "ppocr-v3")), p.providers().get("onnx:ppocr-v3"));
        assertEquals(1, p.routes().size());
        RoutingPolicy.Route route = p.routes().get(0);
        assertEquals("default", route.name());
        assertTrue(route.match().isCatchAll());
        assertEquals(List.of(new RoutingPolicy.Variant("local", "onnx:ppocr-v4", 100)), route.variants());
        assertNull(route.canary());
        assertEquals(p, RoutingPolicy.parse(p.toJson()));
    }

    @Test
    void a_catch_all_route_serializes_its_match_as_an_empty_object() {
        JsonNode tree = PolicyJson.readTree(RoutingPolicy.defaultPolicy().toJson());
        JsonNode route = tree.path("routes").get(0);
        assertTrue(route.path("match").isObject() && route.path("match").isEmpty());
        assertFalse(route.has("fallback"));
        assertFalse(route.has("canary"));
    }

    @Test
    void with_route_replaces_by_name_and_refuses_unknown_names() {
        RoutingPolicy p = RoutingPolicy.parse(Policies.ab(50, 50));
        RoutingPolicy.Route ab = p.route("ab").orElseThrow();
        RoutingPolicy q = p.withRoute(ab.withVariants(List.of(ab.variants().get(0))));
        assertEquals(1, q.route("ab").orElseThrow().variants().size());
        assertEquals(p.routes().get(1), q.routes().get(1));
        assertThrows(IllegalArgumentException.class, () -> p.withRoute(
                new RoutingPolicy.Route("nope", null, ab.variants(), null, null, null, null, null)));
    }
}
