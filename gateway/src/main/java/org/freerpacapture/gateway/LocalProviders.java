package org.freerpacapture.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.freerpacapture.gateway.http.Readiness;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.inference.ppocr.runtime.InferencePool;
import org.freerpacapture.inference.ppocr.PpOcrModel;
import org.freerpacapture.inference.ppocr.PpOcrOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The local PP-OCR models, all sharing one bounded {@link InferencePool}. The ones the routing policy routes to
 * are loaded on a worker thread at start (it takes seconds), then warmed up, with every step reported to
 * {@link Readiness}; the others stay {@link Readiness.ProviderState#NOT_LOADED} until a policy routes to them.
 */
final class LocalProviders implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalProviders.class);

    static final String LOADER_POOL = "model-loader";
    /** How long loading may hold the loader thread before the blocked-thread checker reports it. */
    static final java.time.Duration LOAD_TIME_LIMIT = java.time.Duration.ofMinutes(10);

    private final InferencePool pool;
    private final Map<String, LocalModel> providers;

    private LocalProviders(InferencePool pool, Map<String, LocalModel> providers) {
        this.pool = pool;
        this.providers = providers;
    }

    /**
     * Loads the models among {@code needed} (provider ids) on a one-thread worker pool; the event loop never
     * waits. Every {@link PpOcrModel} gets a {@link LocalModel}, loaded or not.
     */
    static Future<LocalProviders> load(Vertx vertx, InferencePool pool, Readiness readiness, Set<String> needed,
                                       PpOcrOptions options) {
        Map<String, LocalModel> all = new LinkedHashMap<>();
        for (PpOcrModel model : PpOcrModel.values()) {
            all.put(model.providerId(), new LocalModel(vertx, model, pool, options, readiness));
            readiness.provider(model.providerId(), needed.contains(model.providerId())
                    ? Readiness.ProviderState.LOADING : Readiness.ProviderState.NOT_LOADED);
        }
        // Loading and compiling every routed model may take minutes on a small machine: not a blocked thread.
        WorkerExecutor loader = vertx.createSharedWorkerExecutor(LOADER_POOL, 1, LOAD_TIME_LIMIT.toMinutes(),
                TimeUnit.MINUTES);
        return loader.<LocalProviders>executeBlocking(() -> {
            try {
                for (LocalModel model : all.values()) {
                    if (needed.contains(model.id())) {
                        model.loaded(false);
                        readiness.provider(model.id(), Readiness.ProviderState.WARMING_UP);
                    }
                }
            } catch (RuntimeException e) {
                all.values().forEach(LocalModel::close);
                throw e;
            }
            return new LocalProviders(pool, all);
        }, false).eventually(loader::close);
    }

    /** Runs one inference per loaded model (they share the pool, so at most its thread count run at once). */
    Future<Void> warmUp(Vertx vertx, Readiness readiness) {
        List<Future<Void>> all = new ArrayList<>();
        providers.forEach((id, model) -> {
            if (!model.isLoaded()) {
                return;
            }
            long start = System.nanoTime();
            all.add(Future.fromCompletionStage(model.loaded(false).warmUp(), vertx.getOrCreateContext())
                    .onSuccess(v -> {
                        readiness.provider(id, Readiness.ProviderState.READY);
                        LOG.info("warmed up {} in {} ms", id, (System.nanoTime() - start) / 1_000_000);
                    })
                    .onFailure(e -> readiness.provider(id, Readiness.ProviderState.FAILED)));
        });
        return Future.all(all).mapEmpty();
    }

    /** Without warm-up the loaded models count as ready at once. */
    void markReady(Readiness readiness) {
        providers.forEach((id, model) -> {
            if (model.isLoaded()) {
                readiness.provider(id, Readiness.ProviderState.READY);
            }
        });
    }

    /** Every local model by provider id, loaded or not. */
    Map<String, OcrProvider> byId() {
        return Collections.unmodifiableMap(providers);
    }

    @Override
    public void close() {
        // The pool first: a native session must not be freed while a queued read is still running on it.
        pool.close();
        providers.values().forEach(LocalModel::close);
    }
}
