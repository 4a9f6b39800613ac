package org.freerpacapture.gateway.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live statistics of one (route, variant), on the request path: every request records here, so recording takes
 * no lock. A ring of 10-second buckets covers the last hour; a bucket is replaced, by compare-and-set, when its
 * slot comes round again. Snapshots merge the buckets of a window; they are approximate at the edges (the
 * current bucket is partial) and exact in their counts.
 */
public final class VariantStats {

    /** Width of one bucket: the resolution of windows. */
    public static final Duration BUCKET = Duration.ofSeconds(10);
    /** The longest window kept. */
    public static final Duration HORIZON = Duration.ofHours(1);

    private static final long BUCKET_MS = BUCKET.toMillis();
    // One more slot than the horizon needs, so a full-hour window never meets the slot being reused.
    private static final int SLOTS = (int) (HORIZON.toMillis() / BUCKET_MS) + 1;

    private static final int REQUESTS = 0;
    private static final int ERRORS = 1;
    private static final int ESCALATIONS = 2;
    private static final int FALLBACKS = 3;
    private static final int SHADOW_SKIPPED = 4;
    private static final int SHADOW_COMPARED = 5;
    private static final int COUNTERS = 6;

    private final String route;
    private final String variant;
    private final Clock clock;
    private final AtomicReferenceArray<Bucket> ring = new AtomicReferenceArray<>(SLOTS);
    private final LongAdder totalRequests = new LongAdder();
    private final LongAdder totalErrors = new LongAdder();
    private final LongAdder breaches = new LongAdder();

    public VariantStats(String route, String variant, Clock clock) {
        this.route = route;
        this.variant = variant;
        this.clock = clock;
    }

    /** One request this variant served as primary: its provider's latency, and whether the provider failed. */
    public void recordRequest(Duration latency, boolean error) {
        Bucket b = current();
        b.counters.incrementAndGet(REQUESTS);
        b.latency.record(TimeUnit.NANOSECONDS.toMicros(latency.toNanos()));
        totalRequests.increment();
        if (error) {
            b.counters.incrementAndGet(ERRORS);
            totalErrors.increment();
        }
    }

    /** A shadow result compared with this variant's: agreement in [0, 1]. */
    public void recordShadow(double agreement) {
        Bucket b = current();
        b.agreementSum.add(Math.max(0, Math.min(1, agreement)));
        b.counters.incrementAndGet(SHADOW_COMPARED);
    }

    /** A sampled shadow call that was not made. */
    public void recordShadowSkipped() {
        current().counters.incrementAndGet(SHADOW_SKIPPED);
    }

    /** Pages re-read by the cascade for one request. */
    public void recordEscalations(int pages) {
        current().counters.addAndGet(ESCALATIONS, pages);
    }

    /** A request that a fallback provider served after this variant's provider failed. */
    public void recordFallback() {
        current().counters.incrementAndGet(FALLBACKS);
    }

    /** A canary guard breach that rolled this variant back. */
    public void recordBreach() {
        breaches.increment();
    }

    /** The last {@code window} (rounded up to whole buckets, the current one included). */
    public StatsSnapshot snapshot(Duration window) {
        return snapshot(window, Instant.EPOCH);
    }

    /**
     * The last {@code window}, counting only buckets that began at or after {@code since}; a restarted canary is
     * judged on its new traffic only.
     */
    public StatsSnapshot snapshot(Duration window, Instant since) {
        long now = clock.millis() / BUCKET_MS;
        long buckets = Math.min(SLOTS - 1, Math.max(1, (window.toMillis() + BUCKET_MS - 1) / BUCKET_MS));
        long first = Math.max(now - buckets + 1, Math.floorDiv(since.toEpochMilli() + BUCKET_MS - 1, BUCKET_MS));
        long[] counters = new long[COUNTERS];
        long[] histogram = new long[LatencyHistogram.BUCKETS];
        double agreementSum = 0;
        for (long epoch = first; epoch <= now; epoch++) {
            Bucket b = ring.get(slot(epoch));
            if (b == null || b.epoch != epoch) {
                continue;
            }
            for (int i = 0; i < COUNTERS; i++) {
                counters[i] += b.counters.get(i);
            }
            b.latency.addTo(histogram);
            agreementSum += b.agreementSum.sum();
        }
        long requests = counters[REQUESTS];
        long histogramTotal = 0;
        for (long c : histogram) {
            histogramTotal += c;
        }
        long compared = counters[SHADOW_COMPARED];
        return new StatsSnapshot(route, variant, buckets * BUCKET.toSeconds(), requests, counters[ERRORS],
                requests == 0 ? 0 : (double) counters[ERRORS] / requests,
                LatencyHistogram.quantileMs(histogram, histogramTotal, 0.50),
                LatencyHistogram.quantileMs(histogram, histogramTotal, 0.95),
                LatencyHistogram.quantileMs(histogram, histogramTotal, 0.99),
                compared, compared == 0 ? null : Math.min(1, agreementSum / compared),
                counters[ESCALATIONS], counters[FALLBACKS], counters[SHADOW_SKIPPED],
                totalRequests.sum(), totalErrors.sum(), breaches.sum());
    }

    private Bucket current() {
        long epoch = clock.millis() / BUCKET_MS;
        int slot = slot(epoch);
        while (true) {
            Bucket b = ring.get(slot);
            if (b != null && b.epoch >= epoch) {
                return b; // a newer bucket only if this thread read the clock just before a rollover
            }
            Bucket fresh = new Bucket(epoch);
            if (ring.compareAndSet(slot, b, fresh)) {
                return fresh;
            }
        }
    }

    private static int slot(long epoch) {
        return (int) Math.floorMod(epoch, (long) SLOTS);
    }

    private static final class Bucket {
        final long epoch;
        final AtomicLongArray counters = new AtomicLongArray(COUNTERS);
        final DoubleAdder agreementSum = new DoubleAdder();
        final LatencyHistogram latency = new LatencyHistogram();

        Bucket(long epoch) {
            this.epoch = epoch;
        }
    }
}
