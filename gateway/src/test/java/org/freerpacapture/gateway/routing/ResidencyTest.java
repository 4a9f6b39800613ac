package org.freerpacapture.gateway.routing;

import io.vertx.core.Vertx;
import org.freerpacapture.adapters.ProviderFactory;
import org.freerpacapture.gateway.ProviderRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data residency as a rule on the policy: which routes can serve a bound region's documents, which of their providers
 * send them where, judged by the real adapters' endpoints through the provider registry (nothing is built or called).
 */
class ResidencyTest {

    static final Residency EU = Residency.parse(List.of("eu-west"), List.of("*.eu-west-1.amazonaws.com",
            "eu-documentai.googleapis.com", "acme-we.cognitiveservices.azure.com"));

    /** Providers in and out of the EU; ids that name a place do not make it so. */
    static final String PROVIDERS = """
            "onnx:ppocr-v4": {"kind": "onnx", "model": "ppocr-v4"},
            "test:eu": {"kind": "test"},
            "textract:eu": {"kind": "textract", "region": "eu-west-1"},
            "textract:us": {"kind": "textract", "region": "us-east-1"},
            "textract:eu-via-us": {"kind": "textract", "region": "eu-west-1",
                                   "endpoint": "https://vpce-1.textract.us-east-1.vpce.amazonaws.com"},
            "docai:eu": {"kind": "document-ai", "location": "eu", "processor": "p1",
                         "credentials": "file:/run/secrets/gcp.json"},
            "docai:default": {"kind": "document-ai", "processor": "p1", "credentials": "file:/run/secrets/gcp.json"},
            "azure:we": {"kind": "azure-di", "endpoint": "https://ACME-WE.cognitiveservices.azure.com./",
                         "key": "env:AZURE_DI_KEY"},
            "azure:westeurope": {"kind": "azure-di", "endpoint": "https://acme-eastus.cognitiveservices.azure.com",
                                 "key": "env:AZURE_DI_KEY"},
            "azure:unset": {"kind": "azure-di", "endpoint": "env:AZURE_DI_ENDPOINT_NOT_SET_ANYWHERE",
                            "key": "env:AZURE_DI_KEY"}
            """;

    /** The EU route's members when it reads locally. */
    static final String LOCAL = "\"variants\": [{\"name\": \"l\", \"provider\": \"onnx:ppocr-v4\", \"weight\": 100}]";

