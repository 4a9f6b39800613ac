package org.freerpacapture.inference.ppocr;

import org.freerpacapture.ocr.Millis;
import org.freerpacapture.ocr.StageListener;
import org.freerpacapture.ocr.StageTiming;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Times one request's stages: each stage's time summed over the pages, for the result's {@code timingsMs}, and
 * each finished stage of each page told to the request's {@link StageListener} (the gateway's spans and metrics).
 * A request's pages are read one after the other on one thread, so the clock is not shared between threads.
 */
final class StageClock {

    /** What a stage handled: text regions, model runs for them, and the most crops one run takes. */
    record Work(int crops, int batches, int batchSize) {
        static final Work NONE = new Work(0, 0, 0);

        static Work crops(int crops) {
            return new Work(crops, 0, 0);
        }
    }

    private final String provider;
    private final StageListener listener;
    private final Map<String, Double> totalMs = new LinkedHashMap<>();

    StageClock(String provider, StageListener listener) {
        this.provider = provider;
        this.listener = listener;
    }

    /** A clock nobody listens to. */
    static StageClock unheard() {
        return new StageClock("", StageListener.NONE);
    }

    /** Runs {@code stage} of page {@code pageNumber}; {@code handled} says what it worked on. */
    <T> T time(String stage, int pageNumber, Supplier<T> work, Function<? super T, Work> handled) {
        long start = System.nanoTime();
        T result = work.get();
        long end = System.nanoTime();
        totalMs.merge(stage, Millis.between(start, end), Double::sum);
        if (listener != StageListener.NONE) {
            Work w = handled.apply(result);
            listener.stageDone(new StageTiming(provider, stage, pageNumber, start, end, w.crops(), w.batches(),
                    w.batchSize()));
        }
        return result;
    }

    /** Each stage's time over all pages so far, in the order the stages first ran, rounded. */
    Map<String, Double> timingsMs() {
        Map<String, Double> rounded = new LinkedHashMap<>();
        totalMs.forEach((stage, ms) -> rounded.put(stage, Millis.round(ms)));
        return rounded;
    }
}
