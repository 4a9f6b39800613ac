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
    void a_receipt_scanned_upside_down_is_read_upright_with_its_angle_and_polygons_on_the_page_as_sent()
            throws Exception {
        gateway.ready().await(120, TimeUnit.SECONDS);
        java.awt.image.BufferedImage upright = javax.imageio.ImageIO.read(
                new java.io.ByteArrayInputStream(Fixtures.receiptJpeg()));
        int w = upright.getWidth();
        int h = upright.getHeight();
        java.awt.image.BufferedImage turned = new java.awt.image.BufferedImage(w, h,
                java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                turned.setRGB(w - 1 - x, h - 1 - y, upright.getRGB(x, y));
            }
        }
        var png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(turned, "png", png);

        HttpResponse<Buffer> r = client.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/png")
                .sendBuffer(Buffer.buffer(png.toByteArray())).await(60, TimeUnit.SECONDS);

        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject page = r.bodyAsJsonObject().getJsonArray("pages").getJsonObject(0);
        assertEquals(180.0, page.getDouble("angle"), page.encode().substring(0, 200));
        String content = r.bodyAsJsonObject().getString("content");
        assertTrue(TextNormalizer.normalize(content).startsWith("tanwoonyann"), content);
        // The shop's name heads the receipt, so on the page as sent it is at the bottom, its first point at the
        // text's top-left corner: the bottom-right of its box.
        JsonArray polygon = page.getJsonArray("lines").getJsonObject(0).getJsonArray("polygon");
        assertTrue(polygon.getDouble(1) > h - 80 && polygon.getDouble(0) > polygon.getDouble(4), polygon.encode());
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

    @Test
    void a_pdf_and_a_multi_page_tiff_are_read_page_by_page() throws Exception {
        gateway.ready().await(120, TimeUnit.SECONDS);
        for (var doc : java.util.List.of(
                java.util.Map.entry("application/pdf", Fixtures.receiptsPdf("000", "001")),
                java.util.Map.entry("image/tiff", Fixtures.receiptsTiff("000", "001")))) {
            HttpResponse<Buffer> r = client.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", doc.getKey())
                    .sendBuffer(Buffer.buffer(doc.getValue())).await(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.bodyAsString());
            JsonArray pages = r.bodyAsJsonObject().getJsonArray("pages");
            assertEquals(2, pages.size(), doc.getKey());
            assertEquals(1, pages.getJsonObject(0).getInteger("pageNumber"));
            assertEquals(2, pages.getJsonObject(1).getInteger("pageNumber"));
            // Receipt 000 is from BOOK TA .K, receipt 001 from INDAH GIFT & HOME DECO: each page reads its own.
            String first = pageText(pages.getJsonObject(0));
            String second = pageText(pages.getJsonObject(1));
            assertTrue(first.contains("tamandaya") && !first.contains("indahgift"), doc.getKey() + " page 1: " + first);
            assertTrue(second.contains("indahgift") && !second.contains("tamandaya"), doc.getKey() + " page 2: " + second);
        }
        // ?pages picks the second page only, and it keeps its number.
        HttpResponse<Buffer> second = client.post(HttpApi.DOCUMENTS_ANALYZE + "?pages=2")
                .putHeader("Content-Type", "application/pdf").sendBuffer(Buffer.buffer(Fixtures.receiptsPdf("000", "001")))
                .await(60, TimeUnit.SECONDS);
        assertEquals(200, second.statusCode(), second.bodyAsString());
        assertEquals(1, second.bodyAsJsonObject().getJsonArray("pages").size());
        assertEquals(2, second.bodyAsJsonObject().getJsonArray("pages").getJsonObject(0).getInteger("pageNumber"));
    }

    @Test
    void find_total_on_a_web_form_screenshot_returns_the_click_point_of_that_label() throws Exception {
        gateway.ready().await(120, TimeUnit.SECONDS);
        HttpResponse<Buffer> r = client.post(HttpApi.SCREENS_ANALYZE + "?find=TOTAL&find=Save")
                .putHeader("Content-Type", "image/png").sendBuffer(Buffer.buffer(Fixtures.invoiceFormScreenshot()))
                .await(60, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonArray matches = r.bodyAsJsonObject().getJsonArray("matches");
        JsonObject total = firstMatch(matches, "TOTAL");
        assertEquals(1.0, total.getDouble("score"), total.encode());
        // invoice-form.html places TOTAL at left 560, top 400, in a 90 × 30 px box.
        double x = total.getJsonObject("center").getDouble("x");
        double y = total.getJsonObject("center").getDouble("y");
        assertTrue(x > 560 && x < 650 && y > 400 && y < 430, "click point inside the TOTAL label: " + total.encode());
        JsonObject save = firstMatch(matches, "Save");
        double sx = save.getJsonObject("center").getDouble("x");
        double sy = save.getJsonObject("center").getDouble("y");
        assertTrue(sx > 700 && sx < 820 && sy > 520 && sy < 560, "click point inside the Save button: " + save.encode());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}: {1} -> {2}")
    @org.junit.jupiter.params.provider.CsvSource({
            "light, Vendor, input, 200, 40, 500, 74",
            "light, Invoice number, input, 580, 70, 880, 104",
            "light, Currency, dropdown, 200, 110, 360, 144",
            "light, Paid in full, checkbox, 40, 180, 58, 198",
            "light, Send remittance advice, checkbox, 40, 210, 58, 228",
            "light, Submit, button, 200, 250, 320, 290",
            "dark, Vendor, input, 200, 40, 500, 74",
            "dark, Invoice number, input, 580, 70, 880, 104",
            "dark, Currency, dropdown, 200, 110, 360, 144",
            "dark, Paid in full, checkbox, 40, 180, 58, 198",
            "dark, Send remittance advice, checkbox, 40, 210, 58, 228",
            "dark, Cancel, button, 340, 250, 460, 290"})
    void a_label_on_a_rendered_form_finds_the_control_it_belongs_to(String theme, String label, String target,
                                                                    int left, int top, int right, int bottom)
            throws Exception {
        gateway.ready().await(120, TimeUnit.SECONDS);
        String query = "?find=" + java.net.URLEncoder.encode(label, java.nio.charset.StandardCharsets.UTF_8)
                + "&target=" + target;
        HttpResponse<Buffer> r = client.post(HttpApi.SCREENS_ANALYZE + query).putHeader("Content-Type", "image/png")
                .sendBuffer(Buffer.buffer(Fixtures.vendorFormScreenshot(theme))).await(60, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject match = firstMatch(r.bodyAsJsonObject().getJsonArray("matches"), label);
        JsonObject found = match.getJsonObject("target");
        assertTrue(found != null, "a " + target + " for " + label + ": " + match.encode());
        assertEquals(target, found.getString("type"));
        // vendor-form.html places each control at these CSS pixels, border included.
        JsonArray box = found.getJsonArray("polygon");
        int[] expected = {left, top, right, top, right, bottom, left, bottom};
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(box.getDouble(i) - expected[i]) <= 2, "box of the " + target + ": " + found.encode());
        }
        assertEquals((left + right) / 2.0, found.getJsonObject("center").getDouble("x"), 2, found.encode());
        assertEquals((top + bottom) / 2.0, found.getJsonObject("center").getDouble("y"), 2, found.encode());
    }

    @Test
    void a_screenshot_comes_back_as_it_reads_never_rewritten_by_the_receipt_vocabulary() throws Exception {
        gateway.ready().await(120, TimeUnit.SECONDS);
        HttpResponse<Buffer> r = client.post(HttpApi.SCREENS_ANALYZE).putHeader("Content-Type", "image/png")
                .sendBuffer(Buffer.buffer(Fixtures.noticePanelScreenshot())).await(60, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        String content = r.bodyAsJsonObject().getString("content");
        // Words the receipt vocabulary once rewrote on documents ("can not", "meat"; TextRepairChoiceTest).
        assertTrue(content.contains("Please notice that we cannot ship today"), content);
        assertTrue(content.contains("Call me at noon for a free quote"), content);
        assertTrue(content.contains("Thank you for your order"), content);
        assertTrue(content.contains("There is no fee on Thursday"), content);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("badInputs")
    void bad_input_gets_its_4xx_json_error_within_a_second_and_the_gateway_keeps_serving(
            String name, String contentType, byte[] body, int status, String code) throws Exception {
        gateway.ready().await(120, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        HttpResponse<Buffer> r = client.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", contentType)
                .sendBuffer(Buffer.buffer(body)).await(10, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(status, r.statusCode(), r.bodyAsString());
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertEquals(code, error.getString("code"), r.bodyAsString());
        assertTrue(error.getString("message").length() > 10, "the message says what to fix: " + error.encode());
        assertTrue(ms < 1000, name + " took " + ms + " ms");
        HttpResponse<Buffer> live = client.get(HttpApi.HEALTH_LIVE).send().await(10, TimeUnit.SECONDS);
        assertEquals(200, live.statusCode());
        HttpResponse<Buffer> ready = client.get(HttpApi.HEALTH_READY).send().await(10, TimeUnit.SECONDS);
        assertEquals(200, ready.statusCode());
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> badInputs() {
        byte[] receipt = Fixtures.receiptJpeg();
        byte[] random = new byte[4096];
        new java.util.Random(42).nextBytes(random);
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("random bytes", "image/jpeg", random, 400, "undecodable_image"),
                org.junit.jupiter.params.provider.Arguments.of("truncated JPEG", "image/jpeg",
                        java.util.Arrays.copyOf(receipt, receipt.length / 2), 400, "undecodable_image"),
                org.junit.jupiter.params.provider.Arguments.of("empty body", "image/jpeg", new byte[0], 400, "empty_body"),
                org.junit.jupiter.params.provider.Arguments.of("PNG declaring 100000x100000", "image/png",
                        Fixtures.pngDeclaring(100_000, 100_000), 413, "image_too_large"),
                org.junit.jupiter.params.provider.Arguments.of("PDF with no pages", "application/pdf",
                        Fixtures.emptyPdf(), 422, "no_pages"),
                org.junit.jupiter.params.provider.Arguments.of("unknown content type", "text/plain",
                        "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8), 415, "unsupported_media_type"));
    }

    private static String pageText(JsonObject page) {
        StringBuilder sb = new StringBuilder();
        page.getJsonArray("lines").forEach(l -> sb.append(((JsonObject) l).getString("text")).append('\n'));
        return TextNormalizer.normalize(sb.toString());
    }

    private static JsonObject firstMatch(JsonArray matches, String query) {
        return matches.stream().map(JsonObject.class::cast).filter(m -> query.equals(m.getString("query")))
                .findFirst().orElseThrow(() -> new AssertionError("no match for " + query + " in " + matches.encode()));
    }
}
