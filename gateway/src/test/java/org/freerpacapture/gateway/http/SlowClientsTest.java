package org.freerpacapture.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.GatedReader;
import org.freerpacapture.gateway.support.RawHttp;
import org.freerpacapture.gateway.support.RunningGateway;
import org.freerpacapture.gateway.support.ScriptedProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow and numerous clients on real loopback sockets: each kind of stalled request gets 408 in the JSON shape within
 * its timeout and loses its connection, while a normal request served at the same time is not delayed.
 */
@ExtendWith(VertxExtension.class)
class SlowClientsTest {

    private static final Duration HEADER_TIMEOUT = Duration.ofMillis(1_200);
    private static final Duration BODY_TIMEOUT = Duration.ofMillis(1_200);
    private static final String ANALYZE_HEAD = "POST " + HttpApi.DOCUMENTS_ANALYZE + " HTTP/1.1\r\nHost: gw\r\n";

    private RunningGateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private RunningGateway start(Vertx vertx, int maxConnections, int perAddress) throws Exception {
        GatewayConfig.Connections limits = GatewayConfig.Connections.DEFAULTS
                .withTimeouts(Duration.ofSeconds(30), HEADER_TIMEOUT, BODY_TIMEOUT)
                .withMaxConnections(maxConnections, perAddress);
        gateway = RunningGateway.start(vertx, RunningGateway.loopbackConfig().withConnections(limits),
                new ScriptedProvider(), GatedReader.real());
        normalRequestMs(); // warm: the first request pays for loading classes
        return gateway;
    }

    private static JsonObject error(RawHttp.Response r) {
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        assertNotNull(r.header("X-Request-Id"));
        return new JsonObject(r.body()).getJsonObject("error");
    }

