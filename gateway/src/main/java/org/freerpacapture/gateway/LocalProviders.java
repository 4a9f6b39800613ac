package org.freerpacapture.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.freerpacapture.gateway.http.Readiness;
import org.freerpacapture.inference.OcrProvider;
import org.freerpacapture.inference.ppocr.InferencePool;
import org.freerpacapture.inference.ppocr.PpOcrModel;
import org.freerpacapture.inference.ppocr.PpOcrProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local PP-OCR models, all sharing one bounded {@link InferencePool}: loaded on a worker thread (it takes
 * seconds), then warmed up, with every step reported to {@link Readiness}.
 */
final class LocalProviders implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalProviders.class);
    static final String LOADER_POOL = "model-loader";

    private final InferencePool pool;
    private final Map<String, PpOcrProvider> providers;

    private LocalProviders(InferencePool pool, Map<String, PpOcrProvider> providers) {
        this.pool = pool;
        this.providers = providers;
    }

    /** Loads every {@link PpOcrModel} on a one-thread worker pool; the event loop never waits. */
    static Future<LocalProviders> load(Vertx vertx, InferencePool pool, Readiness readiness) {
        for (PpOcrModel model : PpOcrModel.values()) {
            readiness.provider(model.providerId(), Readiness.ProviderState.LOADING);
        }
        WorkerExecutor loader = vertx.createSharedWorkerExecutor(LOADER_POOL, 1);
        return loader.<LocalProviders>executeBlocking(() -> {
            Map<String, PpOcrProvider> loaded = new LinkedHashMap<>();
            try {
                for (PpOcrModel model : PpOcrModel.values()) {
                    long start = System.nanoTime();
                    loaded.put(model.providerId(), PpOcrProvider.load(model, pool));
                    readiness.provider(model.providerId(), Readiness.ProviderState.WARMING_UP);
                    LOG.info("loaded {} in {} ms", model.providerId(), (System.nanoTime() - start) / 1_000_000);
                }
            } catch (RuntimeException e) {
                loaded.values().forEach(PpOcrProvider::close);
                for (PpOcrModel model : PpOcrModel.values()) {
                    if (!loaded.containsKey(model.providerId())) {
                        readiness.provider(model.providerId(), Readiness.ProviderState.FAILED);
                    }
                }
                throw e;
            }
            return new LocalProviders(pool, loaded);
        }, false).eventually(loader::close);
    }

    /** Runs one inference per model (they share the pool, so at most its thread count run at once). */
    Future<Void> warmUp(Vertx vertx, Readiness readiness) {
        List<Future<Void>> all = new ArrayList<>();
        providers.forEach((id, provider) -> {
            long start = System.nanoTime();
            all.add(Future.fromCompletionStage(provider.warmUp(), vertx.getOrCreateContext())
                    .onSuccess(v -> {
                        readiness.provider(id, Readiness.ProviderState.READY);
                        LOG.info("warmed up {} in {} ms", id, (System.nanoTime() - start) / 1_000_000);
                    })
                    .onFailure(e -> readiness.provider(id, Readiness.ProviderState.FAILED)));
        });
        return Future.all(all).mapEmpty();
    }

    /** Without warm-up the models count as ready once loaded. */
    void markReady(Readiness readiness) {
        providers.keySet().forEach(id -> readiness.provider(id, Readiness.ProviderState.READY));
    }

    Map<String, OcrProvider> byId() {
        return Collections.unmodifiableMap(providers);
    }

    @Override
    public void close() {
        // The pool first: a native session must not be freed while a queued read is still running on it.
        pool.close();
        providers.values().forEach(PpOcrProvider::close);
    }
}
