package org.freerpacapture.gateway.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which records of one partition are being read, and what finished ones produced, so that a commit never passes an
 * unfinished record and never writes what a record produced before its offset is committed with it: records finish
 * out of order, and after a crash every record past the committed offset is read again, so its output must not
 * already be out. Used by the poll thread only.
 */
final class PartitionProgress {

    private final TreeSet<Long> unfinished = new TreeSet<>();
    private final TreeMap<Long, List<ProducerRecord<byte[], byte[]>>> held = new TreeMap<>();
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

    /** The record at {@code offset} finished; its output waits until a commit passes it. */
    void finished(long offset, List<ProducerRecord<byte[], byte[]>> output) {
        unfinished.remove(offset);
        held.put(offset, output);
    }

    /** The offset a commit may name now: every record before it is finished. */
    long committable() {
        return unfinished.isEmpty() ? next : unfinished.first();
    }

    /** Whether a commit would move the partition on. */
    boolean advanced() {
        return committable() > committed;
    }

    /** The output of the records a commit at {@link #committable()} passes, in offset order; no longer held. */
    List<ProducerRecord<byte[], byte[]>> releasable() {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        Map<Long, List<ProducerRecord<byte[], byte[]>>> passed = held.headMap(committable());
        passed.values().forEach(out::addAll);
        return out;
    }

    /** A commit at {@code offset} went through with the output {@link #releasable()} gave. */
    void committedUpTo(long offset) {
        held.headMap(offset).clear();
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