    /** A receipt posted the normal way; returns how long its answer took, after asserting it was a 200. */
    private long normalRequestMs() throws Exception {
        long start = System.nanoTime();
        HttpResponse<Buffer> r = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE)
                .putHeader("Content-Type", "image/jpeg")
                .sendBuffer(Buffer.buffer(Fixtures.receiptJpeg())).await(10, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Sends {@code stall} then nothing; asserts 408 within the timeout plus slack and the connection closed. */
    private void assertStalledBodyTimesOut(String stall) throws Exception {
        long start = System.nanoTime();
        try (RawHttp raw = new RawHttp(gateway.server.port())) {
            raw.send(stall);
            long servedMs = normalRequestMs();
            RawHttp.Response r = raw.read();
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertEquals(408, r.status(), r.body());
            assertEquals("request_timeout", error(r).getString("code"));
            assertEquals("close", r.header("Connection"));
            assertTrue(tookMs >= BODY_TIMEOUT.toMillis() - 50 && tookMs < BODY_TIMEOUT.toMillis() + 1_500,
                    "answered after " + tookMs + " ms");
            assertTrue(raw.closedByPeer(2_000), "connection closed after the 408");
            assertTrue(servedMs < BODY_TIMEOUT.toMillis(), "normal request waited " + servedMs + " ms");
        }
    }

    @Test
    void the_request_deadline_covers_the_upload(Vertx vertx) throws Exception {
        GatewayConfig.Connections limits = GatewayConfig.Connections.DEFAULTS
                .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));
        gateway = RunningGateway.start(vertx, RunningGateway.loopbackConfig().withConnections(limits)
                .withRequestTimeout(Duration.ofMillis(1_000)), new ScriptedProvider(), GatedReader.real());
        try (RawHttp raw = new RawHttp(gateway.server.port())) {
            long start = System.nanoTime();
            RawHttp.Response r = raw.send(ANALYZE_HEAD + "Content-Type: image/jpeg\r\nContent-Length: 10000\r\n\r\n"
                    + "\u00ff\u00d8").read();
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(408, r.status(), r.body());
            assertTrue(tookMs < 2_500, "answered by the 1 s deadline, not the 30 s body timeout: " + tookMs + " ms");
        }
    }

    @Test
    void content_length_longer_than_the_body_gets_408(Vertx vertx) throws Exception {
        start(vertx, 100, 100);
        assertStalledBodyTimesOut(ANALYZE_HEAD + "Content-Type: image/jpeg\r\nContent-Length: 10000\r\n\r\n"
                + "\u00ff\u00d8\u00ff\u00e0 only the start");
    }

    @Test
    void chunked_body_without_its_last_chunk_gets_408(Vertx vertx) throws Exception {
        start(vertx, 100, 100);
        assertStalledBodyTimesOut(ANALYZE_HEAD + "Content-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\n\u00ff\u00d8\u00ff\u00e0\r\n");
    }

    @Test
    void multipart_without_its_closing_boundary_gets_408(Vertx vertx) throws Exception {
        start(vertx, 100, 100);
        String part = "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n\u00ff\u00d8\u00ff\u00e0 and then nothing";
        assertStalledBodyTimesOut(ANALYZE_HEAD + "Content-Type: multipart/form-data; boundary=b0undary\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(part.length()) + "\r\n" + part + "\r\n");
    }

    @Test
    void a_head_sent_a_byte_at_a_time_gets_408_and_does_not_delay_others(Vertx vertx) throws Exception {
        start(vertx, 100, 100);
        try (RawHttp raw = new RawHttp(gateway.server.port())) {
            long start = System.nanoTime();
            CompletableFuture<Boolean> trickled = CompletableFuture.supplyAsync(() -> {
                try {
                    return raw.trickle(ANALYZE_HEAD + "X-Padding: " + "x".repeat(200) + "\r\n\r\n", 20);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            long servedMs = normalRequestMs();
            RawHttp.Response r = raw.read();
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertEquals(408, r.status(), r.body());
            assertEquals("request_timeout", error(r).getString("code"));
            assertTrue(tookMs < HEADER_TIMEOUT.toMillis() + 1_500, "answered after " + tookMs + " ms");
            assertTrue(servedMs < HEADER_TIMEOUT.toMillis(), "normal request waited " + servedMs + " ms");
            assertFalse(trickled.get(10, TimeUnit.SECONDS), "the gateway hung up before the head was complete");
        }
    }

    @Test
    void many_slow_connections_do_not_slow_a_normal_request(Vertx vertx) throws Exception {
        start(vertx, 2_000, 2_000);
        long alone = normalRequestMs();
        List<RawHttp> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 600; i++) {
                slow.add(new RawHttp(gateway.server.port()).send("POST /v1/documents/analyze HTTP/1.1\r\nHo"));
            }
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                latencies.add(normalRequestMs());
            }
            long worst = latencies.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(worst < Math.max(500, 5 * alone), "normal requests took " + latencies + " ms with 600 slow"
                    + " connections open (alone: " + alone + " ms)");
            // The slow ones are all cut at the header timeout, none left open.
            RawHttp.Response first = slow.get(0).read();
            assertEquals(408, first.status());
            for (RawHttp s : slow) {
                assertTrue(s.closedByPeer((int) HEADER_TIMEOUT.toMillis() + 3_000), "every slow connection is closed");
            }
        } finally {
            for (RawHttp s : slow) {
                s.close();
            }
        }
    }

    @Test
    void connections_past_the_per_address_cap_are_refused_with_503(Vertx vertx) throws Exception {
        start(vertx, 100, 3);
        List<RawHttp> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(new RawHttp(gateway.server.port()));
            }
            try (RawHttp extra = new RawHttp(gateway.server.port())) {
                RawHttp.Response r = extra.send("GET /health/live HTTP/1.1\r\nHost: gw\r\n\r\n").read();
                assertEquals(503, r.status());
                assertEquals("too_many_connections", error(r).getString("code"));
                assertEquals("1", r.header("Retry-After"));
                assertTrue(extra.closedByPeer(2_000));
            }
        } finally {
            for (RawHttp h : held) {
                h.close();
            }
        }
        // Once they are gone, the address may connect again.
        Thread.sleep(200);
        assertEquals(200, normalStatus());
    }

    private int normalStatus() throws Exception {
        return gateway.client.get(HttpApi.HEALTH_LIVE).send().await(5, TimeUnit.SECONDS).statusCode();
    }

    @Test
    void a_request_line_too_long_gets_414_in_json(Vertx vertx) throws Exception {
        start(vertx, 100, 100);
        try (RawHttp raw = new RawHttp(gateway.server.port())) {
            RawHttp.Response r = raw.send("GET /health/live?q=" + "a".repeat(8_000) + " HTTP/1.1\r\nHost: gw\r\n\r\n")
                    .read();
            assertEquals(414, r.status());
            assertEquals("uri_too_long", error(r).getString("code"));
        }
    }

    @Test
    void headers_too_large_get_431_in_json(Vertx vertx) throws Exception {
        start(vertx, 100, 100);
        try (RawHttp raw = new RawHttp(gateway.server.port())) {
            RawHttp.Response r = raw.send("GET /health/live HTTP/1.1\r\nHost: gw\r\nX-Big: " + "b".repeat(20_000)
                    + "\r\n\r\n").read();
            assertEquals(431, r.status());
            assertEquals("headers_too_large", error(r).getString("code"));
        }
    }

    @Test
    void a_request_that_is_not_http_gets_400_in_json(Vertx vertx) throws Exception {
        start(vertx, 100, 100);
        try (RawHttp raw = new RawHttp(gateway.server.port())) {
            RawHttp.Response r = raw.send("\u0016\u0003\u0001 hello? HTTP/9\r\n\r\n").read();
            assertEquals(400, r.status());
            assertEquals("malformed_request", error(r).getString("code"));
        }
    }

    /** Counts ERROR lines logged while open. */
    private static final class CapturedErrors implements AutoCloseable {
        private final ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final java.util.concurrent.atomic.AtomicInteger errors =
                new java.util.concurrent.atomic.AtomicInteger();
        private final ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.AppenderBase<>() {
                    @Override
                    protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
                        if (event.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR)) {
                            errors.incrementAndGet();
                        }
                    }
                };

        CapturedErrors() {
            appender.setContext(root.getLoggerContext());
            appender.start();
            root.addAppender(appender);
        }

        int count() {
            return errors.get();
        }

        @Override
        public void close() {
            root.detachAppender(appender);
        }
    }

    @Test
    void a_broken_chunk_size_gets_400_in_json(Vertx vertx) throws Exception {
        start(vertx, 100, 100);
        try (RawHttp raw = new RawHttp(gateway.server.port())) {
            raw.send(ANALYZE_HEAD + "Content-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "zz-not-hex\r\nabc\r\n0\r\n\r\n");
            // The HTTP layer closes the connection on a framing error it cannot recover from; when an answer makes
            // it out first, it is the caller's fault in the JSON shape, never a 500.
            try {
                RawHttp.Response r = raw.read();
                assertEquals(400, r.status(), r.body());
                assertEquals("malformed_request", error(r).getString("code"));
            } catch (java.io.IOException closedWithoutAnswer) {
                assertTrue(raw.closedByPeer(2_000));
            }
        }
        assertEquals(0, gateway.server.api().inFlight());
        try (CapturedErrors errors = new CapturedErrors()) {
            try (RawHttp raw = new RawHttp(gateway.server.port())) {
                raw.send(ANALYZE_HEAD + "Content-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
                raw.closedByPeer(2_000);
            }
            Thread.sleep(200);
            assertEquals(0, errors.count(), "a framing error is not logged as the gateway's fault");
        }
    }

    @Test
    void both_content_length_and_chunked_get_400_in_json(Vertx vertx) throws Exception {
        start(vertx, 100, 100);
        try (RawHttp raw = new RawHttp(gateway.server.port())) {
            RawHttp.Response r = raw.send(ANALYZE_HEAD + "Content-Type: image/jpeg\r\nContent-Length: 3\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n").read();
            assertTrue(r.status() == 400, r.status() + " " + r.body());
            assertTrue(r.header("Content-Type").startsWith("application/json"));
        }
    }
}
