package org.freerpacapture.gateway.execute;

import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.Polygon;
import org.freerpacapture.ocr.ProviderException;
import org.freerpacapture.ocr.ProviderInfo;
import org.freerpacapture.ocr.Word;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The policy's {@code test} kind: a provider for tests, demos and drills, never for production traffic. It reads
 * nothing; it answers every page with the same lines, or fails, as its policy entry says, so routing, canaries,
 * fallback and cascade can be exercised on a real gateway without a model or a cloud account:
 *
 * <pre>{"kind": "test", "mode": "ok|fail|slow", "latencyMs": 5, "failWith": "unavailable|timeout|throttled|rejected",
 *  "confidence": 0.95, "lines": ["TOTAL RM 9.00", "TAN WOON YANN"]}</pre>
 *
 * <ul>
 *   <li>{@code ok} (default): answers after {@code latencyMs} (default 0).</li>
 *   <li>{@code fail}: fails after {@code latencyMs} with a {@link ProviderException} of kind {@code failWith}
 *   (default {@code unavailable}).</li>
 *   <li>{@code slow}: answers only after the request's deadline has passed, or {@code latencyMs} if longer.</li>
 * </ul>
 * Delays use a timer, never a sleeping thread.
 */
public final class TestProvider implements OcrProvider {

    public static final String KIND = "test";

    /** What the provider does with each request. */
    public enum Mode {
        OK, FAIL, SLOW
    }

    private static final List<String> DEFAULT_LINES = List.of("TOTAL RM 9.00", "TAN WOON YANN");

    private final ProviderInfo info;
    private final Mode mode;
    private final Duration latency;
    private final ProviderException.Kind failWith;
    private final double confidence;
    private final List<String> lines;

    public TestProvider(String id, Mode mode, Duration latency, ProviderException.Kind failWith, double confidence,
                        List<String> lines) {
        this.info = new ProviderInfo(id, KIND, "canned-lines", "1");
        this.mode = mode;
        this.latency = latency;
        this.failWith = failWith;
        this.confidence = confidence;
        this.lines = List.copyOf(lines);
    }

    /**
     * Builds one from its policy entry (without {@code kind}).
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public static TestProvider fromConfig(String id, Map<String, Object> config) {
        Mode mode = parse(Mode.class, config.getOrDefault("mode", "ok"), id, "mode");
        ProviderException.Kind failWith = parse(ProviderException.Kind.class,
                config.getOrDefault("failWith", "unavailable"), id, "failWith");
        long latencyMs = number(config.getOrDefault("latencyMs", 0), id, "latencyMs").longValue();
        double confidence = number(config.getOrDefault("confidence", 0.95), id, "confidence").doubleValue();
        if (latencyMs < 0 || confidence < 0 || confidence > 1) {
            throw new IllegalArgumentException("provider " + id + ": latencyMs must be ≥ 0 and confidence in 0..1");
        }
        List<String> lines = DEFAULT_LINES;
        Object given = config.get("lines");
        if (given instanceof List<?> list) {
            lines = list.stream().map(String::valueOf).toList();
        } else if (given != null) {
            throw new IllegalArgumentException("provider " + id + ": lines must be a list of strings");
        }
        return new TestProvider(id, mode, Duration.ofMillis(latencyMs), failWith, confidence, lines);
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public CompletionStage<OcrResult> analyze(OcrRequest request) {
        Duration wait = switch (mode) {
            case SLOW -> max(latency, request.deadline().remaining().plusMillis(50));
            default -> latency;
        };
        CompletableFuture<OcrResult> out = new CompletableFuture<>();
        Runnable answer = () -> {
            if (mode == Mode.FAIL) {
                out.completeExceptionally(new ProviderException(failWith, info.id(),
                        "test provider " + info.id() + " fails on purpose (" + failWith.code() + ")"));
            } else {
                out.complete(read(request));
            }
        };
        if (wait.isZero()) {
            answer.run();
        } else {
            CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS).execute(answer);
        }
        return out;
    }

    private OcrResult read(OcrRequest request) {
        List<Page> pages = new ArrayList<>();
        for (PageImage image : request.document().pages()) {
            List<Line> out = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                out.add(line(lines.get(i), 10, 20 + 40.0 * i));
            }
            pages.add(Page.ofLines(image.pageNumber(), image.width(), image.height(), out));
        }
        return new OcrResult(info, pages, Map.of("provider", (double) latency.toMillis()));
    }

    /** Words 50 px wide, 10 px apart, 20 px high, starting at (x, y). */
    private Line line(String text, double x, double y) {
        List<Word> words = new ArrayList<>();
        double left = x;
        for (String w : text.split(" ")) {
            words.add(new Word(w, confidence, Polygon.rectangle(left, y, left + 50, y + 20)));
            left += 60;
        }
        return new Line(text, confidence, Polygon.rectangle(x, y, Math.max(x + 1, left - 10), y + 20), words);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, Object value, String id, String key) {
        try {
            return Enum.valueOf(type, String.valueOf(value).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("provider " + id + ": unknown " + key + " '" + value + "'");
        }
    }

    private static Number number(Object value, String id, String key) {
        if (value instanceof Number n) {
            return n;
        }
        try {
            return Double.parseDouble(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("provider " + id + ": " + key + " must be a number");
        }
    }
}
