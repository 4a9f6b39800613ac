package org.freerpacapture.gateway.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionProgressTest {

    @Test
    void the_commit_never_passes_a_record_still_being_read() {
        PartitionProgress p = new PartitionProgress(10);
        assertFalse(p.advanced());
        p.started(10);
        p.started(11);
        p.started(12);
        p.finished(12, List.of(result("r12")));
        p.finished(11, List.of(result("r11")));
        assertEquals(10, p.committable(), "10 is still being read");
        assertFalse(p.advanced());
        assertEquals(List.of(), p.releasable(), "11 and 12 wait for 10: a crash now reads all three again");
        p.finished(10, List.of(result("r10")));
        assertEquals(13, p.committable());
        assertTrue(p.advanced());
        assertEquals(List.of("r10", "r11", "r12"),
                p.releasable().stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList(),
                "in offset order");
        p.committedUpTo(13);
        assertFalse(p.advanced());
        assertEquals(List.of(), p.releasable());
        assertEquals(13, p.committed());
    }

    private static ProducerRecord<byte[], byte[]> result(String key) {
        return new ProducerRecord<>("results", key.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    @Test
    void gaps_left_by_transaction_markers_do_not_hold_the_commit() {
        PartitionProgress p = new PartitionProgress(0);
        p.started(0);
        p.started(5); // 1-4: markers and aborted records a read_committed consumer never returns
        p.finished(5, List.of());
        assertEquals(0, p.committable());
        p.finished(0, List.of());
        assertEquals(6, p.committable());
        assertEquals(0, p.inFlight());
    }
}
