package org.freerpacapture.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.freerpacapture.gateway.config.ConfigException;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.config.Setting;
import org.freerpacapture.gateway.execute.DeferredExecutor;
import org.freerpacapture.gateway.execute.SingleProviderExecutor;
import org.freerpacapture.gateway.http.DecoderDocumentReader;
import org.freerpacapture.gateway.http.Readiness;
import org.freerpacapture.inference.OcrProvider;
import org.freerpacapture.inference.ppocr.InferencePool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The running gateway, wired for production: the HTTP API listens first (liveness answers at once), the local
 * models load on a worker thread and warm up, and only then does the gateway report ready and read documents.
 */
public final class Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    static final String INFERENCE_POOL = "inference-pool";

    private final GatewayConfig config;
    private final GatewayServer server;
    private final Readiness readiness;
    private final Future<LocalProviders> providers;

    private Gateway(GatewayConfig config, GatewayServer server, Readiness readiness,
                    Future<LocalProviders> providers) {
        this.config = config;
        this.server = server;
        this.readiness = readiness;
        this.providers = providers;
    }

    /**
     * Starts listening; the returned gateway's {@link #ready()} completes once the models are loaded and warm, or
     * fails when they cannot be loaded or the default provider is unknown.
     */
    public static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
        Readiness readiness = new Readiness();
        DeferredExecutor executor = new DeferredExecutor();
        return GatewayServer.start(vertx, config, executor, DecoderDocumentReader.of(config.limits()), readiness)
                .map(server -> {
                    InferencePool pool = new InferencePool(INFERENCE_POOL, config.pools().inferenceThreads(),
                            config.pools().inferenceQueue());
                    Future<LocalProviders> loaded = LocalProviders.load(vertx, pool, readiness)
                            .onFailure(e -> pool.close())
                            .compose(local -> serve(vertx, config, local, executor, readiness));
                    return new Gateway(config, server, readiness, loaded);
                });
    }

    private static Future<LocalProviders> serve(Vertx vertx, GatewayConfig config, LocalProviders local,
                                                DeferredExecutor executor, Readiness readiness) {
        OcrProvider provider = local.byId().get(config.defaultProvider());
        if (provider == null) {
            local.close();
            return Future.failedFuture(new ConfigException(Setting.DEFAULT_PROVIDER.envName() + ": unknown provider '"
                    + config.defaultProvider() + "' (known: " + String.join(", ", local.byId().keySet()) + ")"));
        }
        Future<Void> warm;
        if (config.warmup()) {
            warm = local.warmUp(vertx, readiness);
        } else {
            local.markReady(readiness);
            warm = Future.succeededFuture();
        }
        return warm.map(v -> {
            executor.install(new SingleProviderExecutor(provider));
            readiness.markReady();
            LOG.info("ready: serving with {} (warm-up {})", provider.id(), config.warmup() ? "done" : "skipped");
            return local;
        });
    }

    /** Completes when the gateway reads documents; fails when it never will. */
    public Future<Void> ready() {
        return providers.mapEmpty();
    }

    public int port() {
        return server.port();
    }

    public Readiness readiness() {
        return readiness;
    }

    /** The loaded local providers by id (empty until loaded). */
    public Map<String, OcrProvider> providers() {
        return providers.succeeded() ? providers.result().byId() : Map.of();
    }

    /** Reports not ready, drains requests in flight (up to the shutdown timeout), then frees the models. */
    public Future<Void> stop() {
        return server.stop(config.shutdownTimeout())
                .eventually(() -> {
                    if (providers.succeeded()) {
                        providers.result().close();
                    }
                    return Future.succeededFuture();
                });
    }
}
