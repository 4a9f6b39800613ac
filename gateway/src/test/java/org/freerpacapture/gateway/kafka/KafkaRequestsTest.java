package org.freerpacapture.gateway.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.ReadyGateway;
import org.freerpacapture.gateway.support.TestPolicies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Request records through a whole gateway on a real broker: results shaped as HTTP answers, dead letters with their
 * reasons, passing failures retried, and never more in flight than the share allows. A test provider reads, so the
 * broker's guarantees are what is tested, not the model.
 */
class KafkaRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaBroker broker;

    @BeforeAll
    static void broker() throws Exception {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void a_request_record_gets_the_result_http_gives_and_poison_goes_to_the_dead_letters(@TempDir Path dir)
            throws Exception {
        Topics t = Topics.create("a", 2);
        Vertx vertx = Vertx.vertx();
        try (ReadyGateway gateway = ReadyGateway.start(vertx, config(dir, t, "{\"kind\": \"test\", \"latencyMs\": 5}",
                1.0, 3));
             KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            byte[] receipt = Fixtures.receiptJpeg();
            producer.send(request(t, "good-1", envelope("good-1", "document", "image/jpeg", receipt, ""),
                    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
            List<byte[]> poison = List.of(
                    "not json".getBytes(StandardCharsets.UTF_8),
                    "[1, 2]".getBytes(StandardCharsets.UTF_8),
                    "{\"task\": \"document\"}".getBytes(StandardCharsets.UTF_8),
                    envelope("bad-task", "drawing", "image/jpeg", receipt, ""),
                    ("{\"requestId\": \"bad-b64\", \"task\": \"document\", \"contentType\": \"image/png\","
                            + " \"data\": \"%%%\"}").getBytes(StandardCharsets.UTF_8),
                    envelope("bad-type", "document", "text/plain", "hello".getBytes(StandardCharsets.UTF_8), ""),
                    envelope("bad-image", "document", "image/png", "not a png at all".getBytes(StandardCharsets.UTF_8),
                            ""),
                    envelope("bad-feature", "document", "image/jpeg", receipt, ", \"features\": [\"magic\"]"),
                    new byte[0]);
            for (int i = 0; i < poison.size(); i++) {
                producer.send(new ProducerRecord<>(t.requests, ("poison-" + i).getBytes(StandardCharsets.UTF_8),
                        poison.get(i)));
            }
            producer.flush();

            List<ConsumerRecord<byte[], byte[]>> results = broker.readUntil(t.results, Duration.ofSeconds(60),
                    r -> !r.isEmpty());
            List<ConsumerRecord<byte[], byte[]>> dead = broker.readUntil(t.dlq, Duration.ofSeconds(60),
                    r -> r.size() >= poison.size());

            assertEquals(1, results.size(), "only the good request has a result");
            ConsumerRecord<byte[], byte[]> result = results.get(0);
            assertEquals("good-1", new String(result.key(), StandardCharsets.UTF_8));
            JsonNode viaKafka = JSON.readTree(result.value());
            Buffer viaHttp = gateway.api.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/jpeg")
                    .sendBuffer(Buffer.buffer(receipt)).await(30, TimeUnit.SECONDS).body();
            JsonNode http = JSON.readTree(viaHttp.getBytes());
            assertEquals(fieldNames(http), fieldNames(viaKafka), "the same fields as the HTTP answer");
            assertEquals(http.get("content"), viaKafka.get("content"));
            assertEquals("good-1", viaKafka.get("requestId").asText());
            assertEquals("200", header(result, "status"));
            assertEquals(http.get("provider").get("id").asText(), header(result, "provider"));
            assertEquals(http.get("route").asText(), header(result, "route"));
            assertTrue(header(result, "traceparent").startsWith("00-0af7651916cd43dd8448eb211c80319c-"),
                    "the result continues the request's trace");

            assertEquals(poison.size(), dead.size());
            Set<String> codes = new TreeSet<>();
            for (ConsumerRecord<byte[], byte[]> d : dead) {
                int index = Integer.parseInt(new String(d.key(), StandardCharsets.UTF_8).substring("poison-".length()));
                assertArrayEquals(poison.get(index), d.value() == null ? new byte[0] : d.value(),
                        "the original bytes, untouched");
                assertEquals(t.requests, header(d, "dlq.topic"));
                assertNotNull(header(d, "dlq.offset"));
                assertTrue(header(d, "dlq.status").startsWith("4"), header(d, "dlq.code"));
                assertTrue(!header(d, "dlq.message").isBlank());
                codes.add(header(d, "dlq.code"));
            }
            assertEquals(Set.of("invalid_envelope", "missing_field", "invalid_field", "unsupported_media_type",
                    "unknown_feature", "undecodable_image"), codes.stream().filter(c -> !c.isEmpty())
                    .collect(java.util.stream.Collectors.toSet()), "each poison record says why: " + codes);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_passing_failure_is_tried_again_then_answered_and_dead_lettered(@TempDir Path dir) throws Exception {
        Topics t = Topics.create("b", 1);
        Vertx vertx = Vertx.vertx();
        try (ReadyGateway gateway = ReadyGateway.start(vertx, config(dir, t,
                "{\"kind\": \"test\", \"mode\": \"fail\", \"failWith\": \"unavailable\"}", 1.0, 3));
             KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            producer.send(request(t, "down-1", envelope("down-1", "document", "image/jpeg", Fixtures.receiptJpeg(),
                    ""), null)).get();
            List<ConsumerRecord<byte[], byte[]>> results = broker.readUntil(t.results, Duration.ofSeconds(60),
                    r -> !r.isEmpty());
            List<ConsumerRecord<byte[], byte[]>> dead = broker.readUntil(t.dlq, Duration.ofSeconds(30),
                    r -> !r.isEmpty());
            assertEquals(1, results.size());
            JsonNode failure = JSON.readTree(results.get(0).value());
            assertEquals(503, failure.get("status").asInt());
            assertEquals("provider_unavailable", failure.get("error").get("code").asText(), failure.toString());
            assertEquals(1, dead.size());
            assertEquals("3", header(dead.get(0), "dlq.attempts"), "tried the configured 3 times");
            String metrics = gateway.admin.get("/metrics").bearerTokenAuthentication("t")
                    .send().await(10, TimeUnit.SECONDS).bodyAsString();
            assertTrue(metrics.contains("gateway_kafka_retries_total 2.0"), "two retries counted");
            String documented = Files.readString(Path.of(System.getProperty("user.dir")).resolve(
                    "../docs/observability.md"));
            for (String series : KafkaMetrics.SERIES) {
                assertTrue(metrics.contains(series), series + " is exported");
                assertTrue(documented.contains("`" + series + "`"), series + " is in docs/observability.md");
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void the_worker_never_holds_more_records_than_its_share(@TempDir Path dir) throws Exception {
        Topics t = Topics.create("c", 3);
        Vertx vertx = Vertx.vertx();
        // Two inference threads at a share of 0.5: one record at a time.
        GatewayConfig config = config(dir, t, "{\"kind\": \"test\", \"latencyMs\": 100}", 0.5, 1)
                .withPools(new GatewayConfig.Pools(2, 8, 2, 8));
        try (ReadyGateway gateway = ReadyGateway.start(vertx, config);
             KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            byte[] receipt = Fixtures.receiptJpeg();
            int count = 30;
            for (int i = 0; i < count; i++) {
                producer.send(request(t, "r" + i, envelope("r" + i, "document", "image/jpeg", receipt, ""), null));
            }
            producer.flush();
            KafkaRequests requests = gateway.gateway.kafkaRequests().orElseThrow();
            AtomicInteger most = new AtomicInteger();
            long timer = vertx.setPeriodic(5, id -> most.accumulateAndGet(
                    (Integer) requests.health().get("inFlight"), Math::max));
            List<ConsumerRecord<byte[], byte[]>> results = broker.readUntil(t.results, Duration.ofSeconds(60),
                    r -> r.size() >= count);
            vertx.cancelTimer(timer);
            assertEquals(count, results.size());
            assertEquals(1, most.get(), "at most one record in flight, and some");
            Set<String> keys = new HashSet<>();
            results.forEach(r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
            assertEquals(count, keys.size(), "one result per request");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_broker_outage_loses_no_record_and_writes_none_twice_while_http_serves(@TempDir Path dir)
            throws Exception {
        Topics t = Topics.create("d", 2);
        Vertx vertx = Vertx.vertx();
        GatewayConfig config = config(dir, t, "{\"kind\": \"test\", \"latencyMs\": 40}", 1.0, 5)
                .withPools(new GatewayConfig.Pools(2, 8, 2, 8));
        int count = 60;
        try (ReadyGateway gateway = ReadyGateway.start(vertx, config);
             KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            byte[] receipt = Fixtures.receiptJpeg();
            for (int i = 0; i < count; i++) {
                producer.send(request(t, "o" + i, envelope("o" + i, "document", "image/jpeg", receipt, ""), null));
            }
            producer.flush();
            broker.readUntil(t.results, Duration.ofSeconds(60), r -> r.size() >= 10);
            broker.stop();
            try {
                String state = "";
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!state.equals("retrying") && System.nanoTime() < until) {
                    Thread.sleep(200);
                    var ready = gateway.api.get(HttpApi.HEALTH_READY).send().await(10, TimeUnit.SECONDS);
                    assertEquals(200, ready.statusCode(), "readiness is HTTP's");
                    state = ready.bodyAsJsonObject().getJsonObject("kafka").getJsonObject("requests")
                            .getString("state");
                }
                assertEquals("retrying", state, "the broker's absence shows in the health detail");
                assertEquals(200, gateway.api.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/jpeg")
                        .sendBuffer(Buffer.buffer(receipt)).await(10, TimeUnit.SECONDS).statusCode(),
                        "HTTP callers are served with the broker away");
            } finally {
                broker.restart();
            }
            List<ConsumerRecord<byte[], byte[]>> results = broker.readUntil(t.results, Duration.ofSeconds(90),
                    r -> r.size() >= count);
            Thread.sleep(2_000);
            results = broker.readUntil(t.results, Duration.ofSeconds(10), r -> r.size() > count);
            Set<String> keys = new HashSet<>();
            results.forEach(r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
            assertEquals(count, keys.size(), "every request answered");
            assertEquals(count, results.size(), "none twice");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** The topics of one test, so tests do not read each other's records. */
    record Topics(String requests, String results, String dlq, String policy) {
        static Topics create(String suffix, int partitions) throws Exception {
            Topics t = new Topics("req-" + suffix, "res-" + suffix, "dlq-" + suffix, "pol-" + suffix);
            broker.createTopic(t.requests, partitions, Map.of());
            broker.createTopic(t.results, 1, Map.of());
            broker.createTopic(t.dlq, 1, Map.of());
            return t;
        }
    }

    static GatewayConfig config(Path dir, Topics t, String provider, double share, int attempts) throws Exception {
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, TestPolicies.single(provider));
        return GatewayConfig.defaults().withHost("127.0.0.1").withHttpPort(0).withAdminPort(0).withWarmup(false)
                .withPolicyFile(policy).withAdminToken("t")
                .withKafka(new org.freerpacapture.gateway.config.KafkaSettings(broker.bootstrap(), t.requests,
                        t.results, t.dlq, t.policy, "group-" + t.requests, share, attempts, Duration.ofMillis(50),
                        "replica-" + t.requests, List.of(), null, Map.of()));
    }

    static byte[] envelope(String id, String task, String contentType, byte[] data, String more) {
        return ("{\"requestId\": \"" + id + "\", \"task\": \"" + task + "\", \"contentType\": \"" + contentType
                + "\", \"data\": \"" + Base64.getEncoder().encodeToString(data) + "\"" + more + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static ProducerRecord<byte[], byte[]> request(Topics t, String id, byte[] value, String traceparent) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(t.requests, id.getBytes(StandardCharsets.UTF_8),
                value);
        if (traceparent != null) {
            r.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        }
        return r;
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
