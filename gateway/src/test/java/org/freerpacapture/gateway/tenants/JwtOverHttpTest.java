package org.freerpacapture.gateway.tenants;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.support.RoutedGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JWTs over real HTTP on loopback: keys generated in the test, published as a JWKS in a file or served by a loopback
 * HTTP server, tokens signed by hand; a gateway with {@code GATEWAY_AUTH=jwt} routing by {@code match.tenant}.
 */
@ExtendWith(VertxExtension.class)
class JwtOverHttpTest {

    @TempDir
    Path dir;

    private static AuthSettings jwt(AuthSettings.Source jwks, Duration refresh) {
        return new AuthSettings(Set.of(AuthSettings.Method.JWT), null, new AuthSettings.Jwt(jwks,
                TestIdentityProvider.ISSUER, List.of(TestIdentityProvider.AUDIENCE, "another-api"), null, refresh));
    }

    private static HttpResponse<Buffer> analyze(RoutedGateway g, String token) throws Exception {
        return g.api.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/png")
                .putHeader("Authorization", "Bearer " + token)
                .sendBuffer(Buffer.buffer(RoutedGateway.TINY_PNG)).await(20, TimeUnit.SECONDS);
    }

    @Test
    void a_token_with_a_wrong_signature_issuer_audience_or_expiry_is_refused_with_401(Vertx vertx)
            throws Exception {
        TestIdentityProvider idp = new TestIdentityProvider("idp");
        TestIdentityProvider impostor = new TestIdentityProvider("idp"); // same key ids, other keys
        Path jwks = Files.writeString(dir.resolve("jwks.json"), TestIdentityProvider.jwks(idp.rsa, idp.ec));
        long now = Instant.now().getEpochSecond();
        JsonObject valid = TestIdentityProvider.claims("finance", "invoice-bot");

        Map<String, String> refused = new LinkedHashMap<>(); // token → what the refusal must say
        refused.put(TestIdentityProvider.sign(impostor.rsa, valid), "signature does not verify");
        refused.put(TestIdentityProvider.sign(impostor.ec, valid), "signature does not verify");
        refused.put(TestIdentityProvider.sign(idp.rsa, valid.copy().put("iss", "https://evil.example.test")),
                "not issued by the identity provider");
        refused.put(TestIdentityProvider.sign(idp.rsa, valid.copy().put("aud", "some-other-api")),
                "not meant for this gateway");
        refused.put(TestIdentityProvider.sign(idp.ec, valid.copy().put("aud", new JsonArray().add("x").add("y"))),
                "not meant for this gateway");
        refused.put(TestIdentityProvider.sign(idp.rsa, valid.copy().put("exp", now - 120)), "has expired");
        refused.put(TestIdentityProvider.sign(idp.rsa, valid.copy().put("nbf", now + 600)), "not valid yet");
        JsonObject noExpiry = valid.copy();
        noExpiry.remove("exp");
        refused.put(TestIdentityProvider.sign(idp.rsa, noExpiry), "no expiry");
        refused.put(TestIdentityProvider.sign(idp.rsa, valid.copy().put("tenant", "no spaces allowed")),
                "tenant claim");
        refused.put(TestIdentityProvider.unsigned(valid), "accepted algorithm");
        refused.put(TestIdentityProvider.sign(idp.rsa, "HS256", valid), "accepted algorithm");
        String good = TestIdentityProvider.sign(idp.rsa, valid);
        refused.put(good.substring(0, good.lastIndexOf('.') + 1) + "AAAA", "signature does not verify");
        // claims are read only once the signature holds
        refused.put("eyJhbGciOiJSUzI1NiJ9.not-json.sig", "signature does not verify");

        try (RoutedGateway g = RoutedGateway.start(vertx, ApiKeysOverHttpTest.POLICY,
                c -> c.withAuth(jwt(new AuthSettings.Source(null, jwks), null)))) {
            assertEquals(200, analyze(g, good).statusCode(), "the valid token passes");
            for (Map.Entry<String, String> bad : refused.entrySet()) {
                HttpResponse<Buffer> r = analyze(g, bad.getKey());
                assertEquals(401, r.statusCode(), bad.getValue() + ": " + r.bodyAsString());
                JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
                assertEquals("unauthorized", error.getString("code"));
                assertTrue(error.getString("message").contains(bad.getValue()),
                        bad.getValue() + " / " + error.getString("message"));
                String challenge = r.getHeader("WWW-Authenticate");
                assertTrue(challenge.startsWith("Bearer realm=\"rpa-vision-gateway\", error=\"invalid_token\""),
                        challenge);
                assertFalse(r.bodyAsString().contains(bad.getKey()) || challenge.contains(bad.getKey()),
                        "the token is echoed");
            }
        }
    }

