package org.freerpacapture.gateway.kafka;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.config.KafkaSettings;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.ReadyGateway;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka work held to its share: with 2,000 receipts waiting on the request topic, the worker never holds more records
 * than its share of the inference threads, and an HTTP caller reading receipts one after another is answered every
 * time, never refused for want of a slot. What that costs the caller in latency is measured by
 * {@code bench/kafka_backlog.py}, not asserted here: on two shared cores it depends on whatever else runs.
 */
class KafkaBacklogTest {

    private static final int BACKLOG = 2_000;
    private static final int SAMPLES = 24;

    @Test
    void kafka_holds_only_its_share_while_an_http_caller_is_answered() throws Exception {
        List<byte[]> receipts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            receipts.add(Files.readAllBytes(Fixtures.receiptPath(String.format("%03d", i))));
        }
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("backlog.requests", 2, Map.of());
            broker.createTopic("backlog.results", 1, Map.of());
            broker.createTopic("backlog.dlq", 1, Map.of());
            Vertx vertx = Vertx.vertx();
            GatewayConfig config = GatewayConfig.defaults().withHost("127.0.0.1").withHttpPort(0).withAdminPort(0)
                    .withPools(new GatewayConfig.Pools(2, 8, 2, 8, 2))
                    .withKafka(KafkaSettings.OFF.withBootstrap(broker.bootstrap())
                            .withTopics("backlog.requests", "backlog.results", "backlog.dlq", "backlog.policy")
                            .withInstanceId("backlog-replica"));
            try (ReadyGateway gateway = ReadyGateway.start(vertx, config)) {
                long[] alone = httpLatencies(gateway, receipts);
                try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
                    for (int i = 0; i < BACKLOG; i++) {
                        String id = "b" + i;
                        producer.send(new ProducerRecord<>("backlog.requests", id.getBytes(StandardCharsets.UTF_8),
                                KafkaRequestsTest.envelope(id, "document", "image/jpeg",
                                        receipts.get(i % receipts.size()), "")));
                    }
                    producer.flush();
                }
                KafkaRequests requests = gateway.gateway.kafkaRequests().orElseThrow();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while ((Integer) requests.health().get("inFlight") == 0 && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                assertEquals(1, requests.health().get("maxInFlight"), "half of two inference threads");
                AtomicInteger mostHeld = new AtomicInteger();
                AtomicInteger samples = new AtomicInteger();
                long watch = vertx.setPeriodic(5, id -> {
                    mostHeld.accumulateAndGet((Integer) requests.health().get("inFlight"), Math::max);
                    samples.incrementAndGet();
                });
                long[] busy = httpLatencies(gateway, receipts);
                vertx.cancelTimer(watch);
                System.out.printf("HTTP p50 alone %d ms, with a %d-record backlog %d ms; Kafka held at most %d of %d"
                        + " records (%d samples)%n", p50(alone), BACKLOG, p50(busy), mostHeld.get(),
                        requests.health().get("maxInFlight"), samples.get());
                assertTrue((Integer) requests.health().get("inFlight") > 0, "the backlog was being read throughout");
                assertTrue(samples.get() > 100, "watched throughout: " + samples.get() + " samples");
                assertEquals(1, mostHeld.get(), "never more than its share, and busy while HTTP was read");
            } finally {
                vertx.close().await(10, TimeUnit.SECONDS);
            }
        }
    }

    private static long[] httpLatencies(ReadyGateway gateway, List<byte[]> receipts) throws Exception {
        long[] took = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            int status = gateway.api.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/jpeg")
                    .sendBuffer(Buffer.buffer(receipts.get(i % receipts.size()))).await(60, TimeUnit.SECONDS)
                    .statusCode();
            took[i] = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, status);
        }
        return took;
    }

    private static long p50(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
