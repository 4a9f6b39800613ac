package org.freerpacapture.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.GatewayProcess;
import org.freerpacapture.gateway.support.GatedReader;
import org.freerpacapture.gateway.support.RunningGateway;
import org.freerpacapture.gateway.support.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rollout as a load balancer sees it: keep-alive clients post receipts at a steady pace, the gateway is told to
 * stop, a balancer probing {@code /health/ready} takes it out of rotation when it answers 503, and not one request
 * sent meanwhile fails: once in process, once with the gateway as its own process getting SIGTERM.
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
        AtomicReference<Future<Void>> stopped = new AtomicReference<>();
        Rollout rollout = rollout(gateway.server.port(),
                () -> stopped.set(gateway.server.stop(READY_DELAY, Duration.ofSeconds(5))));
        stopped.get().await(30, TimeUnit.SECONDS);
        gateway.client.close();

        rollout.assertNothingLost();
        assertEquals(0, gateway.server.api().inFlight());
    }

    /**
     * The same rollout as Kubernetes does it: the gateway runs as its own process ({@link GatewayMain}, a test
     * provider behind the policy, so no model is loaded) and gets SIGTERM; its shutdown hook drains it.
     */
    @Test
    void a_sigterm_to_the_gateway_process_loses_no_request() throws Exception {
        Path dir = Files.createTempDirectory("drain");
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, "{\"providers\": {\"test:fixed\": {\"kind\": \"test\", \"latencyMs\": 20}},"
                + " \"routes\": [{\"name\": \"default\", \"match\": {}, \"variants\": [{\"name\": \"v\","
                + " \"provider\": \"test:fixed\", \"weight\": 1}]}]}");
        try (GatewayProcess gateway = GatewayProcess.start(Map.of("GATEWAY_POLICY_FILE", policy.toString(),
                "GATEWAY_WARMUP", "false", "GATEWAY_DRAIN_READY_DELAY", READY_DELAY.toMillis() + "ms",
                "GATEWAY_SHUTDOWN_TIMEOUT", "5s"), dir.resolve("gateway.log"))) {
            gateway.awaitReady(Duration.ofSeconds(60));
            Rollout rollout = rollout(gateway.port, gateway::terminate);
            assertTrue(gateway.waitFor(Duration.ofSeconds(30)), "the process ends after its drain");
            rollout.assertNothingLost();
            // Ended by the signal, after its shutdown hook (128 + SIGTERM's 15); the drain is what told every client
            // to close, which only a stopping gateway does.
            assertEquals(143, gateway.exitValue());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** What the clients saw across one stop. */
    private record Rollout(int beforeStop, int answered, int toldToClose, List<String> failures, boolean inRotation) {
        void assertNothingLost() {
            assertTrue(failures.isEmpty(), failures.size() + " failed: " + failures.stream().limit(5).toList());
            assertTrue(beforeStop >= 5 * CLIENTS, "steady load before the stop: " + beforeStop + " requests");
            assertTrue(answered > beforeStop, "requests were still served while draining");
            // Each client was told to close, reconnected, and was served again on its new connection.
            assertTrue(toldToClose >= 2 * CLIENTS, "responses during the drain say Connection: close ("
                    + toldToClose + ")");
            assertFalse(inRotation);
        }
    }

    /**
     * Keep-alive clients post receipts to {@code port} while a balancer probes readiness; once the load is steady,
     * {@code stop} runs; the balancer takes the gateway out of rotation after enough 503s in a row.
     */
    private static Rollout rollout(int port, Runnable stop) throws Exception {
        URI analyze = URI.create("http://127.0.0.1:" + port + HttpApi.DOCUMENTS_ANALYZE);
        URI ready = URI.create("http://127.0.0.1:" + port + HttpApi.HEALTH_READY);
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
            }));
        }
        // The balancer: probes readiness and takes the gateway out of rotation after enough 503s in a row.
        running.add(threads.submit(() -> {
            HttpClient probe = HttpClient.newHttpClient();
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
        }));

        long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (answered.get() < 5 * CLIENTS && System.nanoTime() < warm) {
            Thread.sleep(50); // until the load is steady
        }
        int beforeStop = answered.get();
        stop.run();
        for (java.util.concurrent.Future<?> f : running) {
            f.get(30, TimeUnit.SECONDS);
        }
        threads.shutdown();
        return new Rollout(beforeStop, answered.get(), toldToClose.get(), List.copyOf(failures), inRotation.get());
    }
}
