package org.freerpacapture.gateway.kafka;

import java.util.TreeSet;

/**
 * Which records of one partition are being read, so the offset committed never passes one that is not finished:
 * records finish out of order, and a crash must find every unfinished record still ahead of the committed offset.
 * Used by the poll thread only.
 */
final class PartitionProgress {

    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long next;
    private long committed;

    /** @param base the offset the partition is read from: the committed offset when it was assigned */
    PartitionProgress(long base) {
        this.next = base;
        this.committed = base;
    }

    void started(long offset) {
        unfinished.add(offset);
        next = Math.max(next, offset + 1);
    }

    void finished(long offset) {
        unfinished.remove(offset);
    }

    /** The offset a commit may name now: every record before it is finished. */
    long committable() {
        return unfinished.isEmpty() ? next : unfinished.first();
    }

    /** Whether a commit would move the partition on. */
    boolean advanced() {
        return committable() > committed;
    }

    void committedUpTo(long offset) {
        committed = offset;
    }

    /** The offset last committed (or read from at assignment): where reading starts again after an abort. */
    long committed() {
        return committed;
    }

    int inFlight() {
        return unfinished.size();
    }
}
