package org.freerpacapture.gateway.kafka;

import org.junit.jupiter.api.Test;

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
        p.finished(12);
        p.finished(11);
        assertEquals(10, p.committable(), "10 is still being read");
        assertFalse(p.advanced());
        p.finished(10);
        assertEquals(13, p.committable());
        assertTrue(p.advanced());
        p.committedUpTo(13);
        assertFalse(p.advanced());
        assertEquals(13, p.committed());
    }

    @Test
    void gaps_left_by_transaction_markers_do_not_hold_the_commit() {
        PartitionProgress p = new PartitionProgress(0);
        p.started(0);
        p.started(5); // 1-4: markers and aborted records a read_committed consumer never returns
        p.finished(5);
        assertEquals(0, p.committable());
        p.finished(0);
        assertEquals(6, p.committable());
        assertEquals(0, p.inFlight());
    }
}
