package org.freerpacapture.gateway.routing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyHistogramTest {

    @Test
    void every_value_lands_in_a_bucket_whose_midpoint_is_within_7_percent() {
        for (long micros = 8; micros < 200_000_000L; micros = micros * 11 / 10 + 1) {
            double mid = LatencyHistogram.midpoint(LatencyHistogram.index(micros));
            assertTrue(Math.abs(mid - micros) / micros <= 0.07, micros + " µs reported as " + mid);
        }
    }

    @Test
    void buckets_are_ordered_and_bounded() {
        int last = -1;
        for (long micros = 0; micros < 1_000_000L; micros += 7) {
            int i = LatencyHistogram.index(micros);
            assertTrue(i >= last);
            last = i;
        }
        assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.index(Long.MAX_VALUE));
        assertEquals(0, LatencyHistogram.index(-5));
    }

    @Test
    void quantiles_of_an_empty_histogram_are_zero() {
        assertEquals(0, LatencyHistogram.quantileMs(new long[LatencyHistogram.BUCKETS], 0, 0.99));
    }
}
