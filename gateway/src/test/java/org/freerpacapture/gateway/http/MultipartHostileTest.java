package org.freerpacapture.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.GatewayServer;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.GatedReader;
import org.freerpacapture.gateway.support.RawHttp;
import org.freerpacapture.gateway.support.RunningGateway;
import org.freerpacapture.gateway.support.ScriptedProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multipart bodies built to hurt: too many parts, fields too large, files too large, broken framing, callers that
 * hang up mid-part. Each gets its 4xx in the JSON shape (never 500), nothing reaches the disk, and a normal receipt
 * is served after each.
 */
@ExtendWith(VertxExtension.class)
class MultipartHostileTest {

    private static final String BOUNDARY = "XyZ-b0undary";
    private static final long MAX_BYTES = 256 * 1024;

    private RunningGateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            receiptStillServed();
            gateway.close();
        }
    }

    private void start(Vertx vertx) throws Exception {
        GatewayConfig config = RunningGateway.loopbackConfig()
                .withLimits(new GatewayConfig.Limits(MAX_BYTES, 40_000_000L, 50, 200));
        gateway = RunningGateway.start(vertx, config, new ScriptedProvider(), GatedReader.real());
    }

    private static String field(String name, String value) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    private static byte[] filePart(String name, String type, byte[] content) {
        Buffer b = Buffer.buffer("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name
                + "\"; filename=\"doc\"\r\nContent-Type: " + type + "\r\n\r\n");
        return b.appendBytes(content).appendString("\r\n").getBytes();
    }

    private static Buffer body(Object... parts) {
        Buffer b = Buffer.buffer();
        for (Object p : parts) {
            if (p instanceof byte[] bytes) {
                b.appendBytes(bytes);
            } else {
                b.appendString((String) p);
            }
        }
        return b.appendString("--" + BOUNDARY + "--\r\n");
    }

    private HttpResponse<Buffer> post(String contentType, Buffer body) throws Exception {
        return gateway.client.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", contentType)
                .sendBuffer(body).await(10, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> post(Buffer body) throws Exception {
        return post("multipart/form-data; boundary=" + BOUNDARY, body);
    }

    private static String code(HttpResponse<Buffer> r, int status) {
        assertEquals(status, r.statusCode(), r.bodyAsString());
        assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertFalse(error.getString("message").isBlank());
        return error.getString("code");
    }

    private void receiptStillServed() throws Exception {
        HttpResponse<Buffer> ok = post(body(filePart("file", "image/jpeg", Fixtures.receiptJpeg())));
        assertEquals(200, ok.statusCode(), ok.bodyAsString());
        assertFalse(Files.exists(Path.of(System.getProperty("java.io.tmpdir"), GatewayServerLeftovers.DIR)),
                "no upload directory is made");
        assertFalse(Files.exists(Path.of("file-uploads")), "no upload directory is made");
    }

    @Test
    void a_receipt_as_the_file_part_among_a_few_fields_is_read(Vertx vertx) throws Exception {
        start(vertx);
        HttpResponse<Buffer> r = post(body(field("note", "hello"), filePart("file", "image/jpeg",
                Fixtures.receiptJpeg()), field("other", "x")));
        assertEquals(200, r.statusCode(), r.bodyAsString());
    }

    @Test
    void too_many_fields_are_413(Vertx vertx) throws Exception {
        start(vertx);
        Object[] parts = new Object[2_000];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = field("f" + i, "v");
        }
        assertEquals("too_many_parts", code(post(body(parts)), 413));
    }

    @Test
    void too_many_file_parts_are_413(Vertx vertx) throws Exception {
        start(vertx);
        Object[] parts = new Object[100];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = filePart("file" + i, "image/jpeg", new byte[10]);
        }
        assertEquals("too_many_parts", code(post(body(parts)), 413));
    }

    @Test
    void a_field_too_large_is_413(Vertx vertx) throws Exception {
        start(vertx);
        HttpResponse<Buffer> r = post(body(field("note", "n".repeat(100_000)),
                filePart("file", "image/jpeg", Fixtures.receiptJpeg())));
        assertEquals("field_too_large", code(r, 413));
    }

    @Test
    void a_file_part_over_the_limit_is_413_before_the_body_is_read(Vertx vertx) throws Exception {
        start(vertx);
        byte[] big = new byte[(int) MAX_BYTES + 10_000];
        assertEquals("payload_too_large", code(post(body(filePart("file", "image/jpeg", big))), 413));
    }

    @Test
    void a_body_announcing_more_than_the_limit_is_refused_at_once(Vertx vertx) throws Exception {
        start(vertx);
        try (RawHttp raw = new RawHttp(gateway.server.port())) {
            RawHttp.Response r = raw.send("POST " + HttpApi.DOCUMENTS_ANALYZE + " HTTP/1.1\r\nHost: gw\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                    + "Content-Length: 999999999999\r\n\r\n").read();
            assertEquals(413, r.status());
            assertTrue(raw.closedByPeer(3_000), "the rest of the body is not waited for");
        }
    }

    @Test
    void many_small_parts_adding_up_past_the_limit_are_413(Vertx vertx) throws Exception {
        start(vertx);
        Object[] parts = new Object[12];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = filePart("extra" + i, "application/octet-stream", new byte[(int) MAX_BYTES / 8]);
        }
        assertEquals("payload_too_large", code(post(body(parts)), 413));
    }

    @Test
    void no_file_part_is_400(Vertx vertx) throws Exception {
        start(vertx);
        assertEquals("missing_file", code(post(body(field("file", "not a file"))), 400));
    }

    @Test
    void a_multipart_type_without_a_boundary_is_400(Vertx vertx) throws Exception {
        start(vertx);
        String c = code(post("multipart/form-data", body(filePart("file", "image/jpeg", Fixtures.receiptJpeg()))),
                400);
        assertEquals("malformed_multipart", c);
    }

    @Test
    void garbage_under_a_multipart_type_is_400(Vertx vertx) throws Exception {
        start(vertx);
        byte[] garbage = new byte[50_000];
        new java.util.Random(7).nextBytes(garbage);
        String c = code(post(Buffer.buffer(garbage)), 400);
        assertEquals("malformed_multipart", c);
    }

    @Test
    void part_headers_that_never_end_are_refused(Vertx vertx) throws Exception {
        start(vertx);
        String endless = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n"
                + "X-Junk: " + "j".repeat(200_000);
        HttpResponse<Buffer> r = post(Buffer.buffer(endless.getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(r.statusCode() == 400 || r.statusCode() == 413, r.statusCode() + " " + r.bodyAsString());
    }

    @Test
    void a_caller_hanging_up_mid_part_leaves_nothing_behind(Vertx vertx) throws Exception {
        start(vertx);
        for (int i = 0; i < 20; i++) {
            try (RawHttp raw = new RawHttp(gateway.server.port())) {
                raw.send("POST " + HttpApi.DOCUMENTS_ANALYZE + " HTTP/1.1\r\nHost: gw\r\n"
                        + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                        + "Content-Length: 200000\r\n\r\n")
                        .send(filePart("file", "image/jpeg", new byte[50_000]));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gateway.server.api().inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, gateway.server.api().inFlight(), "every abandoned request has ended");
    }

    @Test
    void uploads_left_by_an_earlier_run_are_removed_at_start(Vertx vertx) throws Exception {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), GatewayServerLeftovers.DIR);
        Files.createDirectories(dir.resolve("nested"));
        Files.write(dir.resolve("3f2a-part"), new byte[1024]);
        Files.write(dir.resolve("nested").resolve("old"), new byte[10]);
        start(vertx);
        assertFalse(Files.exists(dir));
    }

    /** The directory name {@link GatewayServer} clears at start. */
    private static final class GatewayServerLeftovers {
        static final String DIR = "gateway-uploads";
    }
}
