package org.freerpacapture.gateway.support;

import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.Polygon;
import org.freerpacapture.ocr.ProviderInfo;
import org.freerpacapture.ocr.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A provider for tests: answers every page with the same two lines ("TOTAL RM 9.00", "TAN WOON YANN"), or with
 * whatever a test scripts (a failure, a stage that never completes).
 */
public final class ScriptedProvider implements OcrProvider {

    public static final ProviderInfo INFO = new ProviderInfo("test:scripted", "test", "fixed-lines", "1");

    private final AtomicReference<Function<OcrRequest, CompletionStage<OcrResult>>> script =
            new AtomicReference<>(ScriptedProvider::read);
    private final AtomicReference<OcrRequest> lastRequest = new AtomicReference<>();

    @Override
    public ProviderInfo info() {
        return INFO;
    }

    @Override
    public CompletionStage<OcrResult> analyze(OcrRequest request) {
        lastRequest.set(request);
        return script.get().apply(request);
    }

    public ScriptedProvider failWith(RuntimeException failure) {
        script.set(r -> CompletableFuture.failedFuture(failure));
        return this;
    }

    /** Never answers: for deadline tests. */
    public ScriptedProvider hang() {
        script.set(r -> new CompletableFuture<>());
        return this;
    }

    public OcrRequest lastRequest() {
        return lastRequest.get();
    }

    /** Two lines per page with word boxes, as a real engine would return them. */
    public static CompletionStage<OcrResult> read(OcrRequest request) {
        List<Page> pages = new ArrayList<>();
        for (PageImage image : request.document().pages()) {
            pages.add(Page.ofLines(image.pageNumber(), image.width(), image.height(), List.of(
                    line(10, 20, 0.98, "TOTAL", "RM", "9.00"),
                    line(10, 60, 0.95, "TAN", "WOON", "YANN"))));
        }
        return CompletableFuture.completedFuture(new OcrResult(INFO, pages, Map.of("provider", 1.5)));
    }

    /** Words 50 px wide, 10 px apart, 20 px high, starting at (x, y). */
    public static Line line(double x, double y, double confidence, String... words) {
        List<Word> out = new ArrayList<>();
        double left = x;
        for (String w : words) {
            out.add(new Word(w, confidence, Polygon.rectangle(left, y, left + 50, y + 20)));
            left += 60;
        }
        return new Line(String.join(" ", words), confidence, Polygon.rectangle(x, y, left - 10, y + 20), out);
    }
}
