package org.freerpacapture.gateway.tenants;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.ReadyGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two tenants of weight 1 over real HTTP and the local engine: tenant a floods it with eight clients, tenant b reads
 * one receipt at a time. a is refused beyond its share of the queue, b never is, and nothing else fails. What the
 * flood costs b's latency is measured by {@code bench/tenants_bench.py}.
 */
class FairSharesOverHttpTest {

    private static final String A_KEY = "rvg_fair_a_1f2e3d4c5b6a79880716253443526170";
    private static final String B_KEY = "rvg_fair_b_0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    @TempDir
    Path dir;

    @Test
    void a_flooding_tenant_is_refused_beyond_its_share_and_the_other_is_always_served() throws Exception {
        Path keys = dir.resolve("api-keys.json");
        Files.writeString(keys, "{\"keys\": [" + key("bot-a", "a", A_KEY) + ", " + key("bot-b", "b", B_KEY) + "]}");
        Path plans = dir.resolve("tenants.json");
        Files.writeString(plans, "{\"tenants\": {\"a\": {\"weight\": 1}, \"b\": {\"weight\": 1}}}");
        byte[] receipt = Files.readAllBytes(Fixtures.receiptPath("000"));
        Vertx vertx = Vertx.vertx();
        GatewayConfig config = GatewayConfig.defaults().withHost("127.0.0.1").withHttpPort(0).withAdminPort(0)
                .withWarmup(false).withPools(new GatewayConfig.Pools(2, 8, 2, 16))
                .withTenancy(new GatewayConfig.Tenancy(new AuthSettings(Set.of(AuthSettings.Method.API_KEY), keys,
                        null), plans, null));
        try (ReadyGateway gateway = ReadyGateway.start(vertx, config)) {
            // A client each, so neither waits for the other's connections.
            WebClient a = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(gateway.gateway.port()), new PoolOptions().setHttp1MaxSize(8));
            WebClient b = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(gateway.gateway.port()));
            AtomicBoolean flooding = new AtomicBoolean(true);
            Map<String, Integer> floodAnswers = new ConcurrentHashMap<>();
            List<Thread> streams = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Thread t = new Thread(() -> {
                    while (flooding.get()) {
                        HttpResponse<Buffer> r = post(a, A_KEY, receipt);
                        String what = r.statusCode() == 200 ? "200"
                                : r.statusCode() + " " + r.bodyAsJsonObject().getJsonObject("error").getString("code")
                                + (r.bodyAsString().contains("tenant 'a' holds its share") ? " (share)" : "");
                        floodAnswers.merge(what, 1, Integer::sum);
                    }
                }, "tenant-a-" + i);
                t.start();
                streams.add(t);
            }
            Thread.sleep(1_500); // a's share fills first
            List<Integer> served = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                HttpResponse<Buffer> r = post(b, B_KEY, receipt);
                served.add(r.statusCode());
                assertEquals(200, r.statusCode(), r.bodyAsString());
                assertEquals("onnx:ppocr-v4", r.getHeader("X-Provider"));
            }
            flooding.set(false);
            for (Thread t : streams) {
                t.join(60_000);
            }
            System.out.printf("tenant a (8 clients): %s; tenant b: %s%n", floodAnswers, served);
            assertTrue(floodAnswers.getOrDefault("200", 0) > 0, "a is served within its share: " + floodAnswers);
            assertTrue(floodAnswers.getOrDefault("503 overloaded (share)", 0) > 0,
                    "a is refused beyond its share, saying so: " + floodAnswers);
            assertEquals(Set.of("200", "503 overloaded (share)"), floodAnswers.keySet(), "nothing else happened");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<Buffer> post(WebClient client, String key, byte[] receipt) {
        try {
            return client.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/jpeg")
                    .putHeader("X-API-Key", key).sendBuffer(Buffer.buffer(receipt)).await(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer within 60 s", e);
        }
    }

    private static String key(String name, String tenant, String key) {
        return "{\"name\": \"" + name + "\", \"tenant\": \"" + tenant + "\", \"hash\": \"" + ApiKeys.hash(key)
                + "\"}";
    }
}
