package org.freerpacapture.gateway;

import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.freerpacapture.adapters.ProviderFactory;
import org.freerpacapture.gateway.admin.AdminApi;
import org.freerpacapture.gateway.admin.ConsoleReads;
import org.freerpacapture.gateway.admin.AdminTokens;
import org.freerpacapture.gateway.config.ConfigException;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.config.Setting;
import org.freerpacapture.gateway.execute.DeferredExecutor;
import org.freerpacapture.gateway.execute.ShadowReader;
import org.freerpacapture.gateway.http.DecoderDocumentReader;
import org.freerpacapture.gateway.http.Readiness;
import org.freerpacapture.gateway.http.Reading;
import org.freerpacapture.gateway.kafka.KafkaClients;
import org.freerpacapture.gateway.kafka.KafkaRequests;
import org.freerpacapture.gateway.kafka.PolicyTopic;
import org.freerpacapture.gateway.observability.ExecutionHooks;
import org.freerpacapture.gateway.observability.Observability;
import org.freerpacapture.gateway.routing.RoutingPolicy;
import org.freerpacapture.gateway.routing.ValidationError;
import org.freerpacapture.gateway.tenants.Tenants;
import org.freerpacapture.gateway.tenants.TenantMetrics;
import org.freerpacapture.gateway.tenants.UsageFile;
import org.freerpacapture.gateway.tenants.UsageLedger;
import org.freerpacapture.gateway.tenants.UsageSaver;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.inference.ppocr.runtime.InferencePool;
import org.freerpacapture.inference.ppocr.PpOcrModel;
import org.freerpacapture.inference.ppocr.PpOcrOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The running gateway, wired for production: the routing policy is read first (a bad policy file stops the
 * start), the HTTP API listens (liveness answers at once), the local models load on a worker thread and warm up;
 * then routing is put in force, the admin API listens, and the gateway reports ready and reads documents.
 *
 * <p>With Kafka on, the policy in force is the policy topic's: it is read to its end before the models load (the
 * policy file or the default only seeds an empty topic), and every change goes through it.
 */
