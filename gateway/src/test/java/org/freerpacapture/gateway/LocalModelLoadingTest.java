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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production wiring with the default policy: only the model a route uses (PP-OCRv4) is in memory; PP-OCRv3
 * loads when an accepted policy routes to it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalModelLoadingTest {

    private static final String TOKEN = "local-model-loading-token";
    private static final String V3_POLICY = """
            {"providers": {"onnx:ppocr-v4": {"kind": "onnx", "model": "ppocr-v4"},
                           "onnx:ppocr-v3": {"kind": "onnx", "model": "ppocr-v3"}},
             "routes": [{"name": "default", "match": {},
                         "variants": [{"name": "local", "provider": "onnx:ppocr-v3", "weight": 100}]}]}
            """;

    private final Vertx vertx = Vertx.vertx();
    private ReadyGateway gateway;
    private WebClient api;
    private WebClient admin;

    @BeforeAll
    void start() throws Exception {
        GatewayConfig config = GatewayConfig.defaults().withHost("127.0.0.1").withHttpPort(0).withAdminPort(0)
                .withPools(new GatewayConfig.Pools(2, 8, 2, 8)).withWarmup(false).withAdminToken(TOKEN);
        gateway = ReadyGateway.start(vertx, config);
        api = gateway.api;
        admin = gateway.admin;
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private JsonObject providerStates() throws Exception {
        return api.get(HttpApi.HEALTH_READY).send().await(10, TimeUnit.SECONDS).bodyAsJsonObject()
                .getJsonObject("providers");
    }

    @Test
    void ppocr_v3_stays_unloaded_until_an_accepted_policy_routes_to_it_and_then_reads_documents() throws Exception {
        assertEquals("ready", providerStates().getString("onnx:ppocr-v4"));
        assertEquals("not_loaded", providerStates().getString("onnx:ppocr-v3"));

        HttpResponse<Buffer> put = admin.put(AdminApi.ROUTING).putHeader("Authorization", "Bearer " + TOKEN)
                .putHeader("If-Match", "\"1\"").sendBuffer(Buffer.buffer(V3_POLICY)).await(120, TimeUnit.SECONDS);
        assertEquals(200, put.statusCode(), put.bodyAsString());
        assertEquals("ready", providerStates().getString("onnx:ppocr-v3"));

        HttpResponse<Buffer> read = api.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/png")
                .sendBuffer(Buffer.buffer(textPage("TOTAL RM 9.00"))).await(60, TimeUnit.SECONDS);
        assertEquals(200, read.statusCode(), read.bodyAsString());
        assertEquals("onnx:ppocr-v3", read.getHeader("X-Provider"));
        assertTrue(read.bodyAsJsonObject().getString("content").replace(" ", "").contains("9.00"),
                read.bodyAsJsonObject().getString("content"));
    }

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
