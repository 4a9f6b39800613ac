package org.freerpacapture.gateway.http;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.observability.Observability;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.GatedReader;
import org.freerpacapture.gateway.support.RunningGateway;
import org.freerpacapture.gateway.support.ScriptedProvider;
import org.freerpacapture.gateway.tenants.Caller;
import org.freerpacapture.ocr.Deadline;
import org.freerpacapture.ocr.Feature;
import org.freerpacapture.ocr.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The analyze endpoints on loopback, with a scripted provider: every way a document can arrive. */
@ExtendWith(VertxExtension.class)
class AnalyzeApiTest {

    private ScriptedProvider provider;
    private RunningGateway gateway;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        provider = new ScriptedProvider();
        gateway = RunningGateway.start(vertx, RunningGateway.loopbackConfig(), provider, GatedReader.real());
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    private HttpResponse<Buffer> postRaw(String path, String contentType, byte[] body) throws Exception {
        return gateway.client.post(path).putHeader("Content-Type", contentType)
                .sendBuffer(Buffer.buffer(body)).await(10, TimeUnit.SECONDS);
    }

    @Test
    void a_request_record_is_read_in_the_background_and_an_http_request_is_not() throws Exception {
        assertEquals(200, postRaw(HttpApi.DOCUMENTS_ANALYZE, "image/jpeg", Fixtures.receiptJpeg()).statusCode());
        assertFalse(provider.lastRequest().background(), "an HTTP caller waits for its answer");

        Duration budget = Duration.ofSeconds(10);
        RequestScope scope = new RequestScope("record-1", budget, Deadline.after(budget), System.nanoTime(),
                new AtomicBoolean());
        Reading.Call record = new Reading.Call(Task.DOCUMENT, Fixtures.receiptJpeg(), "image/jpeg",
                AnalyzeQuery.parse(MultiMap.caseInsensitiveMultiMap()), Map.of(), Map.of(), null,
                new Caller(Caller.DEFAULT_TENANT, "record", Caller.Proof.RECORD));
        gateway.server.api().reading().read(record, scope,
                Observability.untraced().beginRecord("record-1", "rpa.ocr.requests", Map.of()))
                .await(10, TimeUnit.SECONDS);
        assertEquals("record-1", provider.lastRequest().requestId());
        assertTrue(provider.lastRequest().background(), "nobody waits on a Kafka record interactively");
    }

    @Test
    void raw_jpeg_is_read_into_the_unified_result_with_routing_headers() throws Exception {
        HttpResponse<Buffer> r = postRaw(HttpApi.DOCUMENTS_ANALYZE, "image/jpeg", Fixtures.receiptJpeg());

        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject body = r.bodyAsJsonObject();
        assertEquals("default", body.getString("route"));
        assertEquals("local", body.getString("variant"));
        assertEquals("test:scripted", body.getJsonObject("provider").getString("id"));
        assertEquals("TOTAL RM 9.00\nTAN WOON YANN", body.getString("content"));
        JsonObject page = body.getJsonArray("pages").getJsonObject(0);
        assertEquals(1, page.getInteger("pageNumber"));
        assertEquals(463, page.getInteger("width"));
        assertEquals(new JsonArray("[10,20,180,20,180,40,10,40]"),
                page.getJsonArray("lines").getJsonObject(0).getJsonArray("polygon"));
        assertFalse(body.getBoolean("escalated"));
        assertEquals(new JsonArray(), body.getJsonArray("escalatedPages"));
        assertTrue(body.containsKey("fallbackFrom"));
        assertNull(body.getValue("fallbackFrom"));
        JsonObject timings = body.getJsonObject("timingsMs");
        assertTrue(timings.containsKey("decode") && timings.containsKey("provider") && timings.containsKey("total"),
                timings.encode());
        assertEquals(body.getString("requestId"), r.getHeader("X-Request-Id"));
        assertEquals("default", r.getHeader("X-Route"));
        assertEquals("local", r.getHeader("X-Variant"));
        assertEquals("test:scripted", r.getHeader("X-Provider"));
        assertEquals(Task.DOCUMENT, provider.lastRequest().task());
        assertEquals("image/jpeg", provider.lastRequest().document().contentType());
    }

