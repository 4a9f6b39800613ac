package org.freerpacapture.gateway.tenants;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.observability.CapturedLogs;
import org.freerpacapture.gateway.support.RawHttp;
import org.freerpacapture.gateway.support.RoutedGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API keys over real HTTP on loopback: a gateway with {@code GATEWAY_AUTH=api-key} and a key file written by the
 * test, routed by {@code match.tenant} over two test providers.
 */
@ExtendWith(VertxExtension.class)
class ApiKeysOverHttpTest {

    /** Finance's documents on one provider, everyone else's on the other. */
    static final String POLICY = """
            {"providers": {"test:finance": {"kind": "test", "lines": ["FINANCE"]},
                           "test:shared": {"kind": "test", "lines": ["SHARED"]}},
             "routes": [{"name": "finance", "match": {"tenant": ["finance"]},
                         "variants": [{"name": "f", "provider": "test:finance", "weight": 100}]},
                        {"name": "default", "match": {},
                         "variants": [{"name": "s", "provider": "test:shared", "weight": 100}]}]}
            """;

    static final String FINANCE_KEY = "rvg_finance_6b1e0d4c9a7f42b8a3d5e1f0c2b4a6d8";
    static final String OPS_KEY = "rvg_ops_0f9e8d7c6b5a49382716a5b4c3d2e1f0";

    @TempDir
    Path dir;

    private Path keyFile(String... entries) throws Exception {
        Path file = dir.resolve("api-keys.json");
        replace(file, "{\"keys\": [" + String.join(", ", entries) + "]}");
        return file;
    }

    private static String entry(String name, String tenant, String key) {
        return new JsonObject().put("name", name).put("tenant", tenant).put("hash", ApiKeys.hash(key)).encode();
    }

    /** As a Kubernetes Secret mount changes: the new content appears at once, never half written. */
    private static void replace(Path file, String content) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, content, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private RoutedGateway start(Vertx vertx, Path keys) throws Exception {
        return RoutedGateway.start(vertx, POLICY, c -> c.withAuth(
                new AuthSettings(Set.of(AuthSettings.Method.API_KEY), keys, null)));
    }

    private static HttpResponse<Buffer> analyze(RoutedGateway g, String path, Map<String, String> headers)
            throws Exception {
        HttpRequest<Buffer> request = g.api.post(path).putHeader("Content-Type", "image/png");
        headers.forEach(request::putHeader);
        return request.sendBuffer(Buffer.buffer(RoutedGateway.TINY_PNG)).await(20, TimeUnit.SECONDS);
    }

    private static void assertUnauthorized(HttpResponse<Buffer> r, String challengeError) {
        assertEquals(401, r.statusCode(), r.bodyAsString());
        assertEquals("unauthorized", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
        String challenge = r.getHeader("WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer realm=\"rpa-vision-gateway\""), challenge);
        if (challengeError == null) {
            assertFalse(challenge.contains("error="), challenge);
        } else {
            assertTrue(challenge.contains("error=\"" + challengeError + "\""), challenge);
        }
        for (String key : new String[] {FINANCE_KEY, OPS_KEY, "not-a-key"}) {
            assertFalse(r.bodyAsString().contains(key) || challenge.contains(key), "the answer echoes a key");
        }
    }

    @Test
    void without_a_key_the_analyze_endpoints_answer_401_and_health_and_the_spec_stay_open(Vertx vertx)
            throws Exception {
        try (RoutedGateway g = start(vertx, keyFile(entry("invoice-bot", "finance", FINANCE_KEY)))) {
            HttpResponse<Buffer> documents = analyze(g, HttpApi.DOCUMENTS_ANALYZE, Map.of());
            assertUnauthorized(documents, null);
            assertTrue(documents.bodyAsJsonObject().getJsonObject("error").getString("message")
                    .contains("X-API-Key"), documents.bodyAsString());
            assertUnauthorized(analyze(g, HttpApi.SCREENS_ANALYZE, Map.of()), null);
            assertUnauthorized(analyze(g, HttpApi.DOCUMENTS_ANALYZE, Map.of("Authorization", "Basic dTpw")),
                    "invalid_request");
            for (String open : new String[] {HttpApi.HEALTH_LIVE, HttpApi.HEALTH_READY, HttpApi.OPENAPI}) {
                assertEquals(200, g.api.get(open).send().await(10, TimeUnit.SECONDS).statusCode(), open);
            }
        }
    }

    @Test
    void a_wrong_key_is_refused_and_a_listed_one_is_served_and_routed_under_its_tenant(Vertx vertx)
            throws Exception {
        try (RoutedGateway g = start(vertx, keyFile(entry("invoice-bot", "finance", FINANCE_KEY),
                entry("ops-bot", "ops", OPS_KEY)))) {
            assertUnauthorized(analyze(g, HttpApi.DOCUMENTS_ANALYZE, Map.of("Authorization", "Bearer not-a-key")),
                    "invalid_token");
            assertUnauthorized(analyze(g, HttpApi.DOCUMENTS_ANALYZE, Map.of("X-API-Key", "not-a-key")),
                    "invalid_token");
            // a key's hash is not a key
            assertUnauthorized(analyze(g, HttpApi.DOCUMENTS_ANALYZE,
                    Map.of("X-API-Key", ApiKeys.hash(FINANCE_KEY))), "invalid_token");

            HttpResponse<Buffer> finance = analyze(g, HttpApi.DOCUMENTS_ANALYZE,
                    Map.of("Authorization", "Bearer " + FINANCE_KEY));
            assertEquals(200, finance.statusCode(), finance.bodyAsString());
            assertEquals("finance", finance.getHeader("X-Route"));
            assertEquals("test:finance", finance.getHeader("X-Provider"));
            assertEquals("FINANCE", finance.bodyAsJsonObject().getString("content"));

            HttpResponse<Buffer> ops = analyze(g, HttpApi.DOCUMENTS_ANALYZE, Map.of("X-API-Key", OPS_KEY));
            assertEquals(200, ops.statusCode(), ops.bodyAsString());
            assertEquals("default", ops.getHeader("X-Route"));
            assertEquals("test:shared", ops.getHeader("X-Provider"));

            HttpResponse<Buffer> screen = analyze(g, HttpApi.SCREENS_ANALYZE, Map.of("X-API-Key", FINANCE_KEY));
            assertEquals("test:finance", screen.getHeader("X-Provider"), screen.bodyAsString());
        }
    }

