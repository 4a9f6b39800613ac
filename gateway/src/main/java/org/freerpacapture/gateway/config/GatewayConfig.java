package org.freerpacapture.gateway.config;

import org.freerpacapture.adapters.ProviderSafety;
import org.freerpacapture.gateway.routing.Residency;
import org.freerpacapture.gateway.tenants.AuthSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

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
 * @param adminToken      bearer token of the admin API; empty refuses every admin call
 * @param policyFile      where the routing policy is loaded from and saved to, or {@code null} to keep it in memory
 * @param providerSafety  what the policy's provider entries may reference and call
 * @param tls             the listeners' TLS files, or {@link Tls#NONE} for plain HTTP
 * @param connections     how long and how many connections both listeners hold, and how they drain on stop
 * @param kafka           Kafka's topics, group and clients, or {@link KafkaSettings#OFF}
 * @param trustedProxies  whose {@code X-Region} names the region a request is served in
 * @param residency       the regions whose documents stay on the provider hosts it lists, or {@link Residency#NONE}
 * @param tenancy         who calls and what each may do: caller authentication, tenants' plans, admin tokens
 */
public record GatewayConfig(String host, int httpPort, int adminPort, String region, Limits limits, Pools pools,
                            Duration requestTimeout, Duration shutdownTimeout, String defaultProvider,
                            boolean warmup, Secret adminToken, Path policyFile, ProviderSafety providerSafety,
                            Tls tls, Connections connections, KafkaSettings kafka, TrustedProxies trustedProxies,
                            Residency residency, Tenancy tenancy) {

    public static final long MIB = 1024L * 1024L;

    public GatewayConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(pools, "pools");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(defaultProvider, "defaultProvider");
        adminToken = adminToken == null ? Secret.NONE : adminToken;
        providerSafety = providerSafety == null ? ProviderSafety.defaults() : providerSafety;
        tls = tls == null ? Tls.NONE : tls;
        connections = connections == null ? Connections.DEFAULTS : connections;
        kafka = kafka == null ? KafkaSettings.OFF : kafka;
        trustedProxies = trustedProxies == null ? TrustedProxies.NONE : trustedProxies;
        residency = residency == null ? Residency.NONE : residency;
        tenancy = tenancy == null ? Tenancy.NONE : tenancy;
    }

    /** Without tenants' plans or named admin tokens. */
    public GatewayConfig(String host, int httpPort, int adminPort, String region, Limits limits, Pools pools,
                         Duration requestTimeout, Duration shutdownTimeout, String defaultProvider, boolean warmup,
                         Secret adminToken, Path policyFile, ProviderSafety providerSafety, Tls tls,
                         Connections connections, KafkaSettings kafka, TrustedProxies trustedProxies,
                         Residency residency) {
        this(host, httpPort, adminPort, region, limits, pools, requestTimeout, shutdownTimeout, defaultProvider,
                warmup, adminToken, policyFile, providerSafety, tls, connections, kafka, trustedProxies, residency,
                Tenancy.NONE);
    }

    /** Trusting no proxy, binding no region. */
    public GatewayConfig(String host, int httpPort, int adminPort, String region, Limits limits, Pools pools,
                         Duration requestTimeout, Duration shutdownTimeout, String defaultProvider, boolean warmup,
                         Secret adminToken, Path policyFile, ProviderSafety providerSafety, Tls tls,
                         Connections connections, KafkaSettings kafka) {
        this(host, httpPort, adminPort, region, limits, pools, requestTimeout, shutdownTimeout, defaultProvider,
                warmup, adminToken, policyFile, providerSafety, tls, connections, kafka, TrustedProxies.NONE,
                Residency.NONE);
    }

    /** Without Kafka. */
    public GatewayConfig(String host, int httpPort, int adminPort, String region, Limits limits, Pools pools,
                         Duration requestTimeout, Duration shutdownTimeout, String defaultProvider, boolean warmup,
                         Secret adminToken, Path policyFile, ProviderSafety providerSafety, Tls tls,
                         Connections connections) {
        this(host, httpPort, adminPort, region, limits, pools, requestTimeout, shutdownTimeout, defaultProvider,
                warmup, adminToken, policyFile, providerSafety, tls, connections, KafkaSettings.OFF);
    }

    /**
     * Bounds on the connections of both listeners, so slow or many clients cannot hold the gateway.
     *
     * @param idleTimeout       a connection with no traffic for this long is closed
     * @param headerTimeout     a request's head (line and headers) must arrive within this of the connection opening
     * @param bodyTimeout       a request's body must arrive within this of its head (and before its deadline)
     * @param maxHeaderSize     largest request head in bytes (431 beyond)
     * @param maxInitialLine    longest request line in bytes (414 beyond)
     * @param maxConnections    connections open at once per listener; more are refused with 503
     * @param maxPerAddress     connections open at once from one remote address; more are refused with 503
     * @param drainReadyDelay   on stop: how long readiness reports 503 while requests are still served
     */
    public record Connections(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout, int maxHeaderSize,
                              int maxInitialLine, int maxConnections, int maxPerAddress, Duration drainReadyDelay) {

        public static final Connections DEFAULTS = new Connections(Duration.ofSeconds(60), Duration.ofSeconds(10),
                Duration.ofSeconds(30), 8 * 1024, 4096, 8192, 256, Duration.ofSeconds(5));

        public Connections withDrainReadyDelay(Duration other) {
            return new Connections(idleTimeout, headerTimeout, bodyTimeout, maxHeaderSize, maxInitialLine,
                    maxConnections, maxPerAddress, other);
        }

        public Connections withTimeouts(Duration idle, Duration header, Duration body) {
            return new Connections(idle, header, body, maxHeaderSize, maxInitialLine, maxConnections, maxPerAddress,
                    drainReadyDelay);
        }

        public Connections withMaxConnections(int total, int perAddress) {
            return new Connections(idleTimeout, headerTimeout, bodyTimeout, maxHeaderSize, maxInitialLine, total,
                    perAddress, drainReadyDelay);
        }
    }

    /**
     * TLS of both listeners from PEM files, read again every {@code reloadInterval}.
     *
     * @param certificate    the certificate chain, or null for plain HTTP
     * @param key            its private key
     * @param adminClientCa  CAs an admin client's certificate must come from, or null to ask for none
     * @param reloadInterval how often the files are compared with what is in force
     */
    public record Tls(Path certificate, Path key, Path adminClientCa, Duration reloadInterval) {

        public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);
        public static final Tls NONE = new Tls(null, null, null, DEFAULT_RELOAD_INTERVAL);

        public Tls {
            if ((certificate == null) != (key == null)) {
                throw new ConfigException("TLS needs both " + Setting.TLS_CERT.envName() + " and "
                        + Setting.TLS_KEY.envName());
            }
            if (adminClientCa != null && certificate == null) {
                throw new ConfigException(Setting.ADMIN_CLIENT_CA.envName() + " needs TLS: set "
                        + Setting.TLS_CERT.envName() + " and " + Setting.TLS_KEY.envName());
            }
            reloadInterval = reloadInterval == null ? DEFAULT_RELOAD_INTERVAL : reloadInterval;
        }

        public boolean enabled() {
            return certificate != null;
        }
    }

    /** A secret setting: its value is there to use, never to print ({@link #toString()} hides it). */
    public record Secret(String value) {

        public static final Secret NONE = new Secret(null);

        public Optional<String> get() {
            return Optional.ofNullable(value).filter(v -> !v.isBlank());
        }

        @Override
        public String toString() {
            return get().isPresent() ? "(set)" : "(none)";
        }
    }

    /**
     * @param maxBytes         largest upload
     * @param maxPixelsPerPage most pixels of one decoded page
     * @param maxPages         most pages of one document
     * @param pdfDpi           PDF render resolution
     * @param pdfMaxOperators  most drawing operations one PDF page may cost
     */
    public record Limits(long maxBytes, long maxPixelsPerPage, int maxPages, int pdfDpi, long pdfMaxOperators) {

        /** With the default operator budget of a PDF page. */
        public Limits(long maxBytes, long maxPixelsPerPage, int maxPages, int pdfDpi) {
            this(maxBytes, maxPixelsPerPage, maxPages, pdfDpi, 200_000L);
        }
    }

    /**
     * @param inferenceThreads threads of the local inference pool
     * @param inferenceQueue   requests that may wait for one of them
     * @param decodeThreads    threads of {@code decode-pool}
     * @param decodeQueue      requests that may wait for one of them
     * @param ortIntraThreads  ONNX Runtime intra-op threads of each local inference
     */
    public record Pools(int inferenceThreads, int inferenceQueue, int decodeThreads, int decodeQueue,
                        int ortIntraThreads) {

        /** With ONNX Runtime's intra-op threads at their default, one per core. */
        public Pools(int inferenceThreads, int inferenceQueue, int decodeThreads, int decodeQueue) {
            this(inferenceThreads, inferenceQueue, decodeThreads, decodeQueue,
                    Runtime.getRuntime().availableProcessors());
        }
    }

    /** The built-in defaults, sized for this machine. */
    public static GatewayConfig defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new GatewayConfig("0.0.0.0", 8080, 8081, null,
                new Limits(20 * MIB, 40_000_000L, 50, 200, 200_000L),
                new Pools(cores, 4 * cores, cores, 4 * cores),
                Duration.ofSeconds(30), Duration.ofSeconds(30), "onnx:ppocr-v4", true, Secret.NONE, null,
                ProviderSafety.defaults(), Tls.NONE, Connections.DEFAULTS);
    }

    public GatewayConfig withHttpPort(int port) {
        return new GatewayConfig(host, port, adminPort, region, limits, pools, requestTimeout, shutdownTimeout,
                defaultProvider, warmup, adminToken, policyFile, providerSafety, tls, connections, kafka,
                trustedProxies, residency, tenancy);
    }

    public GatewayConfig withHost(String other) {
        return new GatewayConfig(other, httpPort, adminPort, region, limits, pools, requestTimeout, shutdownTimeout,
                defaultProvider, warmup, adminToken, policyFile, providerSafety, tls, connections, kafka,
                trustedProxies, residency, tenancy);
    }

    public GatewayConfig withLimits(Limits other) {
        return new GatewayConfig(host, httpPort, adminPort, region, other, pools, requestTimeout, shutdownTimeout,
                defaultProvider, warmup, adminToken, policyFile, providerSafety, tls, connections, kafka,
                trustedProxies, residency, tenancy);
    }

    public GatewayConfig withPools(Pools other) {
        return new GatewayConfig(host, httpPort, adminPort, region, limits, other, requestTimeout, shutdownTimeout,
                defaultProvider, warmup, adminToken, policyFile, providerSafety, tls, connections, kafka,
                trustedProxies, residency, tenancy);
    }

    public GatewayConfig withRequestTimeout(Duration other) {
        return new GatewayConfig(host, httpPort, adminPort, region, limits, pools, other, shutdownTimeout,
                defaultProvider, warmup, adminToken, policyFile, providerSafety, tls, connections, kafka,
                trustedProxies, residency, tenancy);
    }

    public GatewayConfig withWarmup(boolean other) {
        return new GatewayConfig(host, httpPort, adminPort, region, limits, pools, requestTimeout, shutdownTimeout,
                defaultProvider, other, adminToken, policyFile, providerSafety, tls, connections, kafka, trustedProxies,
                residency, tenancy);
    }

    public GatewayConfig withAdminPort(int port) {
        return new GatewayConfig(host, httpPort, port, region, limits, pools, requestTimeout, shutdownTimeout,
                defaultProvider, warmup, adminToken, policyFile, providerSafety, tls, connections, kafka,
                trustedProxies, residency, tenancy);
    }

    public GatewayConfig withRegion(String other) {
        return new GatewayConfig(host, httpPort, adminPort, other, limits, pools, requestTimeout, shutdownTimeout,
                defaultProvider, warmup, adminToken, policyFile, providerSafety, tls, connections, kafka,
                trustedProxies, residency, tenancy);
    }

    public GatewayConfig withAdminToken(String token) {
        return new GatewayConfig(host, httpPort, adminPort, region, limits, pools, requestTimeout, shutdownTimeout,
                defaultProvider, warmup, new Secret(token), policyFile, providerSafety, tls, connections, kafka,
                trustedProxies, residency, tenancy);
    }

    public GatewayConfig withPolicyFile(Path file) {
        return new GatewayConfig(host, httpPort, adminPort, region, limits, pools, requestTimeout, shutdownTimeout,
                defaultProvider, warmup, adminToken, file, providerSafety, tls, connections, kafka, trustedProxies,
                residency, tenancy);
    }

    public GatewayConfig withProviderSafety(ProviderSafety other) {
        return new GatewayConfig(host, httpPort, adminPort, region, limits, pools, requestTimeout, shutdownTimeout,
                defaultProvider, warmup, adminToken, policyFile, other, tls, connections, kafka, trustedProxies,
                residency, tenancy);
    }

    public GatewayConfig withTls(Tls other) {
        return new GatewayConfig(host, httpPort, adminPort, region, limits, pools, requestTimeout, shutdownTimeout,
                defaultProvider, warmup, adminToken, policyFile, providerSafety, other, connections, kafka,
                trustedProxies, residency, tenancy);
    }

    public GatewayConfig withConnections(Connections other) {
        return new GatewayConfig(host, httpPort, adminPort, region, limits, pools, requestTimeout, shutdownTimeout,
                defaultProvider, warmup, adminToken, policyFile, providerSafety, tls, other, kafka, trustedProxies,
                residency, tenancy);
    }

    public GatewayConfig withKafka(KafkaSettings other) {
        return new GatewayConfig(host, httpPort, adminPort, region, limits, pools, requestTimeout, shutdownTimeout,
                defaultProvider, warmup, adminToken, policyFile, providerSafety, tls, connections, other,
                trustedProxies, residency, tenancy);
    }

    public GatewayConfig withTrustedProxies(TrustedProxies other) {
        return new GatewayConfig(host, httpPort, adminPort, region, limits, pools, requestTimeout, shutdownTimeout,
                defaultProvider, warmup, adminToken, policyFile, providerSafety, tls, connections, kafka, other,
                residency, tenancy);
    }

    public GatewayConfig withResidency(Residency other) {
        return new GatewayConfig(host, httpPort, adminPort, region, limits, pools, requestTimeout, shutdownTimeout,
                defaultProvider, warmup, adminToken, policyFile, providerSafety, tls, connections, kafka,
                trustedProxies, other, tenancy);
    }

    /** How callers of the analyze endpoints prove who they are. */
    public AuthSettings auth() {
        return tenancy.auth();
    }

    public GatewayConfig withAuth(AuthSettings other) {
        return withTenancy(tenancy.withAuth(other));
    }

    public GatewayConfig withTenancy(Tenancy other) {
        return new GatewayConfig(host, httpPort, adminPort, region, limits, pools, requestTimeout, shutdownTimeout,
                defaultProvider, warmup, adminToken, policyFile, providerSafety, tls, connections, kafka,
                trustedProxies, residency, other);
    }

    /**
     * Who may do what. The files are read at start, and again when they change.
     *
     * @param auth            how callers of the analyze endpoints prove who they are, or {@link AuthSettings#OFF}
     * @param plansFile       tenants' weights, rates, quotas and budgets ({@code GATEWAY_TENANTS_FILE}), or null
     * @param adminTokensFile named admin tokens with their roles ({@code GATEWAY_ADMIN_TOKENS_FILE}), or null
     */
    public record Tenancy(AuthSettings auth, Path plansFile, Path adminTokensFile) {

        public static final Tenancy NONE = new Tenancy(AuthSettings.OFF, null, null);

        public Tenancy {
            auth = auth == null ? AuthSettings.OFF : auth;
        }

        public Tenancy withAuth(AuthSettings other) {
            return new Tenancy(other, plansFile, adminTokensFile);
        }

        public Tenancy withPlansFile(Path file) {
            return new Tenancy(auth, file, adminTokensFile);
        }

        public Tenancy withAdminTokensFile(Path file) {
            return new Tenancy(auth, plansFile, file);
        }
    }
}
