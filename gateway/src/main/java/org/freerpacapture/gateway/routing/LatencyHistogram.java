package org.freerpacapture.gateway.routing;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Latencies in log-linear buckets, as HdrHistogram lays them out: exact below 8 µs, then 8 equal steps per power
 * of two, so a reported percentile is within about 6% of the true value. Covers up to about 268 s; longer
 * latencies land in the last bucket. Recording is one array increment, safe from any thread.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 3;
    private static final int SUB = 1 << SUB_BITS;
    private static final int MAX_EXPONENT = 27;
    static final int BUCKETS = SUB + (MAX_EXPONENT - SUB_BITS + 1) * SUB;

    private final AtomicIntegerArray counts = new AtomicIntegerArray(BUCKETS);

    void record(long micros) {
        counts.incrementAndGet(index(micros));
    }

    /** Adds this histogram's counts to {@code into}. */
    void addTo(long[] into) {
        for (int i = 0; i < BUCKETS; i++) {
            into[i] += counts.get(i);
        }
    }

    static int index(long micros) {
        if (micros < SUB) {
            return (int) Math.max(0, micros);
        }
        int e = 63 - Long.numberOfLeadingZeros(micros);
        if (e > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (micros >>> (e - SUB_BITS)) - SUB;
        return SUB + (e - SUB_BITS) * SUB + sub;
    }

    /** The middle of bucket {@code i}, in microseconds. */
    static double midpoint(int i) {
        if (i < SUB) {
            return i;
        }
        int e = (i - SUB) / SUB + SUB_BITS;
        int sub = (i - SUB) % SUB;
        long lower = (long) (SUB + sub) << (e - SUB_BITS);
        long width = 1L << (e - SUB_BITS);
        return lower + width / 2.0;
    }

    /** The q-quantile (0 < q ≤ 1) of merged counts in milliseconds; 0 when empty. */
    static double quantileMs(long[] merged, long total, double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < merged.length; i++) {
            seen += merged[i];
            if (seen >= rank) {
                return midpoint(i) / 1000.0;
            }
        }
        return midpoint(merged.length - 1) / 1000.0;
    }
}