    @Test
    void raw_png_is_read() throws Exception {
        HttpResponse<Buffer> r = postRaw(HttpApi.DOCUMENTS_ANALYZE, "image/png", Fixtures.receiptPng());

        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals("image/png", provider.lastRequest().document().contentType());
        assertEquals(463, r.bodyAsJsonObject().getJsonArray("pages").getJsonObject(0).getInteger("width"));
    }

    @Test
    void raw_pdf_is_read() throws Exception {
        HttpResponse<Buffer> r = postRaw(HttpApi.DOCUMENTS_ANALYZE, "application/pdf", Fixtures.receiptPdf());

        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertTrue(provider.lastRequest().document().isPdf());
        assertEquals(1, r.bodyAsJsonObject().getJsonArray("pages").size());
    }

    @Test
    void content_type_parameters_and_case_are_ignored() throws Exception {
        HttpResponse<Buffer> r = postRaw(HttpApi.DOCUMENTS_ANALYZE, "Image/JPEG; name=000.jpg",
                Fixtures.receiptJpeg());

        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals("image/jpeg", provider.lastRequest().document().contentType());
    }

    @Test
    void octet_stream_body_is_sniffed() throws Exception {
        HttpResponse<Buffer> r = postRaw(HttpApi.DOCUMENTS_ANALYZE, "application/octet-stream",
                Fixtures.receiptPng());

        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals("image/png", provider.lastRequest().document().contentType());
    }

