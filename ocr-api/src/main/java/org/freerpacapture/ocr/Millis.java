package org.freerpacapture.ocr;

/** Durations in milliseconds as results, logs and traces show them. */
public final class Millis {
    private Millis() {
    }

    /** Milliseconds since a {@link System#nanoTime()} reading. */
    public static double since(long startNanos) {
        return between(startNanos, System.nanoTime());
    }

    /** Milliseconds between two {@link System#nanoTime()} readings. */
    public static double between(long startNanos, long endNanos) {
        return (endNanos - startNanos) / 1e6;
    }

    /** Rounded to a tenth of a millisecond, as {@code timingsMs} and the request log give them. */
    public static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
