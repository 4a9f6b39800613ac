package org.freerpacapture.gateway;

import io.vertx.core.Vertx;
import org.freerpacapture.gateway.http.Readiness;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.ProviderInfo;
import org.freerpacapture.inference.ppocr.runtime.InferencePool;
import org.freerpacapture.inference.ppocr.PpOcrModel;
import org.freerpacapture.inference.ppocr.PpOcrOptions;
import org.freerpacapture.inference.ppocr.PpOcrProvider;
import org.freerpacapture.inference.ppocr.repair.TextRepair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionStage;

/**
 * One local PP-OCR model, in memory only once something needs it: each model holds 100-200 MiB of native memory
 * (sessions, their buffers and threads), so a model that no route uses is not loaded. It loads when a routing
 * policy that routes to it is accepted ({@link #loaded}, on a worker thread) or, as a last resort, on a worker
 * thread at its first request.
 */
final class LocalModel implements OcrProvider {

    private static final Logger LOG = LoggerFactory.getLogger(LocalModel.class);

    private final Vertx vertx;
    private final PpOcrModel model;
    private final InferencePool pool;
    private final PpOcrOptions options;
    private final Readiness readiness;
    private volatile PpOcrProvider engine;
    private boolean closed;

    LocalModel(Vertx vertx, PpOcrModel model, InferencePool pool, PpOcrOptions options, Readiness readiness) {
        this.vertx = vertx;
        this.model = model;
        this.pool = pool;
        this.options = options;
        this.readiness = readiness;
    }

    /**
     * The loaded engine, loading (and, with {@code warmUp}, warming up) it first if needed. Blocking, seconds:
     * call it from a worker thread.
     */
    synchronized PpOcrProvider loaded(boolean warmUp) {
        if (closed) {
            throw new IllegalStateException("local model " + model.providerId() + " is closed");
        }
        if (engine != null) {
            return engine;
        }
        readiness.provider(model.providerId(), Readiness.ProviderState.LOADING);
        long start = System.nanoTime();
        PpOcrProvider loading;
        try {
            loading = PpOcrProvider.load(model, pool, options);
        } catch (RuntimeException e) {
            readiness.provider(model.providerId(), Readiness.ProviderState.FAILED);
            throw e;
        }
        LOG.info("loaded {} in {} ms", model.providerId(), (System.nanoTime() - start) / 1_000_000);
        if (warmUp) {
            readiness.provider(model.providerId(), Readiness.ProviderState.WARMING_UP);
            loading.warmUp().toCompletableFuture().join();
            readiness.provider(model.providerId(), Readiness.ProviderState.READY);
        }
        engine = loading;
        return loading;
    }

    boolean isLoaded() {
        return engine != null;
    }

    PpOcrModel model() {
        return model;
    }

    @Override
    public ProviderInfo info() {
        return model.info();
    }

    @Override
    public CompletionStage<OcrResult> analyze(OcrRequest request) {
        return analyze(request, options.textRepair());
    }

    private CompletionStage<OcrResult> analyze(OcrRequest request, TextRepair repair) {
        PpOcrProvider ready = engine;
        if (ready != null) {
            return ready.analyze(request, repair);
        }
        return vertx.executeBlocking(() -> loaded(true), false).toCompletionStage()
                .thenCompose(p -> p.analyze(request, repair));
    }

    /**
     * This model repairing documents' words with {@code repair}, as a policy's {@code textRepair} asks: the same
     * engine, loaded once; closing the view closes nothing.
     */
    OcrProvider withTextRepair(TextRepair repair) {
        LocalModel model = this;
        return new OcrProvider() {
            @Override
            public ProviderInfo info() {
                return model.info();
            }

            @Override
            public CompletionStage<OcrResult> analyze(OcrRequest request) {
                return model.analyze(request, repair);
            }
        };
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }
}