    @Test
    void multipart_file_part_is_read_with_its_own_content_type() throws Exception {
        MultipartForm form = MultipartForm.create()
                .attribute("note", "ignored")
                .binaryFileUpload("file", "000.jpg", Buffer.buffer(Fixtures.receiptJpeg()), "image/jpeg");

        HttpResponse<Buffer> r = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE).sendMultipartForm(form)
                .await(10, TimeUnit.SECONDS);

        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals("image/jpeg", provider.lastRequest().document().contentType());
        assertEquals(Fixtures.receiptJpeg().length, provider.lastRequest().document().bytes().length);
    }

    @Test
    void multipart_file_part_without_a_useful_type_is_sniffed() throws Exception {
        MultipartForm form = MultipartForm.create()
                .binaryFileUpload("file", "receipt", Buffer.buffer(Fixtures.receiptPdf()),
                        "application/octet-stream");

        HttpResponse<Buffer> r = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE).sendMultipartForm(form)
                .await(10, TimeUnit.SECONDS);

        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals("application/pdf", provider.lastRequest().document().contentType());
    }

    @Test
    void features_reach_the_provider() throws Exception {
        HttpResponse<Buffer> r = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE + "?features=tables,FORMS")
                .putHeader("Content-Type", "image/jpeg").sendBuffer(Buffer.buffer(Fixtures.receiptJpeg()))
                .await(10, TimeUnit.SECONDS);

        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(Set.of(Feature.FORMS, Feature.TABLES), provider.lastRequest().features());
    }

    @Test
    void a_sane_request_id_is_echoed() throws Exception {
        HttpResponse<Buffer> r = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE)
                .putHeader("Content-Type", "image/jpeg").putHeader("X-Request-Id", "bot-42.run_7")
                .sendBuffer(Buffer.buffer(Fixtures.receiptJpeg())).await(10, TimeUnit.SECONDS);

        assertEquals("bot-42.run_7", r.getHeader("X-Request-Id"));
        assertEquals("bot-42.run_7", r.bodyAsJsonObject().getString("requestId"));
        assertEquals("bot-42.run_7", provider.lastRequest().requestId());
    }

    @Test
    void an_unsafe_request_id_is_replaced() throws Exception {
        HttpResponse<Buffer> r = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE)
                .putHeader("Content-Type", "image/jpeg").putHeader("X-Request-Id", "a b\"<script>")
                .sendBuffer(Buffer.buffer(Fixtures.receiptJpeg())).await(10, TimeUnit.SECONDS);

        String id = r.getHeader("X-Request-Id");
        assertNotNull(id);
        assertTrue(id.matches("[A-Za-z0-9._-]{1,64}"), id);
        assertEquals(id, r.bodyAsJsonObject().getString("requestId"));
    }

    @Test
    void screens_return_elements_and_ranked_matches_with_click_points() throws Exception {
        HttpResponse<Buffer> r = gateway.client.post(HttpApi.SCREENS_ANALYZE + "?find=total&find=Tan%20Woon")
                .putHeader("Content-Type", "image/png").sendBuffer(Buffer.buffer(Fixtures.receiptPng()))
                .await(10, TimeUnit.SECONDS);

        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject body = r.bodyAsJsonObject();
        assertEquals(Task.SCREEN, provider.lastRequest().task());
        assertEquals("TOTAL RM 9.00\nTAN WOON YANN", body.getString("content"));
        JsonArray elements = body.getJsonArray("elements");
        assertEquals(8, elements.size(), "2 lines and their 6 words");
        assertEquals("line", elements.getJsonObject(0).getString("type"));
        assertEquals("word", elements.getJsonObject(1).getString("type"));
        assertEquals(new JsonObject().put("x", 35.0).put("y", 30.0), elements.getJsonObject(1).getJsonObject("center"));

        JsonArray matches = body.getJsonArray("matches");
        JsonObject total = matches.getJsonObject(0);
        assertEquals("total", total.getString("query"));
        assertEquals("TOTAL", total.getString("text"));
        assertEquals(1.0, total.getDouble("score"));
        assertEquals(new JsonObject().put("x", 35.0).put("y", 30.0), total.getJsonObject("center"));
        JsonObject tan = matches.stream().map(JsonObject.class::cast)
                .filter(m -> m.getString("query").equals("Tan Woon")).findFirst().orElseThrow();
        assertEquals("TAN WOON", tan.getString("text"));
        assertEquals(new JsonArray("[10,60,120,60,120,80,10,80]"), tan.getJsonArray("polygon"));
    }

    @Test
    void screens_list_the_controls_in_the_pixels_whichever_provider_read_them() throws Exception {
        // The scripted provider reads the receipt's words, none of them on this form: the controls that need no
        // words to be told apart (a dropdown, checkboxes) still come from the pixels.
        HttpResponse<Buffer> r = gateway.client.post(HttpApi.SCREENS_ANALYZE + "?find=TOTAL&target=input")
                .putHeader("Content-Type", "image/png")
                .sendBuffer(Buffer.buffer(Fixtures.vendorFormScreenshot("light"))).await(10, TimeUnit.SECONDS);

        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonArray controls = r.bodyAsJsonObject().getJsonArray("controls");
        JsonObject currency = new JsonObject().put("type", "dropdown").put("pageNumber", 1)
                .put("polygon", new JsonArray("[200,110,360,110,360,144,200,144]"))
                .put("center", new JsonObject().put("x", 280.0).put("y", 127.0));
        assertTrue(controls.stream().anyMatch(currency::equals), controls.encode());
        assertEquals(2, controls.stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("type").equals("checkbox")).count(), controls.encode());
        // TOTAL sits where no input lies beside or below it: its match carries no target.
        JsonObject total = r.bodyAsJsonObject().getJsonArray("matches").getJsonObject(0);
        assertEquals("TOTAL", total.getString("text"));
        assertFalse(total.containsKey("target"), total.encode());
    }

    @Test
    void documents_carry_no_controls() throws Exception {
        HttpResponse<Buffer> r = postRaw(HttpApi.DOCUMENTS_ANALYZE, "image/png", Fixtures.vendorFormScreenshot("dark"));

        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertFalse(r.bodyAsJsonObject().containsKey("controls"), r.bodyAsString());
    }

    @Test
    void min_score_drops_weak_matches() throws Exception {
        HttpResponse<Buffer> r = gateway.client.post(HttpApi.SCREENS_ANALYZE + "?find=TOTAI&minScore=0.95")
                .putHeader("Content-Type", "image/png").sendBuffer(Buffer.buffer(Fixtures.receiptPng()))
                .await(10, TimeUnit.SECONDS);

        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(0, r.bodyAsJsonObject().getJsonArray("matches").size());
    }
}
