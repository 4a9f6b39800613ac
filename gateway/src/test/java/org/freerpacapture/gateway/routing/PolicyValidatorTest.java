package org.freerpacapture.gateway.routing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyValidatorTest {

    private final PolicyValidator validator = new PolicyValidator();

    private Map<String, String> errors(String json) {
        List<ValidationError> list = validator.validate(json);
        return list.stream().collect(Collectors.toMap(ValidationError::pointer, ValidationError::message,
                (a, b) -> a + " | " + b));
    }

    private static String withRoutes(String providers, String routes) {
        return "{\"providers\": {" + providers + "}, \"routes\": [" + routes + "]}";
    }

    private static final String V4 = "\"onnx:ppocr-v4\": {\"kind\": \"onnx\", \"model\": \"ppocr-v4\"}";
    private static final String DEFAULT_ROUTE =
            "{\"name\": \"default\", \"match\": {}, \"variants\": [{\"name\": \"local\", \"provider\": \"onnx:ppocr-v4\", \"weight\": 100}]}";

    @Test
    void the_architecture_example_is_valid() {
        assertEquals(List.of(), validator.validate(Policies.architectureExample()));
    }

    @Test
    void the_default_policy_is_valid() {
        assertEquals(List.of(), validator.validate(RoutingPolicy.defaultPolicy()));
    }

    @Test
    void malformed_json_is_one_error_at_the_root_with_line_and_column() {
        List<ValidationError> errors = validator.validate("{\n  \"providers\": {,\n}");
        assertEquals(1, errors.size());
        assertEquals("", errors.get(0).pointer());
        assertTrue(errors.get(0).message().contains("line 2, column"), errors.get(0).message());
    }

    @Test
    void an_empty_body_is_one_error_at_the_root() {
        List<ValidationError> errors = validator.validate("");
        assertEquals(1, errors.size());
        assertEquals("", errors.get(0).pointer());
    }

    @Test
    void reports_every_error_with_its_pointer_not_just_the_first() {
        String json = withRoutes(V4, """
                {"name": "a", "match": {"task": ["document"]},
                 "variants": [{"name": "x", "provider": "onnx:nope", "weight": -5},
                              {"name": "x", "provider": "onnx:ppocr-v4", "weight": 0}],
                 "shadow": {"provider": "textract:missing", "percent": 150},
                 "cascade": {"minConfidence": 0.8, "escalateTo": "azure:missing"},
                 "fallback": ["onnx:ppocr-v4", "gone"],
                 "stickyBy": "cookie:x"},
                {"name": "a", "match": {"region": ["eu"]},
                 "variants": [{"name": "y", "provider": "onnx:ppocr-v4", "weight": 0}]}
                """);
        Map<String, String> e = errors(json);
        assertTrue(e.get("/routes/0/variants/0/provider").contains("unknown provider 'onnx:nope'"), e.toString());
        assertTrue(e.get("/routes/0/variants/0/weight").contains("negative"), e.toString());
        assertTrue(e.get("/routes/0/variants/1/name").contains("duplicate variant"), e.toString());
        assertTrue(e.get("/routes/0/shadow/provider").contains("unknown provider"), e.toString());
        assertTrue(e.get("/routes/0/shadow/percent").contains("between 0 and 100"), e.toString());
        assertTrue(e.get("/routes/0/cascade/escalateTo").contains("unknown provider"), e.toString());
        assertTrue(e.get("/routes/0/fallback/1").contains("unknown provider 'gone'"), e.toString());
        assertTrue(e.get("/routes/0/stickyBy").contains("header:NAME"), e.toString());
        assertTrue(e.get("/routes/1/name").contains("duplicate route name"), e.toString());
        assertTrue(e.get("/routes/1/variants").contains("sum to 0"), e.toString());
        assertTrue(e.get("/routes").contains("catch-all"), e.toString());
        assertFalse(e.containsKey("/routes/0/variants"), "weights -5 + 0 are reported as negative, not as a sum");
    }

    @Test
    void a_policy_without_a_catch_all_route_is_invalid() {
        String json = withRoutes(V4, """
                {"name": "docs", "match": {"task": ["document"]},
                 "variants": [{"name": "local", "provider": "onnx:ppocr-v4", "weight": 1}]}
                """);
        assertEquals(Map.of("/routes", "no catch-all route: the last route needs \"match\": {} so every request has one"),
                errors(json));
    }

    @Test
    void a_match_whose_fields_are_all_empty_or_absent_is_a_catch_all() {
        String empty = withRoutes(V4, """
                {"name": "all", "match": {"task": [], "header": {}},
                 "variants": [{"name": "local", "provider": "onnx:ppocr-v4", "weight": 1}]}
                """);
        String absent = withRoutes(V4, """
                {"name": "all", "variants": [{"name": "local", "provider": "onnx:ppocr-v4", "weight": 1}]}
                """);
        assertEquals(List.of(), validator.validate(empty));
        assertEquals(List.of(), validator.validate(absent));
    }

    @Test
    void a_tenant_match_names_tenant_ids_and_is_not_a_catch_all() {
        String valid = withRoutes(V4, """
                {"name": "finance", "match": {"tenant": ["finance", "audit.eu"]},
                 "variants": [{"name": "local", "provider": "onnx:ppocr-v4", "weight": 1}]},
                """ + DEFAULT_ROUTE);
        assertEquals(List.of(), validator.validate(valid));
        assertEquals(List.of("finance", "audit.eu"),
                RoutingPolicy.parse(valid).routes().get(0).match().tenant());

        String onlyTenants = withRoutes(V4, """
                {"name": "finance", "match": {"tenant": ["finance"]},
                 "variants": [{"name": "local", "provider": "onnx:ppocr-v4", "weight": 1}]}
                """);
        assertTrue(errors(onlyTenants).containsKey("/routes"), "a tenant route is no catch-all");

        String bad = withRoutes(V4, """
                {"name": "finance", "match": {"tenant": ["fin ance", ""]},
                 "variants": [{"name": "local", "provider": "onnx:ppocr-v4", "weight": 1}]},
                """ + DEFAULT_ROUTE);
        Map<String, String> e = errors(bad);
        assertTrue(e.containsKey("/routes/0/match/tenant/0"), e.toString());
        assertTrue(e.containsKey("/routes/0/match/tenant/1"), e.toString());
    }

    @Test
    void a_route_after_the_catch_all_is_unreachable() {
        String json = withRoutes(V4, DEFAULT_ROUTE + """
                , {"name": "late", "match": {"task": ["screen"]},
                   "variants": [{"name": "local", "provider": "onnx:ppocr-v4", "weight": 1}]}
                """);
        assertTrue(errors(json).get("/routes/1").contains("unreachable"));
    }

    @Test
    void on_budget_exhausted_is_local_or_refuse_and_round_trips() {
        String refuse = withRoutes(V4, DEFAULT_ROUTE.replace("}]}", "}], \"onBudgetExhausted\": \"refuse\"}"));
        assertEquals(List.of(), validator.validate(refuse));
        RoutingPolicy parsed = RoutingPolicy.parse(refuse);
        assertTrue(parsed.routes().get(0).refusesOverBudget());
        assertEquals(parsed, RoutingPolicy.parse(parsed.toJson()));
        assertFalse(RoutingPolicy.parse(withRoutes(V4, DEFAULT_ROUTE)).toJson().contains("onBudgetExhausted"),
                "a route that says nothing is written as it was");

        Map<String, String> e = errors(withRoutes(V4,
                DEFAULT_ROUTE.replace("}]}", "}], \"onBudgetExhausted\": \"cloud\"}")));
        assertTrue(e.containsKey("/routes/0/onBudgetExhausted"), e.toString());
    }

    @Test
    void structural_errors_come_from_the_schema_with_pointers() {
        String json = """
                {"version": -1, "extra": true,
                 "providers": {"onnx:ppocr-v4": {"kind": "tesseract"}, "onnx:x": {"kind": "onnx"}},
                 "routes": [{"name": "default", "match": {"task": ["fax"], "pageCount": {"min": 0}},
                             "variants": [{"name": "local", "provider": "onnx:ppocr-v4", "weight": 1.5},
                                          {"provider": "onnx:ppocr-v4", "weight": 1}]}]}
                """;
        Map<String, String> e = errors(json);
        assertTrue(e.containsKey("/version"), e.toString());
        assertTrue(e.get("/extra").contains("not a known field"), e.toString());
        assertTrue(e.containsKey("/providers/onnx:ppocr-v4/kind"), e.toString());
        assertTrue(e.get("/providers/onnx:x/model").contains("required"), e.toString());
        assertTrue(e.containsKey("/routes/0/match/task/0"), e.toString());
        assertTrue(e.containsKey("/routes/0/match/pageCount/min"), e.toString());
        assertTrue(e.containsKey("/routes/0/variants/0/weight"), e.toString());
        assertEquals("is required", e.get("/routes/0/variants/1/name"));
    }

    @Test
    void missing_top_level_fields_are_reported_at_their_own_pointer() {
        Map<String, String> e = errors("{}");
        assertEquals("is required", e.get("/providers"));
        assertEquals("is required", e.get("/routes"));
    }

    @Test
    void canary_rules_name_the_variant_guard_and_window() {
        String json = withRoutes(V4, """
                {"name": "default", "match": {},
                 "variants": [{"name": "local", "provider": "onnx:ppocr-v4", "weight": 100}],
                 "canary": {"variant": "ghost", "guard": {"minRequests": 10, "window": "2d"}}}
                """);
        Map<String, String> e = errors(json);
        assertTrue(e.get("/routes/0/canary/variant").contains("not a variant"), e.toString());
        assertTrue(e.get("/routes/0/canary/guard").contains("at least one of"), e.toString());
        assertTrue(e.get("/routes/0/canary/guard/window").contains("30s, 5m or 1h"), e.toString());
    }

    @Test
    void guard_values_must_be_sane() {
        String json = withRoutes(V4, """
                {"name": "default", "match": {},
                 "variants": [{"name": "local", "provider": "onnx:ppocr-v4", "weight": 100}],
                 "canary": {"variant": "local", "guard": {"maxErrorRate": 1.5, "maxP99Ms": 0, "minAgreement": 0.9,
                                                           "minRequests": 0, "window": "2h"}}}
                """);
        Map<String, String> e = errors(json);
        assertTrue(e.containsKey("/routes/0/canary/guard/maxErrorRate"), e.toString());
        assertTrue(e.containsKey("/routes/0/canary/guard/maxP99Ms"), e.toString());
        assertTrue(e.containsKey("/routes/0/canary/guard/minRequests"), e.toString());
        assertTrue(e.get("/routes/0/canary/guard/minAgreement").contains("shadow"), e.toString());
        assertTrue(e.get("/routes/0/canary/guard/window").contains("between 10s and 1h"), e.toString());
    }

    @Test
    void page_count_bounds_must_be_ordered() {
        String json = withRoutes(V4, """
                {"name": "big", "match": {"pageCount": {"min": 10, "max": 2}},
                 "variants": [{"name": "local", "provider": "onnx:ppocr-v4", "weight": 1}]},
                """ + DEFAULT_ROUTE);
        assertTrue(errors(json).get("/routes/0/match/pageCount").contains("above max"));
    }

    @Test
    void literal_secrets_are_rejected_and_references_accepted() {
        String json = withRoutes("""
                "azure:we": {"kind": "azure-di", "endpoint": "https://x.cognitiveservices.azure.com",
                             "key": "0123456789abcdef0123456789abcdef"},
                "textract:eu": {"kind": "textract", "region": "eu-west-1", "credentials": "file:/run/secrets/aws"},
                "docai:eu": {"kind": "document-ai", "processor": "p1", "Credentials": "AKIAEXAMPLE"},
                """ + V4, DEFAULT_ROUTE);
        Map<String, String> e = errors(json);
        assertEquals(2, e.size(), e.toString());
        assertTrue(e.get("/providers/azure:we/key").contains("env:NAME or file:PATH"), e.toString());
        assertTrue(e.get("/providers/docai:eu/Credentials").contains("env:NAME or file:PATH"), e.toString());
        assertFalse(e.toString().contains("0123456789abcdef"), "the secret itself is never echoed");
    }

    @Test
    void a_local_provider_names_a_text_repair_that_exists() {
        String json = withRoutes("""
                "onnx:prose": {"kind": "onnx", "model": "ppocr-v4", "textRepair": "none"},
                "onnx:invoices": {"kind": "onnx", "model": "ppocr-v4", "textRepair": "invoices"},
                """ + V4, DEFAULT_ROUTE);
        Map<String, String> e = errors(json);
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.containsKey("/providers/onnx:invoices/textRepair"), e.toString());
    }

    @Test
    void pointers_escape_slashes_in_provider_ids() {
        String json = withRoutes("\"projects/p/processors/q\": {\"kind\": \"document-ai\", \"key\": \"literal\"}, " + V4,
                DEFAULT_ROUTE);
        Map<String, String> e = errors(json);
        assertTrue(e.containsKey("/providers/projects~1p~1processors~1q/key"), e.toString());
    }

    @Test
    void errors_are_ordered_by_position_in_the_document() {
        String json = withRoutes(V4, """
                {"name": "r", "match": {"task": ["document"]}, "variants": [
                  {"name": "a", "provider": "p2", "weight": 1}, {"name": "b", "provider": "p10", "weight": 1},
                  {"name": "c", "provider": "p3", "weight": 1}, {"name": "d", "provider": "p4", "weight": 1},
                  {"name": "e", "provider": "p5", "weight": 1}, {"name": "f", "provider": "p6", "weight": 1},
                  {"name": "g", "provider": "p7", "weight": 1}, {"name": "h", "provider": "p8", "weight": 1},
                  {"name": "i", "provider": "p9", "weight": 1}, {"name": "j", "provider": "p11", "weight": 1},
                  {"name": "k", "provider": "p12", "weight": 1}]},
                """ + DEFAULT_ROUTE);
        List<String> pointers = validator.validate(json).stream().map(ValidationError::pointer).toList();
        assertEquals("/routes/0/variants/2/provider", pointers.get(2));
        assertEquals("/routes/0/variants/10/provider", pointers.get(10));
    }
}
