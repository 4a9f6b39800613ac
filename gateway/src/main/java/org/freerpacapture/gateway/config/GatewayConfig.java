package org.freerpacapture.gateway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The gateway's settings, resolved once at start-up (see {@link GatewayConfigLoader} and {@link Setting}).
 *
 * @param host            address the listeners bind to
 * @param httpPort        public API port; 0 picks a free port
 * @param adminPort       admin API port
 * @param region          region this replica runs in, or {@code null}
 * @param limits          what one document may be
 * @param pools           sizes of the bounded worker pools
 * @param requestTimeout  deadline budget of one request
 * @param shutdownTimeout how long in-flight requests may drain on stop
 * @param defaultProvider provider id serving requests when nothing else is configured
 * @param warmup          run one inference per local model before reporting ready
 */
public record GatewayConfig(String host, int httpPort, int adminPort, String region, Limits limits, Pools pools,
                            Duration requestTimeout, Duration shutdownTimeout, String defaultProvider,
                            boolean warmup) {

    public static final long MIB = 1024L * 1024L;

    public GatewayConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(pools, "pools");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(defaultProvider, "defaultProvider");
    }

    /**
     * @param maxBytes         largest upload
     * @param maxPixelsPerPage most pixels of one decoded page
     * @param maxPages         most pages of one document
     * @param pdfDpi           PDF render resolution
     */
    public record Limits(long maxBytes, long maxPixelsPerPage, int maxPages, int pdfDpi) {
    }

    /**
     * @param inferenceThreads threads of the local inference pool
     * @param inferenceQueue   requests that may wait for one of them
     * @param decodeThreads    threads of {@code decode-pool}
     * @param decodeQueue      requests that may wait for one of them
     */
    public record Pools(int inferenceThreads, int inferenceQueue, int decodeThreads, int decodeQueue) {
    }

    /** The built-in defaults, sized for this machine. */
    public static GatewayConfig defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new GatewayConfig("0.0.0.0", 8080, 8081, null,
                new Limits(20 * MIB, 40_000_000L, 50, 200),
                new Pools(cores, 4 * cores, cores, 4 * cores),
                Duration.ofSeconds(30), Duration.ofSeconds(30), "onnx:ppocr-v4", true);
    }

    public GatewayConfig withHttpPort(int port) {
        return new GatewayConfig(host, port, adminPort, region, limits, pools, requestTimeout, shutdownTimeout,
                defaultProvider, warmup);
    }

    public GatewayConfig withHost(String other) {
        return new GatewayConfig(other, httpPort, adminPort, region, limits, pools, requestTimeout, shutdownTimeout,
                defaultProvider, warmup);
    }

    public GatewayConfig withLimits(Limits other) {
        return new GatewayConfig(host, httpPort, adminPort, region, other, pools, requestTimeout, shutdownTimeout,
                defaultProvider, warmup);
    }

    public GatewayConfig withPools(Pools other) {
        return new GatewayConfig(host, httpPort, adminPort, region, limits, other, requestTimeout, shutdownTimeout,
                defaultProvider, warmup);
    }

    public GatewayConfig withRequestTimeout(Duration other) {
        return new GatewayConfig(host, httpPort, adminPort, region, limits, pools, other, shutdownTimeout,
                defaultProvider, warmup);
    }

    public GatewayConfig withWarmup(boolean other) {
        return new GatewayConfig(host, httpPort, adminPort, region, limits, pools, requestTimeout, shutdownTimeout,
                defaultProvider, other);
    }
}
