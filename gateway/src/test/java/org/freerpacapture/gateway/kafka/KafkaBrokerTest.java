package org.freerpacapture.gateway.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KafkaBrokerTest {

    @Test
    void a_record_written_is_read_back() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("t", 2, Map.of());
            try (var producer = broker.producer()) {
                producer.send(new ProducerRecord<>("t", "k".getBytes(StandardCharsets.UTF_8),
                        "v".getBytes(StandardCharsets.UTF_8))).get();
            }
            var read = broker.readUntil("t", Duration.ofSeconds(30), r -> !r.isEmpty());
            assertEquals("v", new String(read.get(0).value(), StandardCharsets.UTF_8));
        }
    }
}
