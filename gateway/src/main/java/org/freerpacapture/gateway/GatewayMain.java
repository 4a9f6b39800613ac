package org.freerpacapture.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.freerpacapture.gateway.config.ConfigException;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.config.GatewayConfigLoader;
import org.freerpacapture.gateway.observability.Observability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar gateway.jar}: reads the settings, starts the gateway, and on SIGTERM stops it gracefully
 * (not ready, stop accepting, drain requests in flight up to {@code GATEWAY_SHUTDOWN_TIMEOUT}).
 */
public final class GatewayMain {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {
    }

    /**
     * Vert.x's blocked-thread checker reports a stuck thread at every check, with a stack trace: checked every 5 s
     * rather than every second, one stuck thread cannot flood the log. Worker pools run work bounded by a request's
     * deadline (model loading has its own pool and limit), so a worker is reported only once it has outlived two
     * deadlines; event loops are still reported after 2 s.
     */
    static VertxOptions vertxOptions(GatewayConfig config) {
        long workerLimitMs = Math.max(60_000, 2 * config.requestTimeout().toMillis());
        return new VertxOptions()
                .setBlockedThreadCheckInterval(5).setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS)
                .setMaxWorkerExecuteTime(workerLimitMs).setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS);
    }

    public static void main(String[] args) throws Exception {
        GatewayConfig config;
        try {
            config = GatewayConfigLoader.fromEnvironment();
        } catch (ConfigException e) {
            LOG.error("invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("starting: http {}:{}, default provider {}, inference {} threads + {} queued ({} ONNX intra-op threads for detection),"
                        + " decode {} threads + {}"
                        + " queued, request timeout {} ms, max {} bytes", config.host(), config.httpPort(),
                config.defaultProvider(), config.pools().inferenceThreads(), config.pools().inferenceQueue(),
                config.pools().ortIntraThreads(), config.pools().decodeThreads(), config.pools().decodeQueue(), config.requestTimeout().toMillis(),
                config.limits().maxBytes());
        LOG.info("admin API on port {} ({}), routing policy {}", config.adminPort(),
                config.adminToken().get().isPresent() ? "token set" : "no token: every admin call refused",
                config.policyFile() == null ? "in memory (GATEWAY_POLICY_FILE not set)" : "file " + config.policyFile());
        LOG.info("region {} (X-Region honoured from {}), data residency {}", config.region() == null ? "(none)"
                : config.region(), config.trustedProxies(), config.residency().regions().isEmpty() ? "off"
                : config.residency().regions() + " on " + (config.residency().hosts().isEmpty() ? "local providers"
                : "local providers and " + String.join(", ", config.residency().hosts())));

        Observability observability;
        try {
            observability = Observability.fromEnvironment(System.getenv());
        } catch (RuntimeException e) {
            LOG.error("invalid observability settings: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Vertx vertx = observability.newVertx(vertxOptions(config));
        Gateway gateway;
        try {
            gateway = Gateway.start(vertx, config, observability).await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // A bad policy file lands here, its message naming the file and every error with its JSON pointer.
            LOG.error("cannot start: {}", e.getMessage(), e);
            vertx.close();
            System.exit(1);
            return;
        }
        long drainMs = config.connections().drainReadyDelay().toMillis() + config.shutdownTimeout().toMillis();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            try {
                gateway.stop().await(drainMs + 5_000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("drain did not finish cleanly: {}", String.valueOf(e));
            }
            try {
                // Awaited apart from stop(): a continuation on a closing event loop would never run.
                vertx.close().await(5, TimeUnit.SECONDS);
                LOG.info("stopped");
            } catch (Exception e) {
                LOG.warn("Vert.x did not close cleanly: {}", String.valueOf(e));
            }
            observability.close(); // exports the spans still buffered
        }, "gateway-shutdown"));
        gateway.ready().onFailure(e -> {
            LOG.error("cannot serve: {}", e.getMessage(), e);
            // Exit on a fresh thread: System.exit runs the shutdown hook, which waits on this event loop.
            new Thread(() -> System.exit(1), "gateway-exit").start();
        });
    }
}
