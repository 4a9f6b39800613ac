package org.freerpacapture.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.freerpacapture.gateway.admin.AdminApi;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.observability.GatewayMetrics;
import org.freerpacapture.gateway.observability.Observability;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.hostile.HostilePdfs;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ten CPU-bomb PDFs sent at once, then receipts, to the production wiring with the real engine: the receipts are
 * read about as fast as before, each bomb is answered by its deadline, and once the last deadline is 2 s past no
 * decode or inference thread is still at work. Then PDFs that pass the count but draw past their deadline: they
 * are stopped while drawn, at the deadline, or as soon as their caller hangs up.
 */
class CpuBombsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(8);

    @Test
    void ten_cpu_bombs_do_not_slow_receipts_and_leave_no_work_behind() throws Exception {
        Vertx vertx = Vertx.vertx();
        Observability observability = Observability.untraced();
        GatewayConfig config = GatewayConfig.defaults().withHost("127.0.0.1").withHttpPort(0).withAdminPort(0)
                .withPools(new GatewayConfig.Pools(2, 16, 2, 16)).withRequestTimeout(TIMEOUT);
        Gateway gateway = Gateway.start(vertx, config, observability).await(30, TimeUnit.SECONDS);
        WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(gateway.port()), new PoolOptions().setHttp1MaxSize(32));
        try {
            gateway.ready().await(120, TimeUnit.SECONDS);
            byte[] receipt = Fixtures.receiptJpeg();
            long[] alone = new long[3];
            for (int i = 0; i < alone.length; i++) {
                alone[i] = timedReceipt(client, receipt);
            }
            Arrays.sort(alone);
            long normal = alone[1];

            // Over the operator count, each of them: refused while decoding, before a page is drawn.
            List<byte[]> kinds = List.of(HostilePdfs.nestedForms(12, 4), HostilePdfs.nestedForms(40, 2),
                    HostilePdfs.manyOperators(4_000_000), HostilePdfs.giantPath(600_000),
                    HostilePdfs.tilingPattern(100_000, 50));
            List<byte[]> bombs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                bombs.add(kinds.get(i % kinds.size()));
            }
            Volley volley = Volley.send(client, bombs);

            List<Long> during = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                during.add(timedReceipt(client, receipt));
            }

            volley.assertAnswered(422, "pdf_too_complex");
            System.out.printf("receipt alone %s ms (normal %d), during the bombs %s ms%n", Arrays.toString(alone),
                    normal, during);
            for (long took : during) {
                assertTrue(took <= 3 * normal, "a receipt took " + took + " ms during the bombs, " + normal
                        + " ms alone");
            }
            assertIdleTwoSecondsAfter(volley.lastDeadline(), client, gateway);

            // Within the count but slower to draw than the deadline allows: stopped while drawn, on the inference
            // threads, when the deadline passes.
            Volley slow = Volley.send(client, List.of(HostilePdfs.tilingPattern(10, 150),
                    HostilePdfs.tilingPattern(10, 150)));
            // The gateway's deadline and the provider's (the same instant) race: either answer is the deadline's.
            slow.assertAnswered(504, "timeout", "provider_timeout");
            assertIdleTwoSecondsAfter(slow.lastDeadline(), client, gateway);

            // The same PDF from a caller who hangs up while it is drawn: the drawing stops long before its deadline.
            byte[] pdf = HostilePdfs.tilingPattern(10, 150);
            try (Socket caller = new Socket("127.0.0.1", gateway.port())) {
                caller.getOutputStream().write(("POST " + HttpApi.DOCUMENTS_ANALYZE + " HTTP/1.1\r\nHost: gateway\r\n"
                        + "Content-Type: application/pdf\r\nContent-Length: " + pdf.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                caller.getOutputStream().write(pdf);
                caller.getOutputStream().flush();
                awaitGauge(client, gateway, GatewayMetrics.INFERENCE_BUSY, 1.0);
            }
            long hungUp = System.nanoTime();
            awaitGauge(client, gateway, GatewayMetrics.INFERENCE_BUSY, 0.0);
            long stoppedMs = (System.nanoTime() - hungUp) / 1_000_000;
            System.out.printf("drawing stopped %d ms after the caller hung up%n", stoppedMs);
            assertTrue(stoppedMs < 1_000, "drawing stopped " + stoppedMs + " ms after the caller hung up");
            assertEquals(List.of(), drawingThreads(), "threads still reading a PDF");
        } finally {
            client.close();
            gateway.stop().await(30, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static long timedReceipt(WebClient client, byte[] receipt) throws Exception {
        long start = System.nanoTime();
        HttpResponse<Buffer> r = client.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/jpeg")
                .sendBuffer(Buffer.buffer(receipt)).await(60, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Polls a gauge until it shows {@code value}, for at most 5 s. */
    private static void awaitGauge(WebClient client, Gateway gateway, String name, double value) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        double seen;
        do {
            seen = gauge(client.get(gateway.adminPort(), "127.0.0.1", AdminApi.METRICS).send()
                    .await(10, TimeUnit.SECONDS).bodyAsString(), name);
            if (seen == value) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < until);
        throw new AssertionError(name + " stayed at " + seen + ", expected " + value);
    }

    private static void assertIdleTwoSecondsAfter(long deadlineNanos, WebClient client, Gateway gateway)
            throws Exception {
        Thread.sleep(Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000 + 2_000));
        String metrics = client.get(gateway.adminPort(), "127.0.0.1", AdminApi.METRICS).send()
                .await(10, TimeUnit.SECONDS).bodyAsString();
        assertEquals(0.0, gauge(metrics, GatewayMetrics.DECODE_BUSY), "decode threads busy");
        assertEquals(0.0, gauge(metrics, GatewayMetrics.INFERENCE_BUSY), "inference threads busy");
        assertEquals(List.of(), drawingThreads(), "threads still reading a PDF");
    }

    /** PDFs sent at once, each with the time it was sent and answered. */
    private record Volley(List<Future<HttpResponse<Buffer>>> answers, long[] sent, long[] answered) {

        static Volley send(WebClient client, List<byte[]> pdfs) {
            Volley volley = new Volley(new ArrayList<>(), new long[pdfs.size()], new long[pdfs.size()]);
            for (int i = 0; i < pdfs.size(); i++) {
                int n = i;
                volley.sent[i] = System.nanoTime();
                volley.answers.add(client.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "application/pdf")
                        .sendBuffer(Buffer.buffer(pdfs.get(i)))
                        .onComplete(done -> volley.answered[n] = System.nanoTime()));
            }
            return volley;
        }

        long lastDeadline() {
            return sent[sent.length - 1] + TIMEOUT.toNanos();
        }

        void assertAnswered(int status, String... codes) throws Exception {
            for (int i = 0; i < answers.size(); i++) {
                HttpResponse<Buffer> answer = answers.get(i).await(30, TimeUnit.SECONDS);
                long tookMs = (answered[i] - sent[i]) / 1_000_000;
                assertEquals(status, answer.statusCode(), answer.bodyAsString());
                String code = answer.bodyAsJsonObject().getJsonObject("error").getString("code");
                assertTrue(List.of(codes).contains(code), code);
                assertTrue(tookMs <= TIMEOUT.toMillis() + 250, "PDF " + i + " answered after " + tookMs + " ms");
                System.out.printf("PDF %d: %d %s after %d ms%n", i, status, code, tookMs);
            }
        }
    }

    private static double gauge(String exposition, String name) {
        return exposition.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " is not exported"));
    }

    /** Threads whose stack is inside PDFBox: nothing should still be reading a PDF. */
    private static List<String> drawingThreads() {
        List<String> busy = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (Arrays.stream(e.getValue()).anyMatch(frame -> frame.getClassName().startsWith("org.apache.pdfbox"))) {
                busy.add(e.getKey().getName() + " " + e.getKey().getState());
            }
        }
        return busy;
    }
}