    @Test
    void a_valid_token_is_served_under_its_tenant_and_routed_by_it(Vertx vertx) throws Exception {
        TestIdentityProvider idp = new TestIdentityProvider("idp");
        Path jwks = Files.writeString(dir.resolve("jwks.json"), TestIdentityProvider.jwks(idp.rsa, idp.ec));
        try (RoutedGateway g = RoutedGateway.start(vertx, ApiKeysOverHttpTest.POLICY,
                c -> c.withAuth(jwt(new AuthSettings.Source(null, jwks), null)))) {
            HttpResponse<Buffer> finance = analyze(g, TestIdentityProvider.sign(idp.rsa,
                    TestIdentityProvider.claims("finance", "invoice-bot")));
            assertEquals(200, finance.statusCode(), finance.bodyAsString());
            assertEquals("finance", finance.getHeader("X-Route"));
            assertEquals("test:finance", finance.getHeader("X-Provider"));

            HttpResponse<Buffer> ops = analyze(g, TestIdentityProvider.sign(idp.ec,
                    TestIdentityProvider.claims("ops", "ops-bot").put("aud", new JsonArray().add("another-api"))));
            assertEquals(200, ops.statusCode(), ops.bodyAsString());
            assertEquals("default", ops.getHeader("X-Route"));
            assertEquals("test:shared", ops.getHeader("X-Provider"));

            // a token expired within the leeway still passes: clocks differ a little
            long now = Instant.now().getEpochSecond();
            assertEquals(200, analyze(g, TestIdentityProvider.sign(idp.rsa,
                    TestIdentityProvider.claims("finance", "bot").put("exp", now - 5))).statusCode());
        }
    }

    @Test
    void keys_served_over_http_are_used_and_read_again_so_a_rotated_key_is_accepted(Vertx vertx)
            throws Exception {
        TestIdentityProvider before = new TestIdentityProvider("2025");
        TestIdentityProvider after = new TestIdentityProvider("2026");
        AtomicReference<String> published = new AtomicReference<>(TestIdentityProvider.jwks(before.rsa));
        AtomicInteger fetches = new AtomicInteger();
        HttpServer idpServer = vertx.createHttpServer().requestHandler(request -> {
            fetches.incrementAndGet();
            request.response().putHeader("Content-Type", "application/json").end(published.get());
        }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        URI url = URI.create("http://127.0.0.1:" + idpServer.actualPort()
                + "/realms/rpa/protocol/openid-connect/certs");
        try (RoutedGateway g = RoutedGateway.start(vertx, ApiKeysOverHttpTest.POLICY,
                c -> c.withAuth(jwt(new AuthSettings.Source(url, null), Duration.ofSeconds(1))))) {
            assertTrue(fetches.get() >= 1, "the keys were fetched at start");
            JsonObject claims = TestIdentityProvider.claims("finance", "invoice-bot");
            HttpResponse<Buffer> first = analyze(g, TestIdentityProvider.sign(before.rsa, claims));
            assertEquals(200, first.statusCode(), first.bodyAsString());
            assertEquals("test:finance", first.getHeader("X-Provider"));
            String rotated = TestIdentityProvider.sign(after.rsa, claims);
            assertEquals(401, analyze(g, rotated).statusCode(), "a key not yet published");

            published.set(TestIdentityProvider.jwks(after.rsa));
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int status = 401;
            while (status != 200 && System.nanoTime() < until) {
                Thread.sleep(100);
                status = analyze(g, rotated).statusCode();
            }
            assertEquals(200, status, "the rotated key is taken up without a restart");
            assertEquals(401, analyze(g, TestIdentityProvider.sign(before.rsa, claims)).statusCode(),
                    "the key no longer published is refused");
        } finally {
            idpServer.close().await(10, TimeUnit.SECONDS);
        }
    }
}