public final class Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    static final String INFERENCE_POOL = "inference-pool";

    private final Vertx vertx;
    private final GatewayConfig config;
    private final GatewayServer server;
    private final Readiness readiness;
    private final Future<Serving> serving;
    private final Optional<PolicyTopic> policyTopic;
    private final Tenants tenants;
    private final Optional<UsageSaver> usageSaver;

    /** What runs once the models are loaded; {@code requests} only with Kafka configured. */
    private record Serving(LocalProviders local, LiveRouting routing, AdminApi admin,
                           Optional<KafkaRequests> requests, AdminTokens adminTokens) {
    }

    private Gateway(Vertx vertx, GatewayConfig config, GatewayServer server, Readiness readiness,
                    Future<Serving> serving, Optional<PolicyTopic> policyTopic, Tenants tenants,
                    Optional<UsageSaver> usageSaver) {
        this.usageSaver = usageSaver;
        this.vertx = vertx;
        this.config = config;
        this.server = server;
        this.readiness = readiness;
        this.serving = serving;
        this.policyTopic = policyTopic;
        this.tenants = tenants;
    }

    /**
     * Reads the routing policy, then starts listening; fails when the policy file cannot be read or is invalid.
     * The returned gateway's {@link #ready()} completes once the models are loaded and warm, routing is in force
     * and the admin API listens, or fails when any of that cannot be done.
     */
    public static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
        return start(vertx, config, ExecutionHooks.NONE);
    }

    /** As above, with routing reporting its plans, provider calls, shadows and rollbacks to {@code hooks}. */
    public static Future<Gateway> start(Vertx vertx, GatewayConfig config, ExecutionHooks hooks) {
        return start(vertx, config, hooks, Observability.untraced());
    }

    /**
     * As above, traced, measured and logged through {@code observability}: the HTTP API follows every request,
     * routing reports to its hooks, and the admin API serves {@code GET /metrics}.
     */
    public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Observability observability) {
        return start(vertx, config, observability.hooks(), observability);
    }

    private static Future<Gateway> start(Vertx vertx, GatewayConfig config, ExecutionHooks hooks,
                                         Observability observability) {
        Readiness readiness = new Readiness();
        DeferredExecutor executor = new DeferredExecutor();
        Optional<java.nio.file.Path> policyFile = Optional.ofNullable(config.policyFile());
        Optional<UsageFile> usageFile = policyFile.map(UsageFile::besidePolicy);
        return Tenants.load(vertx, config).compose(tenants -> vertx.executeBlocking(() -> new Opened(
                        LiveRouting.initialPolicy(policyFile, config.defaultProvider()),
                        openLedger(tenants, usageFile, observability)), false)
                .onFailure(e -> tenants.close())
                .compose(opened -> GatewayServer.start(vertx, config, executor,
                                DecoderDocumentReader.of(config.limits()), readiness, observability, tenants)
                        .onFailure(e -> tenants.close())
                        .map(server -> {
                            RoutingPolicy initial = opened.policy();
                            UsageLedger usage = opened.usage();
                            Optional<UsageSaver> saver = usageFile.map(f -> new UsageSaver(vertx, usage, f));
                            saver.ifPresent(UsageSaver::start);
                            Optional<PolicyTopic> topic = followPolicyTopic(config, initial, readiness);
                            Future<RoutingPolicy> inForce = topic
                                    .map(t -> Future.fromCompletionStage(t.ready(), vertx.getOrCreateContext()))
                                    .orElse(Future.succeededFuture(initial));
                            InferencePool pool = new InferencePool(INFERENCE_POOL,
                                    config.pools().inferenceThreads(), config.pools().inferenceQueue());
                            observability.metrics().watch(pool);
                            tenants.onChange(plans -> pool.shares(plans.shares()));
                            Future<Serving> serving = inForce
                                    .compose(policy -> LocalProviders.load(vertx, pool, readiness,
                                                    localModelsRouted(policy), localOptions(config))
                                            .onFailure(e -> pool.close())
                                            .compose(local -> serve(vertx, config, local, pool, policy, topic,
                                                    executor, readiness, hooks, observability,
                                                    server.api().reading(), usage)));
                            return new Gateway(vertx, config, server, readiness, serving, topic, tenants, saver);
                        })));
    }

    /** What is read from files before anything listens. */
    private record Opened(RoutingPolicy policy, UsageLedger usage) {
    }

    /**
     * The usage saved before a restart, counted against the tenants' plans in force; blocking file IO.
     */
    private static UsageLedger openLedger(Tenants tenants, Optional<UsageFile> usageFile,
                                          Observability observability) throws java.io.IOException {
        UsageLedger ledger = new UsageLedger(tenants::plans, observability.metrics().prices()::perPage,
                Clock.systemUTC());
        if (usageFile.isPresent()) {
            ledger.restore(usageFile.get().load());
            LOG.info("tenant usage read from {}", usageFile.get().path());
        }
        ledger.listen(new TenantMetrics(observability.metrics().registry(), ledger));
        return ledger;
    }

    /** With Kafka on, starts reading the policy topic, and shows how that goes on {@code /health/ready}. */
    private static Optional<PolicyTopic> followPolicyTopic(GatewayConfig config, RoutingPolicy seed,
                                                           Readiness readiness) {
        if (!config.kafka().enabled()) {
            return Optional.empty();
        }
        PolicyTopic topic = PolicyTopic.start(new KafkaClients(config.kafka()), seed, Clock.systemUTC());
        readiness.kafka("policy", topic::detail);
        return Optional.of(topic);
    }

    private static Future<Serving> serve(Vertx vertx, GatewayConfig config, LocalProviders local,
                                         InferencePool pool, RoutingPolicy policy, Optional<PolicyTopic> topic,
                                         DeferredExecutor executor, Readiness readiness, ExecutionHooks hooks,
                                         Observability observability, Reading reading, UsageLedger usage) {
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
        Optional<java.nio.file.Path> policyFile = Optional.ofNullable(config.policyFile());
        return warm
                .compose(v -> vertx.executeBlocking(() -> {
                    LiveRouting routing = route(vertx, config, local, policy, policyFile, hooks,
                            observability.telemetry().openTelemetry(), usage);
                    topic.ifPresent(t -> {
                        t.attach(routing.store());
                        routing.save(); // the file follows the topic's policy, not the one it seeded with
                    });
                    return routing;
                }, false))
                .compose(routing -> AdminTokens.load(vertx, config.adminToken().get(),
                                    Optional.ofNullable(config.tenancy().adminTokensFile()))
                            .compose(tokens -> AdminApi.start(vertx, config.host(), config.adminPort(), routing,
                                            tokens, Optional.of(pool), Optional.of(observability.metricsEndpoint()),
                                            config.tls(), config.connections(),
                                            Optional.of(new ConsoleReads(vertx, reading, routing, observability,
                                                    config.requestTimeout(), config.region(),
                                                    config.limits().maxBytes())))
                                    .onFailure(e -> tokens.close())
                                    .map(admin -> {
                                        routing.snapshot().providers().forEach(observability.metrics()::watch);
                                        observability.metrics().watchPolicy(
                                                () -> routing.store().current().version());
                                        executor.install(routing.executor());
                                        routing.startWatch();
                                        readiness.markReady();
                                        LOG.info("ready: routing policy version {} (warm-up {})",
                                                routing.store().current().version(),
                                                config.warmup() ? "done" : "skipped");
                                        return new Serving(local, routing, admin,
                                                startRequests(vertx, config, reading, readiness, observability),
                                                tokens);
                                    }))
                            .onFailure(e -> routing.close()))
                .onFailure(e -> local.close());
    }

    /**
     * Request records are read once the gateway serves; the worker keeps trying while the broker is unreachable, and
     * readiness reflects HTTP alone.
     */
    private static Optional<KafkaRequests> startRequests(Vertx vertx, GatewayConfig config, Reading reading,
                                                         Readiness readiness, Observability observability) {
        if (!config.kafka().enabled()) {
            return Optional.empty();
        }
        KafkaRequests requests = KafkaRequests.create(vertx, config, reading, observability);
        readiness.kafka("requests", requests::health);
        requests.start().onFailure(e -> LOG.error("Kafka request reading did not start: {}", e.toString()));
        return Optional.of(requests);
    }

    /** Provider ids ({@code onnx:ppocr-v4}) of the local models the policy routes to: the ones loaded at start. */
    static java.util.Set<String> localModelsRouted(RoutingPolicy policy) {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        java.util.Set<String> routed = ProviderRegistry.routedProviders(policy);
        policy.providers().forEach((id, spec) -> {
            if (spec.kind().equals("onnx") && routed.contains(id)) {
                spec.string("model").ifPresent(model -> {
                    try {
                        ids.add(PpOcrModel.fromPolicyName(model).providerId());
                    } catch (IllegalArgumentException e) {
                        // an unknown model name is reported when the registry prepares the policy
                    }
                });
            }
        });
        return ids;
    }

    private static PpOcrOptions localOptions(GatewayConfig config) {
        return PpOcrOptions.defaults().withIntraOpThreads(config.pools().ortIntraThreads());
    }

    /** Builds the providers the policy names and puts it in force; blocking (secrets, files). */
    private static LiveRouting route(Vertx vertx, GatewayConfig config, LocalProviders local, RoutingPolicy policy,
                                     Optional<java.nio.file.Path> policyFile, ExecutionHooks hooks,
                                     OpenTelemetry openTelemetry, UsageLedger usage) {
        Map<String, OcrProvider> models = new LinkedHashMap<>();
        local.byId().forEach((id, provider) -> models.put(PpOcrModel.fromPolicyName(id).policyName(), provider));
        ProviderRegistry registry = new ProviderRegistry(vertx, models, new ProviderFactory(vertx, openTelemetry)
                .withSafety(config.providerSafety()),
                config.requestTimeout());
        List<ValidationError> abroad = config.residency().check(policy, registry::destination);
        if (!abroad.isEmpty()) {
            registry.close();
            throw new IllegalStateException("routing policy" + policyFile.map(p -> " " + p).orElse("")
                    + " sends documents where data residency forbids: " + abroad.stream()
                    .map(ValidationError::toString).collect(Collectors.joining("; ")));
        }
        List<ValidationError> unmakeable = registry.prepare(policy);
        if (!unmakeable.isEmpty()) {
            registry.close();
            throw new IllegalStateException("routing policy" + policyFile.map(p -> " " + p).orElse("")
                    + " names providers this gateway cannot make: " + unmakeable.stream()
                    .map(ValidationError::toString).collect(Collectors.joining("; ")));
        }
        return new LiveRouting(vertx, policy, registry, policyFile,
                new ShadowReader(ShadowReader.DEFAULT_CAPACITY, ShadowReader.DEFAULT_TIMEOUT, hooks),
                Clock.systemUTC(), hooks, config.residency(), usage);
    }

    /** Completes when the gateway reads documents; fails when it never will. */
    public Future<Void> ready() {
        return serving.mapEmpty();
    }

    /** The admin API's port, once ready. */
    public int adminPort() {
        return serving.result().admin().port();
    }

    /** Request reading from Kafka, once ready, when Kafka is configured. */
    public Optional<KafkaRequests> kafkaRequests() {
        return serving.succeeded() ? serving.result().requests() : Optional.empty();
    }

    /** Routing as it runs, once ready. */
    public LiveRouting routing() {
        return serving.result().routing();
    }

    public int port() {
        return server.port();
    }

    public Readiness readiness() {
        return readiness;
    }

    /** The loaded local providers by id (empty until loaded). */
    public Map<String, OcrProvider> providers() {
        return serving.succeeded() ? serving.result().local().byId() : Map.of();
    }

    /**
     * Reports not ready while still serving (the drain ready delay), then stops accepting and drains requests in
     * flight (up to the shutdown timeout), closes the admin API, then frees the providers and models.
     */
    public Future<Void> stop() {
        Future<Void> records = serving.succeeded() && serving.result().requests().isPresent()
                ? serving.result().requests().get().stop(config.shutdownTimeout())
                : Future.succeededFuture();
        return Future.join(records, server.stop(config.connections().drainReadyDelay(), config.shutdownTimeout()))
                .<Void>mapEmpty()
                // After the drain, so the last requests' pages and spend are in the file.
                .eventually(() -> usageSaver.map(UsageSaver::stop).orElse(Future.succeededFuture()))
                .eventually(() -> serving.succeeded() ? serving.result().admin().stop() : Future.succeededFuture())
                // Closing the policy topic blocks a little (the reader's last poll, the producer's flush).
                .eventually(() -> policyTopic.isEmpty() ? Future.succeededFuture()
                        : vertx.executeBlocking(() -> {
                            policyTopic.get().close();
                            return null;
                        }, false))
                .eventually(() -> {
                    tenants.close();
                    if (serving.succeeded()) {
                        serving.result().adminTokens().close();
                        serving.result().routing().close();
                        serving.result().local().close();
                    }
                    return Future.succeededFuture();
                });
    }
}
