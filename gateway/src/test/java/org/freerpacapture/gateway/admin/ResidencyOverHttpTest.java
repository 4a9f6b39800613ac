package org.freerpacapture.gateway.admin;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.adapters.ProviderSafety;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.routing.Residency;
import org.freerpacapture.gateway.support.RoutedGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An EU replica with data residency set, over the admin API: a policy that would send an EU document to a provider
 * outside the EU hosts, as primary or only as fallback, is refused with 422 naming the provider and the rule, and
 * the policy in force stays; an EU-only policy is accepted and serves.
 */
@ExtendWith(VertxExtension.class)
class ResidencyOverHttpTest {

    @TempDir
    Path secrets;

    static final String TEST_PROVIDERS = """
            "test:eu": {"kind": "test", "lines": ["EU"]}, "test:other": {"kind": "test", "lines": ["OTHER"]}""";

    /** An EU route over {@code euMembers}, then a catch-all on another test provider; {@code more} providers. */
    static String policy(String more, String euMembers) {
        return """
                {"providers": {%s%s},
                 "routes": [{"name": "eu-documents", "match": {"region": ["eu-west"]}, %s},
                            {"name": "default", "match": {},
                             "variants": [{"name": "other", "provider": "test:other", "weight": 100}]}]}
                """.formatted(TEST_PROVIDERS, more.isEmpty() ? "" : ", " + more, euMembers);
    }

    static final String ON_EU_TEST = "\"variants\": [{\"name\": \"eu\", \"provider\": \"test:eu\", \"weight\": 100}]";

    private UnaryOperator<GatewayConfig> euReplica() {
        return c -> c.withRegion("eu-west")
                .withResidency(Residency.parse(List.of("eu-west"), List.of("*.eu-west-1.amazonaws.com",
                        "acme-we.cognitiveservices.azure.com")))
                .withProviderSafety(ProviderSafety.defaults().withSecretDir(secrets));
    }

    private static List<JsonObject> errors(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonArray("errors").stream().map(JsonObject.class::cast).toList();
    }

    @Test
    void a_non_eu_provider_as_primary_or_only_as_fallback_is_refused_and_the_policy_stays(Vertx vertx)
            throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, policy("", ON_EU_TEST), euReplica())) {
            long version = g.routing.store().current().version();
            String textractUs = "\"textract:us-east-1\": {\"kind\": \"textract\", \"region\": \"us-east-1\"}";
            List<String[]> cases = List.of(
                    new String[]{"\"variants\": [{\"name\": \"aws\", \"provider\": \"textract:us-east-1\", "
                            + "\"weight\": 100}]", "/routes/0/variants/0/provider"},
                    new String[]{ON_EU_TEST + ", \"fallback\": [\"test:eu\", \"textract:us-east-1\"]",
                            "/routes/0/fallback/1"},
                    new String[]{ON_EU_TEST + ", \"shadow\": {\"provider\": \"textract:us-east-1\", \"percent\": 1}",
                            "/routes/0/shadow/provider"});
            for (String[] c : cases) {
                HttpResponse<Buffer> r = g.put(policy(textractUs, c[0]));
                assertEquals(422, r.statusCode(), r.bodyAsString());
                assertEquals("invalid_policy", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
                List<JsonObject> errors = errors(r);
                assertEquals(List.of(c[1]), errors.stream().map(e -> e.getString("pointer")).toList(), c[0]);
                String message = errors.get(0).getString("message");
                assertTrue(message.contains("provider 'textract:us-east-1' sends documents to "
                        + "textract.us-east-1.amazonaws.com"), message);
                assertTrue(message.contains("data residency: documents served in eu-west"), message);
            }
            assertEquals(version, g.routing.store().current().version(), "no refused policy was put in force");
            assertEquals("test:eu", g.analyzeNow(null).getHeader("X-Provider"));
        }
    }

    @Test
    void an_endpoint_held_in_a_file_is_judged_by_the_host_it_holds(Vertx vertx) throws Exception {
        Path endpoint = Files.writeString(secrets.resolve("azure-endpoint"),
                "https://acme-eastus.cognitiveservices.azure.com\n");
        Files.writeString(secrets.resolve("azure-key"), "not-a-real-key");
        try (RoutedGateway g = RoutedGateway.start(vertx, policy("", ON_EU_TEST), euReplica())) {
            String azure = "\"azure:westeurope\": {\"kind\": \"azure-di\", \"endpoint\": \"file:" + endpoint
                    + "\", \"key\": \"file:" + secrets.resolve("azure-key") + "\"}";
            HttpResponse<Buffer> r = g.put(policy(azure, ON_EU_TEST + ", \"fallback\": [\"azure:westeurope\"]"));
            assertEquals(422, r.statusCode(), r.bodyAsString());
            String message = errors(r).get(0).getString("message");
            assertTrue(message.contains("provider 'azure:westeurope' sends documents to "
                    + "acme-eastus.cognitiveservices.azure.com"), message);
        }
    }

    @Test
    void an_eu_only_policy_with_an_eu_cloud_fallback_is_accepted_and_serves(Vertx vertx) throws Exception {
        Path key = Files.writeString(secrets.resolve("azure-key"), "not-a-real-key");
        try (RoutedGateway g = RoutedGateway.start(vertx, policy("", ON_EU_TEST), euReplica())) {
            String azure = "\"azure:we\": {\"kind\": \"azure-di\", "
                    + "\"endpoint\": \"https://acme-we.cognitiveservices.azure.com\", \"key\": \"file:" + key + "\"}";
            HttpResponse<Buffer> r = g.put(policy(azure, ON_EU_TEST + ", \"fallback\": [\"azure:we\"]"));
            assertEquals(200, r.statusCode(), r.bodyAsString());
            HttpResponse<Buffer> served = g.analyzeNow(null);
            assertEquals("eu-documents", served.getHeader("X-Route"));
            assertEquals("test:eu", served.getHeader("X-Provider"));
        }
    }

    @Test
    void a_replica_does_not_start_on_a_policy_that_breaks_residency(Vertx vertx) {
        String abroad = policy("\"textract:us-east-1\": {\"kind\": \"textract\", \"region\": \"us-east-1\"}",
                ON_EU_TEST + ", \"fallback\": [\"textract:us-east-1\"]");
        Exception e = assertThrows(Exception.class, () -> RoutedGateway.start(vertx, abroad, euReplica()));
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        assertTrue(cause.getMessage().contains("/routes/0/fallback/0"), cause.toString());
        assertTrue(cause.getMessage().contains("data residency"), cause.toString());
    }
}
