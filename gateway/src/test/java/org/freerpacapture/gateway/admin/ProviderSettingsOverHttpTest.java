package org.freerpacapture.gateway.admin;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.support.RoutedGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A policy change cannot turn a cloud provider entry against the host: references outside the allowed secret
 * prefixes and directories, and endpoints that are not https or point at link-local, loopback or metadata hosts,
 * are refused with 422 at the setting's JSON pointer, before anything is read or called, and the policy in force
 * stays as it was.
 */
@ExtendWith(VertxExtension.class)
class ProviderSettingsOverHttpTest {

    private static final String BASE = """
            {"providers": {"test:a": {"kind": "test"}},
             "routes": [{"name": "all", "match": {}, "variants": [{"name": "a", "provider": "test:a", "weight": 1}]}]}
            """;

    /** The base policy plus one Azure entry with {@code settings}, named but never routed to. */
    private static String withAzure(String settings) {
        return BASE.replace("{\"test:a\": {\"kind\": \"test\"}}",
                "{\"test:a\": {\"kind\": \"test\"}, \"azure:x\": {\"kind\": \"azure-di\", " + settings + "}}");
    }

    private static List<JsonObject> errors(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonArray("errors").stream().map(JsonObject.class::cast).toList();
    }

    @Test
    void hostile_provider_settings_are_refused_with_422_at_their_pointer(Vertx vertx, @TempDir Path dir)
            throws Exception {
        Path outside = Files.writeString(dir.resolve("token"), "content-that-must-stay-home");
        Map<String, String> cases = Map.of(
                "\"endpoint\": \"https://x.cognitiveservices.azure.com\", \"key\": \"env:GATEWAY_ADMIN_TOKEN\"",
                "/providers/azure:x/key",
                "\"endpoint\": \"https://x.cognitiveservices.azure.com\", \"key\": \"file:" + outside + "\"",
                "/providers/azure:x/key",
                "\"endpoint\": \"https://x.cognitiveservices.azure.com\", "
                        + "\"key\": \"file:/run/secrets/../../etc/shadow\"",
                "/providers/azure:x/key",
                "\"endpoint\": \"http://169.254.169.254/latest/meta-data\", \"key\": \"env:AZURE_DI_KEY\"",
                "/providers/azure:x/endpoint",
                "\"endpoint\": \"https://metadata.google.internal\", \"key\": \"env:AZURE_DI_KEY\"",
                "/providers/azure:x/endpoint",
                "\"endpoint\": \"https://[fe80::1]\", \"key\": \"env:AZURE_DI_KEY\"",
                "/providers/azure:x/endpoint",
                "\"endpoint\": \"file:///etc/passwd\", \"key\": \"env:AZURE_DI_KEY\"",
                "/providers/azure:x/endpoint",
                "\"endpoint\": \"gopher://127.0.0.1:6379/_FLUSHALL\", \"key\": \"env:AZURE_DI_KEY\"",
                "/providers/azure:x/endpoint",
                "\"endpoint\": \"http://example.com\", \"key\": \"env:AZURE_DI_KEY\"",
                "/providers/azure:x/endpoint",
                "\"endpoint\": \"http://127.0.0.1:8081/admin/routing\", \"key\": \"env:AZURE_DI_KEY\"",
                "/providers/azure:x/endpoint");
        try (RoutedGateway g = RoutedGateway.start(vertx, BASE)) {
            for (Map.Entry<String, String> c : cases.entrySet()) {
                HttpResponse<Buffer> r = g.put(withAzure(c.getKey()));
                assertEquals(422, r.statusCode(), c.getKey() + " → " + r.bodyAsString());
                List<JsonObject> errors = errors(r);
                assertEquals(List.of(c.getValue()), errors.stream().map(e -> e.getString("pointer")).toList(),
                        r.bodyAsString());
                assertFalse(errors.get(0).getString("message").isBlank());
                assertFalse(r.bodyAsString().contains("must-stay-home"));
            }
            assertEquals(1, g.routing.store().current().version(), "no refused policy was put in force");
        }
    }

    @Test
    void the_messages_say_what_is_allowed(Vertx vertx) throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, BASE)) {
            HttpResponse<Buffer> r = g.put(withAzure(
                    "\"endpoint\": \"http://example.com\", \"key\": \"env:HOME\", \"region\": \"x.evil.com#\""));
            assertEquals(422, r.statusCode());
            Map<String, String> byPointer = errors(r).stream().collect(Collectors.toMap(
                    e -> e.getString("pointer"), e -> e.getString("message")));
            assertTrue(byPointer.get("/providers/azure:x/key").contains("GATEWAY_SECRET_"), byPointer.toString());
            assertTrue(byPointer.get("/providers/azure:x/endpoint").contains("https"), byPointer.toString());
            assertTrue(byPointer.get("/providers/azure:x/region").contains("host name"), byPointer.toString());
        }
    }
}
