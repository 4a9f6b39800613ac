package org.freerpacapture.gateway.observability;

import org.freerpacapture.gateway.support.ScriptedProvider;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.ProviderInfo;
import org.freerpacapture.ocr.StageTiming;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local-engine stand-in: on its own thread, like the inference pool, it tells the request's listener about a
 * detect, classify and recognize stage per page (12 crops, 2 batches of up to 6), then answers with the scripted
 * lines.
 */
final class StagedProvider implements OcrProvider {

    static final ProviderInfo INFO = new ProviderInfo("onnx:staged", "onnx", "staged", "1");
    static final int CROPS = 12;
    static final int BATCHES = 2;
    static final int BATCH_SIZE = 6;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "staged-inference");
        t.setDaemon(true);
        return t;
    });

    @Override
    public ProviderInfo info() {
        return INFO;
    }

    @Override
    public CompletionStage<OcrResult> analyze(OcrRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            for (PageImage page : request.document().pages()) {
                long t0 = System.nanoTime();
                long t1 = t0 + 2_000_000;
                long t2 = t1 + 1_000_000;
                long t3 = t2 + 3_000_000;
                request.stages().stageDone(new StageTiming(INFO.id(), "detect", page.pageNumber(), t0, t1, CROPS, 0,
                        0));
                request.stages().stageDone(new StageTiming(INFO.id(), "classify", page.pageNumber(), t1, t2, CROPS, 0,
                        0));
                request.stages().stageDone(new StageTiming(INFO.id(), "recognize", page.pageNumber(), t2, t3, CROPS,
                        BATCHES, BATCH_SIZE));
            }
            return ScriptedProvider.read(request).toCompletableFuture().join();
        }, thread).thenApply(result -> new OcrResult(INFO, result.pages(), result.timingsMs()));
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
