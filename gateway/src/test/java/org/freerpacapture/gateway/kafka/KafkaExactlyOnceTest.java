package org.freerpacapture.gateway.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.GatewayProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exactly once across a crash: 1,000 request records (receipts and screenshots read by the local model, and 20
 * poison records) through two gateway processes in one group; one is killed with SIGKILL at a random moment and
 * started again. A {@code read_committed} reader sees exactly one result per good request, and each poison record in
 * the dead-letter topic only, with its reason.
 */
class KafkaExactlyOnceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int GOOD = 980;
    private static final int POISON = 20;

    @Test
    void a_replica_killed_mid_backlog_loses_and_repeats_nothing(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("rpa.ocr.requests", 4, Map.of());
            broker.createTopic("rpa.ocr.results", 2, Map.of());
            broker.createTopic("rpa.ocr.dlq", 1, Map.of());
            Map<String, String> expected = produceBacklog(broker, new Random(19));

            GatewayProcess a = start(broker, "replica-a", dir);
            GatewayProcess b = start(broker, "replica-b", dir);
            try {
                a.awaitReady(Duration.ofSeconds(120));
                b.awaitReady(Duration.ofSeconds(120));
                int killAt = GOOD / 6 + new Random().nextInt(GOOD / 3);
                List<ConsumerRecord<byte[], byte[]>> before = broker.readUntil("rpa.ocr.results",
                        Duration.ofSeconds(240), r -> r.size() >= killAt);
                assertTrue(before.size() >= killAt, "results before the crash: " + before.size());
                a.kill();
                a = start(broker, "replica-a", dir);
                a.awaitReady(Duration.ofSeconds(120));

                List<ConsumerRecord<byte[], byte[]>> results = broker.readUntil("rpa.ocr.results",
                        Duration.ofSeconds(360), r -> r.size() >= GOOD);
                // A little longer: a result written twice would show up now.
                Thread.sleep(3_000);
                results = broker.readUntil("rpa.ocr.results", Duration.ofSeconds(20), r -> r.size() > GOOD);
                List<ConsumerRecord<byte[], byte[]>> dead = broker.readUntil("rpa.ocr.dlq", Duration.ofSeconds(30),
                        r -> r.size() >= POISON);

                Map<String, Integer> seen = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : results) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    seen.merge(key, 1, Integer::sum);
                    JsonNode body = JSON.readTree(r.value());
                    assertEquals(key, body.get("requestId").asText());
                    assertEquals("200", KafkaRequestsTest.header(r, "status"), body.toString());
                    assertTrue(body.get("provider").get("id").asText().startsWith("onnx:"));
                }
                List<String> twice = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                        .toList();
                assertTrue(twice.isEmpty(), "results written twice: " + twice);
                Set<String> good = new HashSet<>();
                expected.forEach((id, kind) -> {
                    if (!kind.equals("poison")) {
                        good.add(id);
                    }
                });
                assertEquals(good, seen.keySet(), "one result for each good request, none for poison");

                assertEquals(POISON, dead.size(), "every poison record dead-lettered once");
                for (ConsumerRecord<byte[], byte[]> d : dead) {
                    String key = new String(d.key(), StandardCharsets.UTF_8);
                    assertEquals("poison", expected.get(key), key);
                    assertFalse(KafkaRequestsTest.header(d, "dlq.code").isBlank());
                    assertFalse(KafkaRequestsTest.header(d, "dlq.message").isBlank());
                }
                System.out.printf("exactly once: %d results, %d dead letters, replica killed after %d results%n",
                        results.size(), dead.size(), before.size());
            } finally {
                a.close();
                b.close();
            }
        }
    }

    /**
     * A record that finishes before an earlier one of its partition keeps its result back until that one is done:
     * the replica is killed in between, and after its restart both are read again and each answered once.
     */
    @Test
    void a_result_waits_for_the_earlier_records_of_its_partition(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, "{\"providers\": {\"test:slow\": {\"kind\": \"test\", \"latencyMs\": 6000},"
                + " \"test:fast\": {\"kind\": \"test\", \"latencyMs\": 10}}, \"routes\": ["
                + "{\"name\": \"slow\", \"match\": {\"header\": {\"X-Speed\": [\"slow\"]}}, \"variants\":"
                + " [{\"name\": \"s\", \"provider\": \"test:slow\", \"weight\": 1}]},"
                + " {\"name\": \"default\", \"match\": {}, \"variants\": [{\"name\": \"f\", \"provider\":"
                + " \"test:fast\", \"weight\": 1}]}]}");
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("rpa.ocr.requests", 1, Map.of());
            broker.createTopic("rpa.ocr.results", 1, Map.of());
            broker.createTopic("rpa.ocr.dlq", 1, Map.of());
            Map<String, String> env = new HashMap<>(Map.of("GATEWAY_KAFKA_BOOTSTRAP", broker.bootstrap(),
                    "GATEWAY_KAFKA_INSTANCE_ID", "replica-a", "GATEWAY_KAFKA_INFERENCE_SHARE", "1",
                    "GATEWAY_INFERENCE_THREADS", "4", "GATEWAY_WARMUP", "false",
                    "GATEWAY_POLICY_FILE", policy.toString()));
            GatewayProcess a = GatewayProcess.start(env, dir.resolve("a.log"));
            try {
                a.awaitReady(Duration.ofSeconds(60));
                byte[] receipt = Fixtures.receiptJpeg();
                try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
                    producer.send(new ProducerRecord<>("rpa.ocr.requests", "first".getBytes(StandardCharsets.UTF_8),
                            KafkaRequestsTest.envelope("first", "document", "image/jpeg", receipt,
                                    ", \"headers\": {\"X-Speed\": \"slow\"}")));
                    for (String id : List.of("second", "third")) {
                        producer.send(new ProducerRecord<>("rpa.ocr.requests", id.getBytes(StandardCharsets.UTF_8),
                                KafkaRequestsTest.envelope(id, "document", "image/jpeg", receipt, "")));
                    }
                }
                // The fast ones are done within a second or two; the first takes six.
                Thread.sleep(3_000);
                assertEquals(List.of(), broker.readUntil("rpa.ocr.results", Duration.ofSeconds(1), r -> false)
                        .stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList(),
                        "nothing out while the first record is still being read");
                a.kill();
                a = GatewayProcess.start(env, dir.resolve("a.log"));
                a.awaitReady(Duration.ofSeconds(60));
                List<ConsumerRecord<byte[], byte[]>> results = broker.readUntil("rpa.ocr.results",
                        Duration.ofSeconds(60), r -> r.size() >= 3);
                Thread.sleep(2_000);
                results = broker.readUntil("rpa.ocr.results", Duration.ofSeconds(5), r -> r.size() > 3);
                assertEquals(List.of("first", "second", "third"), results.stream()
                        .map(r -> new String(r.key(), StandardCharsets.UTF_8)).sorted().toList());
            } finally {
                a.close();
            }
        }
    }

    private static GatewayProcess start(KafkaBroker broker, String instance, Path dir) throws IOException {
        return GatewayProcess.start(Map.of(
                "GATEWAY_KAFKA_BOOTSTRAP", broker.bootstrap(),
                "GATEWAY_KAFKA_INSTANCE_ID", instance,
                "GATEWAY_KAFKA_INFERENCE_SHARE", "1",
                // Two records at once per replica, finishing out of order (screens take longer than receipts).
                "GATEWAY_INFERENCE_THREADS", "2",
                "GATEWAY_ORT_INTRA_THREADS", "1",
                "GATEWAY_DECODE_THREADS", "1",
                "GATEWAY_WARMUP", "false",
                "GATEWAY_MAX_BYTES", "512KiB"), dir.resolve(instance + ".log"));
    }

    /** Produces the requests in a shuffled order; returns request id → what it is. */
    private static Map<String, String> produceBacklog(KafkaBroker broker, Random random) throws Exception {
        List<byte[]> receipts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            receipts.add(strip(Files.readAllBytes(Fixtures.receiptPath(String.format("%03d", i))), i, 480, 40));
        }
        List<byte[]> screens = new ArrayList<>();
        for (byte[] screen : List.of(Fixtures.invoiceFormScreenshot(), Fixtures.noticePanelScreenshot(),
                Fixtures.vendorFormScreenshot("light"), Fixtures.vendorFormScreenshot("dark"))) {
            screens.add(strip(screen, 0, 640, 48));
        }
        List<String> ids = new ArrayList<>();
        Map<String, String> kinds = new HashMap<>();
        for (int i = 0; i < GOOD; i++) {
            String id = "req-" + i;
            ids.add(id);
            kinds.put(id, i % 3 == 0 ? "screen" : "document");
        }
        for (int i = 0; i < POISON; i++) {
            String id = "poison-" + i;
            ids.add(id);
            kinds.put(id, "poison");
        }
        Collections.shuffle(ids, random);
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (String id : ids) {
                int n = Math.abs(id.hashCode());
                byte[] value = switch (kinds.get(id)) {
                    case "screen" -> KafkaRequestsTest.envelope(id, "screen", "image/png",
                            screens.get(n % screens.size()), "");
                    case "document" -> KafkaRequestsTest.envelope(id, "document", "image/png",
                            receipts.get(n % receipts.size()), "");
                    default -> poison(id, n);
                };
                producer.send(new ProducerRecord<>("rpa.ocr.requests", id.getBytes(StandardCharsets.UTF_8), value));
            }
            producer.flush();
        }
        return kinds;
    }

    private static byte[] poison(String id, int n) {
        return switch (n % 5) {
            case 0 -> ("{\"requestId\": \"" + id + "\", \"task\"").getBytes(StandardCharsets.UTF_8);
            case 1 -> ("{\"requestId\": \"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
            case 2 -> KafkaRequestsTest.envelope(id, "document", "image/png",
                    "no image here".getBytes(StandardCharsets.UTF_8), "");
            case 3 -> KafkaRequestsTest.envelope(id, "document", "image/png", new byte[600 * 1024], "");
            default -> KafkaRequestsTest.envelope(id, "document", "application/zip", new byte[]{1, 2}, "");
        };
    }

    /** A band of the image at {@code width} × {@code height}: enough text to read, quick to read. */
    private static byte[] strip(byte[] image, int offset, int width, int height) throws IOException {
        BufferedImage source = ImageIO.read(new ByteArrayInputStream(image));
        double scale = Math.min(1.0, (double) width / source.getWidth());
        int top = Math.min(source.getHeight() - 1, (int) (offset % 4 * 0.1 * source.getHeight()));
        int bandHeight = (int) Math.min(source.getHeight() - top, height / scale);
        BufferedImage band = source.getSubimage(0, top, source.getWidth(), bandHeight);
        BufferedImage out = new BufferedImage((int) (band.getWidth() * scale), (int) (band.getHeight() * scale),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(band, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(out, "png", bytes);
        return bytes.toByteArray();
    }
}