    private static Vertx vertx;
    private static ProviderRegistry registry;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        registry = new ProviderRegistry(vertx, Map.of(), new ProviderFactory(vertx), Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** Route {@code eu} (matching {@code euMatch}) with the given JSON members, then a catch-all on textract:us. */
    static RoutingPolicy policy(String euMatch, String euRoute) {
        return RoutingPolicy.parse("""
                {"providers": {%s},
                 "routes": [{"name": "eu", "match": %s, %s},
                            {"name": "default", "match": {},
                             "variants": [{"name": "us", "provider": "textract:us", "weight": 100}]}]}
                """.formatted(PROVIDERS, euMatch, euRoute));
    }

    static RoutingPolicy euRoute(String members) {
        return policy("{\"region\": [\"eu-west\"]}", members);
    }

    static List<ValidationError> check(Residency residency, RoutingPolicy policy) {
        return residency.check(policy, registry::destination);
    }

    @Test
    void a_policy_that_keeps_eu_documents_on_eu_hosts_and_local_engines_keeps_the_rule() {
        RoutingPolicy policy = euRoute("""
                "variants": [{"name": "local", "provider": "onnx:ppocr-v4", "weight": 80},
                             {"name": "aws", "provider": "textract:eu", "weight": 20},
                             {"name": "gcp", "provider": "docai:eu", "weight": 0}],
                "shadow": {"provider": "azure:we", "percent": 5},
                "cascade": {"minConfidence": 0.8, "scope": "page", "escalateTo": "test:eu"},
                "fallback": ["textract:eu", "onnx:ppocr-v4"]
                """);
        assertEquals(List.of(), check(EU, policy), "the catch-all on textract:us serves no eu-west document");
    }

    /** Where textract:us sits on the EU route, and the pointer it is refused at. */
    static Stream<Arguments> placesAbroad() {
        return Stream.of(
                Arguments.of("primary", "\"variants\": [{\"name\": \"us\", \"provider\": \"textract:us\", "
                        + "\"weight\": 100}]", "/routes/0/variants/0/provider"),
                Arguments.of("variant of weight 0", "\"variants\": [{\"name\": \"l\", \"provider\": "
                        + "\"onnx:ppocr-v4\", \"weight\": 100}, {\"name\": \"us\", \"provider\": \"textract:us\", "
                        + "\"weight\": 0}]", "/routes/0/variants/1/provider"),
                Arguments.of("fallback only", LOCAL + ", \"fallback\": [\"textract:eu\", \"textract:us\"]",
                        "/routes/0/fallback/1"),
                Arguments.of("shadow only", LOCAL + ", \"shadow\": {\"provider\": \"textract:us\", \"percent\": 1}",
                        "/routes/0/shadow/provider"),
                Arguments.of("cascade only", LOCAL + ", \"cascade\": {\"minConfidence\": 0.5, \"scope\": \"page\", "
                        + "\"escalateTo\": \"textract:us\"}", "/routes/0/cascade/escalateTo"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placesAbroad")
    void a_non_eu_provider_anywhere_on_an_eu_route_is_refused_at_its_pointer_naming_provider_and_rule(
            String place, String members, String pointer) {
        List<ValidationError> errors = check(EU, euRoute(members));
        assertEquals(List.of(pointer), errors.stream().map(ValidationError::pointer).toList(), place);
        String message = errors.get(0).message();
        for (String part : List.of("provider 'textract:us'", "sends documents to textract.us-east-1.amazonaws.com",
                "data residency", "documents served in eu-west", "GATEWAY_RESIDENCY_PROVIDER_HOSTS",
                "*.eu-west-1.amazonaws.com")) {
            assertTrue(message.contains(part), part + " in: " + message);
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            // the id says westeurope, the endpoint is in the US
            "azure:westeurope   | acme-eastus.cognitiveservices.azure.com",
            // an EU region with an endpoint override elsewhere: the override is what is called
            "textract:eu-via-us | vpce-1.textract.us-east-1.vpce.amazonaws.com",
            // Document AI without a location processes in the US multi-region
            "docai:default      | us-documentai.googleapis.com"})
    void providers_are_judged_by_the_host_they_call_not_by_their_name(String provider, String host) {
        List<ValidationError> errors = check(EU, euRoute(
                "\"variants\": [{\"name\": \"v\", \"provider\": \"" + provider + "\", \"weight\": 1}]"));
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).message().contains("sends documents to " + host), errors.get(0).message());
    }

    @Test
    void a_provider_whose_destination_cannot_be_told_is_refused_with_the_reason() {
        List<ValidationError> errors = check(EU, euRoute(
                "\"variants\": [{\"name\": \"v\", \"provider\": \"azure:unset\", \"weight\": 1}]"));
        assertEquals(List.of("/routes/0/variants/0/provider"), errors.stream().map(ValidationError::pointer).toList());
        assertTrue(errors.get(0).message().contains("cannot be told"), errors.get(0).message());
        assertTrue(errors.get(0).message().contains("AZURE_DI_ENDPOINT_NOT_SET_ANYWHERE"), errors.get(0).message());

        // A kind replaced in the factory (an embedder's own Azure client): its endpoint may mean anything.
        ProviderRegistry custom = new ProviderRegistry(vertx, Map.of(),
                new ProviderFactory(vertx).with("azure-di", (v, c) -> {
                    throw new AssertionError("never built for a residency check");
                }), Duration.ofSeconds(1));
        List<ValidationError> kind = EU.check(euRoute(
                "\"variants\": [{\"name\": \"v\", \"provider\": \"azure:we\", \"weight\": 1}]"), custom::destination);
        assertEquals(1, kind.size(), kind.toString());
        assertTrue(kind.get(0).message().contains("kind azure-di does not say where it sends documents"),
                kind.get(0).message());
        custom.close();
    }

    @Test
    void a_route_that_takes_only_some_eu_documents_leaves_the_routes_after_it_reachable() {
        RoutingPolicy tenantsOnly = policy("{\"region\": [\"eu-west\"], \"header\": {\"X-Tenant-Id\": [\"acme\"]}}",
                "\"variants\": [{\"name\": \"l\", \"provider\": \"onnx:ppocr-v4\", \"weight\": 1}]");
        List<ValidationError> errors = check(EU, tenantsOnly);
        assertEquals(List.of("/routes/1/variants/0/provider"), errors.stream().map(ValidationError::pointer).toList(),
                "other EU tenants fall through to the catch-all on textract:us");

        RoutingPolicy otherRegion = policy("{\"region\": [\"us-east\"]}",
                "\"variants\": [{\"name\": \"us\", \"provider\": \"textract:us\", \"weight\": 1}]");
        assertEquals(List.of("/routes/1/variants/0/provider"), check(EU, otherRegion).stream()
                .map(ValidationError::pointer).toList(), "a us-east route is not judged, the catch-all is");
    }

    @Test
    void regions_compare_case_insensitively_and_unbound_regions_are_free() {
        RoutingPolicy shouting = policy("{\"region\": [\"EU-West\"]}",
                "\"variants\": [{\"name\": \"us\", \"provider\": \"textract:us\", \"weight\": 1}]");
        assertEquals(List.of("/routes/0/variants/0/provider"), check(EU, shouting).stream()
                .map(ValidationError::pointer).toList());
        assertTrue(Residency.parse(List.of("EU-WEST"), List.of()).binds("eu-west"));
        assertEquals(List.of(), check(Residency.NONE, shouting));
    }

    @Test
    void with_regions_and_no_hosts_only_providers_inside_the_replica_pass() {
        Residency localOnly = Residency.parse(List.of("eu-west"), List.of());
        assertEquals(List.of(), check(localOnly, euRoute("""
                "variants": [{"name": "l", "provider": "onnx:ppocr-v4", "weight": 1}], "fallback": ["test:eu"]""")));
        List<ValidationError> errors = check(localOnly, euRoute(
                "\"variants\": [{\"name\": \"aws\", \"provider\": \"textract:eu\", \"weight\": 1}]"));
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).message().contains("GATEWAY_RESIDENCY_PROVIDER_HOSTS (none)"),
                errors.get(0).message());
    }

