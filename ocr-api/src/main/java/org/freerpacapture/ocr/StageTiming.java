package org.freerpacapture.ocr;

/**
 * One finished stage of one page.
 *
 * @param provider   the provider's id
 * @param stage      {@code detect}, {@code classify} or {@code recognize}
 * @param pageNumber 1-based page the stage worked on
 * @param startNanos {@link System#nanoTime()} when the stage began
 * @param endNanos   {@link System#nanoTime()} when it ended
 * @param crops      text regions the stage handled (found by {@code detect}, turned or read by the others)
 * @param batches    model runs the stage made for those crops (0 when it does not batch)
 * @param batchSize  the most crops one run takes (0 when the stage does not batch)
 */
public record StageTiming(String provider, String stage, int pageNumber, long startNanos, long endNanos, int crops,
                          int batches, int batchSize) {

    public double seconds() {
        return (endNanos - startNanos) / 1e9;
    }
}
