package org.freerpacapture.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.screen.TextNormalizer;
import org.freerpacapture.gateway.support.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The production wiring ({@link Gateway}) with the real PP-OCR engine reading the SROIE receipt 000.jpg. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayEndToEndTest {

    private final Vertx vertx = Vertx.vertx();
    private Gateway gateway;
    private WebClient client;

    @BeforeAll
    void start() throws Exception {
        GatewayConfig config = GatewayConfig.defaults().withHost("127.0.0.1").withHttpPort(0).withAdminPort(0)
                .withPools(new GatewayConfig.Pools(2, 8, 2, 8));
        gateway = Gateway.start(vertx, config).await(30, TimeUnit.SECONDS);
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(gateway.port()));
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        gateway.stop().await(30, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void readiness_turns_200_after_loading_and_warm_up_and_the_receipt_is_read() throws Exception {
        gateway.ready().await(120, TimeUnit.SECONDS);
        HttpResponse<Buffer> ready = client.get(HttpApi.HEALTH_READY).send().await(10, TimeUnit.SECONDS);
        assertEquals(200, ready.statusCode(), ready.bodyAsString());
        assertEquals("ready", ready.bodyAsJsonObject().getJsonObject("providers").getString("onnx:ppocr-v4"));
        // No route of the default policy uses PP-OCRv3, so it is not in memory.
        assertEquals("not_loaded", ready.bodyAsJsonObject().getJsonObject("providers").getString("onnx:ppocr-v3"));

        HttpResponse<Buffer> r = client.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/jpeg")
                .sendBuffer(Buffer.buffer(Fixtures.receiptJpeg())).await(60, TimeUnit.SECONDS);

        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals("onnx:ppocr-v4", r.getHeader("X-Provider"));
        JsonObject body = r.bodyAsJsonObject();
        assertEquals("onnx", body.getJsonObject("provider").getString("kind"));
        JsonArray lines = body.getJsonArray("pages").getJsonObject(0).getJsonArray("lines");
        JsonObject name = lines.stream().map(JsonObject.class::cast)
                .filter(l -> TextNormalizer.normalize(l.getString("text")).contains("tanwoonyann"))
                .findFirst().orElseThrow(() -> new AssertionError("no TAN WOON YANN line in " + body.getString("content")));
        assertEquals(8, name.getJsonArray("polygon").size());
        assertTrue(name.getDouble("confidence") > 0.5, name.encode());
        JsonObject timings = body.getJsonObject("timingsMs");
        assertTrue(timings.containsKey("decode") && timings.containsKey("recognize") && timings.containsKey("total"),
                timings.encode());
    }

    @Test
    void screens_find_a_word_on_the_receipt() throws Exception {
        gateway.ready().await(120, TimeUnit.SECONDS);

        HttpResponse<Buffer> r = client.post(HttpApi.SCREENS_ANALYZE + "?find=TOTAL")
                .putHeader("Content-Type", "image/jpeg").sendBuffer(Buffer.buffer(Fixtures.receiptJpeg()))
                .await(60, TimeUnit.SECONDS);

        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject best = r.bodyAsJsonObject().getJsonArray("matches").getJsonObject(0);
        assertEquals(1.0, best.getDouble("score"), best.encode());
        assertTrue(best.getString("text").toUpperCase().contains("TOTAL"), best.encode());
    }
}
