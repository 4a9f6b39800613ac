package org.freerpacapture.inference.ppocr.runtime;

import java.time.Duration;

/**
 * How long a request refused by a full queue should wait before it tries again: the time the work already queued
 * needs, from how long recent tasks took on the pool's threads. A fixed second told callers of a queue that needs
 * ten to come back while it is still full.
 */
public final class QueueWait {

    /** Weight of the newest task time in the running mean: about the last 20 tasks count. */
    static final double WEIGHT = 0.05;
    static final Duration LEAST = Duration.ofSeconds(1);
    static final Duration MOST = Duration.ofSeconds(60);

    private final int threads;
    private volatile double meanTaskMs = -1;

    public QueueWait(int threads) {
        this.threads = Math.max(1, threads);
    }

    /** Records how long one task held its thread. */
    public void record(long nanos) {
        double ms = nanos / 1e6;
        double mean = meanTaskMs;
        meanTaskMs = mean < 0 ? ms : mean + WEIGHT * (ms - mean);
    }

    /** The wait for {@code queued} tasks ahead (the refused one included), in whole seconds, within 1 s to 60 s. */
    public Duration retryAfter(int queued) {
        double mean = meanTaskMs;
        if (mean < 0) {
            return LEAST;
        }
        long seconds = (long) Math.ceil(Math.max(1, queued) * mean / threads / 1000.0);
        return Duration.ofSeconds(Math.max(LEAST.toSeconds(), Math.min(MOST.toSeconds(), seconds)));
    }
}
