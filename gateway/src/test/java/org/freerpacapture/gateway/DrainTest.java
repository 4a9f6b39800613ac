package org.freerpacapture.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.GatedReader;
import org.freerpacapture.gateway.support.RunningGateway;
import org.freerpacapture.gateway.support.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rollout as a load balancer sees it: keep-alive clients post receipts at a steady pace, the gateway is told to
 * stop, a balancer probing {@code /health/ready} takes it out of rotation when it answers 503, and not one request
 * sent meanwhile fails.
 */
@ExtendWith(VertxExtension.class)
class DrainTest {

    private static final int CLIENTS = 8;
    private static final Duration READY_DELAY = Duration.ofMillis(1_500);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
    /** Failed probes in a row before the balancer takes the gateway out (Kubernetes' failureThreshold). */
    private static final int FAILURE_THRESHOLD = 3;

    @Test
    void keep_alive_clients_lose_no_request_across_a_stop(Vertx vertx) throws Exception {
        RunningGateway gateway = RunningGateway.start(vertx, RunningGateway.loopbackConfig(), new ScriptedProvider(),
                GatedReader.real());
        gateway.readiness.markReady();
        URI analyze = URI.create("http://127.0.0.1:" + gateway.server.port() + HttpApi.DOCUMENTS_ANALYZE);
        URI ready = URI.create("http://127.0.0.1:" + gateway.server.port() + HttpApi.HEALTH_READY);
        byte[] receipt = Fixtures.receiptJpeg();

        AtomicBoolean inRotation = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger toldToClose = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS + 1);
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            running.add(threads.submit(() -> {
                // One client per thread, each with its own kept-alive connection.
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                {
                    while (inRotation.get()) {
                        try {
                            HttpResponse<String> r = client.send(HttpRequest.newBuilder(analyze)
                                            .header("Content-Type", "image/jpeg")
                                            .timeout(Duration.ofSeconds(10))
                                            .POST(HttpRequest.BodyPublishers.ofByteArray(receipt)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200 || !r.body().contains("\"requestId\"")) {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                            answered.incrementAndGet();
                            if (r.headers().firstValue("Connection").filter("close"::equalsIgnoreCase).isPresent()) {
                                toldToClose.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.add(String.valueOf(e));
                        }
                    }
                }
            }));
        }
        // The balancer: probes readiness and takes the gateway out of rotation after enough 503s in a row.
        running.add(threads.submit(() -> {
            HttpClient probe = HttpClient.newHttpClient();
            {
                int notReady = 0;
                while (inRotation.get()) {
                    try {
                        int status = probe.send(HttpRequest.newBuilder(ready).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                        notReady = status == 503 ? notReady + 1 : 0;
                        if (notReady >= FAILURE_THRESHOLD) {
                            inRotation.set(false);
                        }
                        Thread.sleep(PROBE_INTERVAL.toMillis());
                    } catch (Exception e) {
                        failures.add("probe: " + e);
                        inRotation.set(false);
                    }
                }
            }
        }));

        long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (answered.get() < 5 * CLIENTS && System.nanoTime() < warm) {
            Thread.sleep(50); // until the load is steady
        }
        int beforeStop = answered.get();
        Future<Void> stopped = gateway.server.stop(READY_DELAY, Duration.ofSeconds(5));
        for (java.util.concurrent.Future<?> f : running) {
            f.get(30, TimeUnit.SECONDS);
        }
        stopped.await(30, TimeUnit.SECONDS);
        threads.shutdown();
        gateway.client.close();

        assertTrue(failures.isEmpty(), failures.size() + " failed: " + failures.stream().limit(5).toList());
        assertTrue(beforeStop >= 5 * CLIENTS, "steady load before the stop: " + beforeStop + " requests");
        assertTrue(answered.get() > beforeStop, "requests were still served while draining");
        // Each client was told to close, reconnected, and was served again on its new connection.
        assertTrue(toldToClose.get() >= 2 * CLIENTS, "responses during the drain say Connection: close ("
                + toldToClose.get() + ")");
        assertFalse(inRotation.get());
        assertEquals(0, gateway.server.api().inFlight());
    }
}
