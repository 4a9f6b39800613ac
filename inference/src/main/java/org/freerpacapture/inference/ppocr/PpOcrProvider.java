package org.freerpacapture.inference.ppocr;

import org.freerpacapture.inference.ppocr.repair.TextRepair;
import org.freerpacapture.inference.ppocr.runtime.IdleThreads;
import org.freerpacapture.inference.ppocr.runtime.InferencePool;
import org.freerpacapture.models.ModelManifest;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.ProviderException;
import org.freerpacapture.ocr.ProviderInfo;
import org.freerpacapture.ocr.Task;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The local engine as a provider ({@code onnx:ppocr-v4}, {@code onnx:ppocr-v3}): pages are read one after the
 * other on the shared {@link InferencePool}; the calling thread never waits.
 */
public final class PpOcrProvider implements OcrProvider {
    private final PpOcrModel model;
    private final PpOcrPipeline pipeline;
    private final InferencePool pool;
    private final TextRepair repair;

    private PpOcrProvider(PpOcrModel model, PpOcrPipeline pipeline, InferencePool pool, TextRepair repair) {
        this.model = model;
        this.pipeline = pipeline;
        this.pool = pool;
        this.repair = repair;
    }

    /** Loads and verifies the model files; blocking, takes a second or two. */
    public static PpOcrProvider load(PpOcrModel model, InferencePool pool) {
        return load(model, pool, PpOcrOptions.defaults());
    }

    public static PpOcrProvider load(PpOcrModel model, InferencePool pool, PpOcrOptions options) {
        return new PpOcrProvider(model, new PpOcrPipeline(model, options, ModelManifest.load()), pool,
                options.textRepair());
    }


    @Override
    public ProviderInfo info() {
        return model.info();
    }

    @Override
    public CompletionStage<OcrResult> analyze(OcrRequest request) {
        return analyze(request, repair);
    }

    /** Reads every page, repairing documents' words with {@code textRepair} (screenshots' never are). */
    public CompletionStage<OcrResult> analyze(OcrRequest request, TextRepair textRepair) {
        return pool.submit(id(), request.tenant(), () -> readAll(request, textRepair));
    }

    /**
     * Runs one inference on a synthetic page so the first caller does not pay for ONNX Runtime's lazy setup. The
     * page is as large as detection ever sees ({@value #WARM_UP_SIDE} px square: every page is scaled down to that
     * side) and carries a full recognition batch including one line across the whole width, so the detector's
     * buffers and arena, and this thread's recognition buffers, reach their largest size here rather than during a
     * request.
     */
    public CompletionStage<Void> warmUp() {
        return pool.submit(id(), () -> {
            pipeline.read(new PageImage(1, warmUpPage()), Task.DOCUMENT, repair, StageClock.unheard(),
                    IdleThreads.NONE);
            return null;
        });
    }

    static final int WARM_UP_SIDE = 1280;

    static BufferedImage warmUpPage() {
        BufferedImage page = new BufferedImage(WARM_UP_SIDE, WARM_UP_SIDE, BufferedImage.TYPE_3BYTE_BGR);
        var g = page.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, WARM_UP_SIDE, WARM_UP_SIDE);
        g.setColor(java.awt.Color.BLACK);
        g.setFont(new java.awt.Font(java.awt.Font.MONOSPACED, java.awt.Font.BOLD, 28));
        g.drawString("WARM UP 0123456789 ".repeat(4), 20, 80);
        for (int line = 1; line <= 7; line++) {
            g.drawString("TOTAL " + line + " RM " + (line * 11) + ".50", 40, 80 + line * 120);
        }
        g.dispose();
        return page;
    }

    private OcrResult readAll(OcrRequest request, TextRepair textRepair) {
        StageClock clock = new StageClock(id(), request.stages());
        List<Page> pages = new ArrayList<>();
        for (PageImage page : request.document().pages()) {
            if (request.deadline().expired()) {
                throw new ProviderException(ProviderException.Kind.TIMEOUT, id(),
                        "the request's deadline passed while reading page " + page.pageNumber());
            }
            pages.add(pipeline.read(page, request.task(), textRepair, clock,
                    request.background() ? pool.background() : pool.interactive()));
        }
        return new OcrResult(info(), pages, clock.timingsMs());
    }

    int dictionarySize() {
        return pipeline.dictionarySize();
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
