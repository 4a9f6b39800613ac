package org.freerpacapture.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.freerpacapture.gateway.admin.AdminApi;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.support.ReadyGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production wiring with both local models as variants ({@code onnx:ppocr-v4}, {@code onnx:ppocr-v3}), the
 * policy read from {@code GATEWAY_POLICY_FILE}, and the admin API on its own port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalVariantsTest {

    private static final String TOKEN = "local-variants-token";
    private static final String POLICY = """
            {"providers": {"onnx:ppocr-v4": {"kind": "onnx", "model": "ppocr-v4"},
                           "onnx:ppocr-v3": {"kind": "onnx", "model": "ppocr-v3"}},
             "routes": [
               {"name": "compare", "match": {"header": {"X-Shadow": ["on"]}},
                "variants": [{"name": "v4", "provider": "onnx:ppocr-v4", "weight": 100}],
                "shadow": {"provider": "onnx:ppocr-v3", "percent": 100}},
               {"name": "single", "match": {"header": {"X-Shadow": ["off"]}},
                "variants": [{"name": "v4", "provider": "onnx:ppocr-v4", "weight": 100}]},
               {"name": "ab", "match": {},
                "variants": [{"name": "v4", "provider": "onnx:ppocr-v4", "weight": 50},
                             {"name": "v3", "provider": "onnx:ppocr-v3", "weight": 50}],
                "stickyBy": "header:X-Tenant-Id"}]}
            """;

    private final Vertx vertx = Vertx.vertx();
    private Path dir;
    private ReadyGateway gateway;
    private WebClient api;
    private WebClient admin;
    private final byte[] page = textPage("TOTAL RM 9.00");

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("local-variants");
        Path policy = dir.resolve("routing.json");
        Files.writeString(policy, POLICY);
        GatewayConfig config = GatewayConfig.defaults().withHost("127.0.0.1").withHttpPort(0).withAdminPort(0)
                .withPools(new GatewayConfig.Pools(2, 16, 2, 16)).withWarmup(false)
                .withAdminToken(TOKEN).withPolicyFile(policy);
        gateway = ReadyGateway.start(vertx, config);
        api = gateway.api;
        admin = gateway.admin;
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
        vertx.close().await(10, TimeUnit.SECONDS);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private HttpResponse<Buffer> analyze(String header, String value) throws Exception {
        HttpResponse<Buffer> r = api.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/png")
                .putHeader(header, value).sendBuffer(Buffer.buffer(page)).await(60, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r;
    }

    @Test
    void twenty_sticky_keys_split_over_both_local_models_and_each_key_keeps_its_model() throws Exception {
        Map<String, String> first = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            HttpResponse<Buffer> r = analyze("X-Tenant-Id", "tenant-" + i);
            String variant = r.getHeader("X-Variant");
            first.put("tenant-" + i, variant);
            assertEquals("ab", r.getHeader("X-Route"));
            assertEquals("onnx:ppocr-" + variant, r.getHeader("X-Provider"));
            assertEquals("onnx:ppocr-" + variant, r.bodyAsJsonObject().getJsonObject("provider").getString("id"));
            assertTrue(r.bodyAsJsonObject().getString("content").replace(" ", "").contains("9.00"),
                    r.bodyAsJsonObject().getString("content"));
        }
        long v4 = first.values().stream().filter("v4"::equals).count();
        assertTrue(v4 >= 5 && v4 <= 15, v4 + " of 20 keys on v4");
        for (int i = 0; i < 20; i += 4) {
            assertEquals(first.get("tenant-" + i), analyze("X-Tenant-Id", "tenant-" + i).getHeader("X-Variant"));
        }
    }

    @Test
    void a_shadow_read_by_ppocr_v3_leaves_the_v4_response_unchanged_and_its_agreement_shows_in_admin_stats()
            throws Exception {
        JsonObject single = analyze("X-Shadow", "off").bodyAsJsonObject();
        HttpResponse<Buffer> shadowed = analyze("X-Shadow", "on");
        assertEquals("compare", shadowed.getHeader("X-Route"));
        assertEquals("onnx:ppocr-v4", shadowed.getHeader("X-Provider"));
        assertEquals(single.getJsonArray("pages"), shadowed.bodyAsJsonObject().getJsonArray("pages"));
        assertEquals(single.getString("content"), shadowed.bodyAsJsonObject().getString("content"));

        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonObject compare;
        JsonObject stats;
        do {
            assertTrue(System.nanoTime() < until, "the shadow's agreement never appeared in /admin/stats");
            vertx.timer(100, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
            stats = admin.get(AdminApi.STATS).putHeader("Authorization", "Bearer " + TOKEN).send()
                    .await(10, TimeUnit.SECONDS).bodyAsJsonObject();
            compare = stats.getJsonArray("variants").stream().map(JsonObject.class::cast)
                    .filter(v -> v.getString("route").equals("compare")).findFirst().orElseThrow();
        } while (compare.getLong("shadowCompared") < 1);
        double agreement = compare.getDouble("agreement");
        assertTrue(agreement > 0.5 && agreement <= 1.0, "v3 against v4 on one clear line: " + agreement);
        assertNotNull(stats.getJsonObject("localInference").getInteger("queueDepth"));
        assertEquals("onnx", stats.getJsonObject("providers").getJsonObject("onnx:ppocr-v3").getString("kind"));
    }

    /** One line of large black text on white: both models read it in a few tens of milliseconds. */
    private static byte[] textPage(String text) {
        BufferedImage image = new BufferedImage(480, 120, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 480, 120);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 40));
        g.drawString(text, 30, 75);
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