    @ParameterizedTest(name = "{0} allows {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "*.eu-west-1.amazonaws.com  | textract.eu-west-1.amazonaws.com             | true",
            "*.eu-west-1.amazonaws.com  | a.b.eu-west-1.amazonaws.com                  | true",
            "*.eu-west-1.amazonaws.com  | TEXTRACT.EU-WEST-1.AMAZONAWS.COM.            | true",
            "*.eu-west-1.amazonaws.com  | eu-west-1.amazonaws.com                      | false",
            "*.eu-west-1.amazonaws.com  | evil-eu-west-1.amazonaws.com                 | false",
            "*.eu-west-1.amazonaws.com  | textract.eu-west-1.amazonaws.com.evil.test   | false",
            "eu-documentai.googleapis.com | eu-documentai.googleapis.com               | true",
            "eu-documentai.googleapis.com | x.eu-documentai.googleapis.com             | false",
            "10.20.0.5                  | 10.20.0.5                                    | true",
            "10.20.0.5                  | 10.20.0.50                                   | false",
            "fd00::5                    | [fd00:0:0::5]                                | true",
            "fd00::5                    | [fd00::6]                                    | false"})
    void hosts_match_exactly_or_under_a_wildcard_domain(String entry, String host, boolean allowed) {
        assertEquals(allowed, Residency.parse(List.of("eu-west"), List.of(entry)).allows(host));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://textract.eu-west-1.amazonaws.com | without scheme, port or path",
            "textract.eu-west-1.amazonaws.com:443     | is not a host name or IP address",
            "*                                        | is not a host name, a *.domain pattern or an IP address",
            "*.                                       | is not a host name, a *.domain pattern or an IP address",
            "eu..amazonaws.com                        | is not a host name, a *.domain pattern or an IP address",
            "-eu.amazonaws.com                        | is not a host name, a *.domain pattern or an IP address",
            "*.10.0.0.1                               | is not a host name, a *.domain pattern or an IP address",
            "10.0.0.256                               | is not a host name, a *.domain pattern or an IP address",
            "fe80::1%eth0                             | is not a host name or IP address"})
    void a_host_entry_that_is_not_a_host_is_refused_naming_it(String entry, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Residency.parse(List.of("eu-west"), List.of("eu-documentai.googleapis.com", entry)));
        assertTrue(e.getMessage().contains("'" + entry + "'") && e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void the_store_refuses_to_start_with_accept_or_install_a_policy_that_breaks_the_rule() {
        PolicyRule rule = policy -> EU.check(policy, registry::destination);
        RoutingPolicy euOnly = euRoute("\"variants\": [{\"name\": \"l\", \"provider\": \"onnx:ppocr-v4\", "
                + "\"weight\": 1}]");
        RoutingPolicy abroad = euRoute("\"variants\": [{\"name\": \"l\", \"provider\": \"onnx:ppocr-v4\", "
                + "\"weight\": 1}], \"fallback\": [\"textract:us\"]");

        InvalidPolicyException start = assertThrows(InvalidPolicyException.class,
                () -> new PolicyStore(abroad, Clock.systemUTC(), 10, rule));
        assertTrue(start.getMessage().contains("/routes/0/fallback/0"), start.getMessage());

        PolicyStore store = new PolicyStore(euOnly, Clock.systemUTC(), 10, rule);
        UpdateResult put = store.update(abroad, store.current().version(), "ops", "");
        assertTrue(put instanceof UpdateResult.Rejected r
                && r.errors().get(0).pointer().equals("/routes/0/fallback/0"), put.toString());
        // What a replica does with a policy another replica published to the policy topic.
        RoutingPolicy before = store.current();
        assertThrows(InvalidPolicyException.class,
                () -> store.install(abroad.withVersion(7), "ops", "update", "", Instant.now()));
        assertEquals(before, store.current());
    }
}