    @Test
    void a_key_removed_from_the_file_is_refused_within_5_seconds_without_a_restart(Vertx vertx) throws Exception {
        Path keys = keyFile(entry("invoice-bot", "finance", FINANCE_KEY), entry("ops-bot", "ops", OPS_KEY));
        try (RoutedGateway g = start(vertx, keys)) {
            Map<String, String> finance = Map.of("X-API-Key", FINANCE_KEY);
            assertEquals(200, analyze(g, HttpApi.DOCUMENTS_ANALYZE, finance).statusCode());

            long revoked = System.nanoTime();
            replace(keys, "{\"keys\": [" + entry("ops-bot", "ops", OPS_KEY) + "]}");
            int status = 200;
            while (status == 200 && System.nanoTime() - revoked < Duration.ofSeconds(10).toNanos()) {
                Thread.sleep(50);
                status = analyze(g, HttpApi.DOCUMENTS_ANALYZE, finance).statusCode();
            }
            long tookMs = (System.nanoTime() - revoked) / 1_000_000;
            System.out.println("revoked key refused " + tookMs + " ms after the file changed");
            assertEquals(401, status);
            assertTrue(tookMs < 5_000, "refused only after " + tookMs + " ms");
            assertEquals(200, analyze(g, HttpApi.DOCUMENTS_ANALYZE, Map.of("X-API-Key", OPS_KEY)).statusCode(),
                    "the keys left in the file still work");

            // and a key added is let in the same way
            replace(keys, "{\"keys\": [" + entry("ops-bot", "ops", OPS_KEY) + ", "
                    + entry("invoice-bot-2", "finance", FINANCE_KEY) + "]}");
            long added = System.nanoTime();
            while (status != 200 && System.nanoTime() - added < Duration.ofSeconds(10).toNanos()) {
                Thread.sleep(50);
                status = analyze(g, HttpApi.DOCUMENTS_ANALYZE, finance).statusCode();
            }
            assertEquals(200, status);
        }
    }

    @Test
    void a_key_file_that_does_not_parse_keeps_the_keys_in_force_and_the_log_shows_no_key(Vertx vertx)
            throws Exception {
        Path keys = keyFile(entry("invoice-bot", "finance", FINANCE_KEY));
        try (CapturedLogs logs = new CapturedLogs(); RoutedGateway g = start(vertx, keys)) {
            String pastedInClear = "rvg_pasted_in_clear_5f4e3d2c1b0a";
            replace(keys, "{\"keys\": [{\"name\": \"oops\", \"tenant\": \"ops\", \"hash\": \"" + pastedInClear
                    + "\"}]}");
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!logs.text().contains("not reloaded") && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            // the JSON encoder writes / as \\/
            assertTrue(logs.text().contains("0\\/hash must be sha256:"), logs.text());
            assertEquals(200, analyze(g, HttpApi.DOCUMENTS_ANALYZE, Map.of("X-API-Key", FINANCE_KEY)).statusCode(),
                    "the previous keys stay in force");

            replace(keys, "{\"keys\": [ \"" + pastedInClear + "\" ");
            Thread.sleep(2_500);
            assertEquals(200, analyze(g, HttpApi.DOCUMENTS_ANALYZE, Map.of("X-API-Key", FINANCE_KEY)).statusCode());
            assertTrue(logs.text().contains("not valid JSON (line 1"), logs.text());

            assertUnauthorized(analyze(g, HttpApi.DOCUMENTS_ANALYZE, Map.of("X-API-Key", OPS_KEY)), "invalid_token");
            Thread.sleep(200); // the request log line is written as the response ends
            String logged = logs.text();
            for (String secret : new String[] {pastedInClear, FINANCE_KEY, OPS_KEY}) {
                assertFalse(logged.contains(secret), "a key reached the log: " + secret);
            }
            assertTrue(logged.contains("{\"tenant\":\"finance\"}"), "served requests are logged with their tenant");
            assertTrue(logged.contains("{\"tenant\":\"none\"}"), "a refused one with none");
        }
    }

    @Test
    void an_unauthenticated_upload_is_answered_before_its_body_is_read(Vertx vertx) throws Exception {
        try (RoutedGateway g = start(vertx, keyFile(entry("invoice-bot", "finance", FINANCE_KEY)));
             RawHttp raw = new RawHttp(g.server.port())) {
            long started = System.nanoTime();
            // 20 MiB announced, none of it sent: only an answer that does not wait for the body can arrive
            raw.send("POST " + HttpApi.DOCUMENTS_ANALYZE + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: image/png\r\nContent-Length: " + (20 * 1024 * 1024) + "\r\n\r\n");
            RawHttp.Response r = raw.read();
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(401, r.status(), r.body());
            assertEquals("close", r.headers().get("connection"));
            assertTrue(tookMs < 2_000, "answered after " + tookMs + " ms");
            assertNull(r.headers().get("x-provider"));
        }
    }
}
