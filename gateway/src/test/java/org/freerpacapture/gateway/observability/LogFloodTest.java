package org.freerpacapture.gateway.observability;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import org.freerpacapture.gateway.execute.SingleProviderExecutor;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.support.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood of bad requests against the production logging: client faults take one WARN line each without a stack
 * trace, at most a bounded number a second, the request log one line per analyze request, and no line carries any
 * of the bodies. Prints the volume (docs/BENCHMARKS.md, "Logs under a bad-input flood").
 */
class LogFloodTest {

    private static final int REQUESTS = 10_000;
    private static final int IN_FLIGHT = 32;
    private static final String MARKER = "B0DY-MARKER-7f3e";

    @Test
    void a_flood_of_bad_requests_logs_a_bounded_volume_and_no_body() throws Exception {
        byte[] binary = (MARKER + "\u0000\u00ff\u00fe binary " + MARKER).getBytes(StandardCharsets.ISO_8859_1);
        List<IntFunction<Future<?>>> kinds = new ArrayList<>();
        try (CapturedLogs logs = new CapturedLogs();
             ObservedGateway gateway = ObservedGateway.start(Observability.of(Telemetry.disabled(),
                     ProviderPrices.NONE), setup -> new SingleProviderExecutor(new ScriptedProvider()))) {
            kinds.add(i -> post(gateway, "application/x-www-form-urlencoded", binary)); // 415
            kinds.add(i -> post(gateway, "text/plain", binary)); // 415
            kinds.add(i -> post(gateway, "image/jpeg", binary)); // corrupt image, 4xx from the decoder
            kinds.add(i -> post(gateway, "multipart/form-data; boundary=zz", binary)); // 400 malformed
            kinds.add(i -> post(gateway, "image/png", new byte[0])); // 400 empty
            kinds.add(i -> gateway.client.post(HttpApi.DOCUMENTS_ANALYZE + "?pages=" + MARKER)
                    .putHeader("Content-Type", "image/png").sendBuffer(Buffer.buffer(binary))); // 400 query
            kinds.add(i -> gateway.client.get("/no/" + MARKER).send()); // 404

            long start = System.nanoTime();
            List<Future<?>> window = new ArrayList<>();
            int[] statuses = new int[600];
            for (int i = 0; i < REQUESTS; i++) {
                Future<?> sent = kinds.get(i % kinds.size()).apply(i);
                window.add(sent.onSuccess(r -> {
                    synchronized (statuses) {
                        statuses[((io.vertx.ext.web.client.HttpResponse<?>) r).statusCode()]++;
                    }
                }));
                if (window.size() == IN_FLIGHT) {
                    Future.all(window).await(30, TimeUnit.SECONDS);
                    window.clear();
                }
            }
            Future.all(window).await(30, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(500); // the request log's closing step runs as each response ends

            String text = logs.text();
            List<String> lines = Arrays.stream(text.split("\n")).filter(l -> !l.isBlank()).toList();
            Map<String, Integer> byLogger = new TreeMap<>();
            for (String line : lines) {
                int at = line.indexOf("\"loggerName\":\"");
                String logger = at < 0 ? "?" : line.substring(at + 14, line.indexOf('"', at + 14));
                byLogger.merge(logger, 1, Integer::sum);
            }
            int faults = byLogger.getOrDefault("gateway.client-faults", 0);
            int requestLog = byLogger.getOrDefault(RequestLog.LOGGER, 0);
            System.out.printf("log flood: %d bad requests in %.1f s -> %d lines, %d bytes; by logger %s;"
                            + " statuses 4xx=%d 5xx=%d%n", REQUESTS, seconds, lines.size(),
                    text.getBytes(StandardCharsets.UTF_8).length, byLogger, sum(statuses, 400, 500),
                    sum(statuses, 500, 600));

            assertEquals(REQUESTS, sum(statuses, 400, 500), "every bad request is answered 4xx");
            assertFalse(text.contains(MARKER), "no line carries a body, a path or a query the caller sent");
            assertTrue(lines.stream().allMatch(l -> l.contains("\"throwable\":null")), "no stack trace");
            // At most the per-second share, plus one line a second saying how many were not logged.
            assertTrue(faults <= 2 * 20 * (Math.ceil(seconds) + 1), faults + " client-fault lines in " + seconds
                    + " s");
            int analyzeRequests = REQUESTS - REQUESTS / kinds.size();
            assertTrue(requestLog <= analyzeRequests, requestLog + " request log lines");
            assertTrue(lines.size() <= requestLog + faults + 10, "nothing else floods: " + byLogger);
        }
    }

    private static Future<?> post(ObservedGateway gateway, String type, byte[] body) {
        HttpRequest<Buffer> request = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", type);
        return request.sendBuffer(Buffer.buffer(body));
    }

    private static int sum(int[] counts, int from, int to) {
        int n = 0;
        synchronized (counts) {
            for (int i = from; i < to; i++) {
                n += counts[i];
            }
        }
        return n;
    }
}
