package org.freerpacapture.gateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.freerpacapture.adapters.resilience.ResilienceStats;
import org.freerpacapture.adapters.resilience.ResilientProvider;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.gateway.http.DecodePool;
import org.freerpacapture.inference.ppocr.runtime.InferencePool;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Every series the gateway exports about its own work, by its Prometheus name, on one Prometheus registry that
 * also carries the Vert.x, JVM and process metrics. Label values come only from configuration (routes, variants,
 * provider ids, stages) or from the fixed set of error codes, so the number of series stays bounded.
 */
public final class GatewayMetrics implements AutoCloseable {

    /**
     * {@code gateway_requests_total{tenant,route,variant,provider,outcome}}: answered analyze requests. The tenant
     * label takes the first {@value TenantLabels#MAX} tenants seen and folds the rest into {@code other}.
     */
    public static final String REQUESTS = "gateway_requests_total";
    /** {@code gateway_request_duration_seconds{route,variant,provider}}: intake to response, histogram. */
    public static final String REQUEST_DURATION = "gateway_request_duration_seconds";
    /** {@code gateway_inference_stage_seconds{provider,stage}}: one stage of one page, histogram. */
    public static final String STAGE_DURATION = "gateway_inference_stage_seconds";
    /** {@code gateway_inference_queue_depth}: local reads waiting for an inference thread. */
    public static final String QUEUE_DEPTH = "gateway_inference_queue_depth";
    /** {@code gateway_inference_queue_capacity}: reads that may wait; past it, 503 {@code overloaded}. */
    public static final String QUEUE_CAPACITY = "gateway_inference_queue_capacity";
    /** {@code gateway_inference_busy_threads}: inference threads running a read (PDF pages are drawn there). */
    public static final String INFERENCE_BUSY = "gateway_inference_busy_threads";
    /** {@code gateway_decode_busy_threads}: decode-pool threads decoding now. */
    public static final String DECODE_BUSY = "gateway_decode_busy_threads";
    /** {@code gateway_provider_calls_total{provider,outcome}}: calls to a provider, shadow and cascade included. */
    public static final String PROVIDER_CALLS = "gateway_provider_calls_total";
    /** {@code gateway_provider_retries_total{provider}}: attempts after the first, cloud providers. */
    public static final String PROVIDER_RETRIES = "gateway_provider_retries_total";
    /** {@code gateway_circuit_state{provider}}: 0 closed, 1 half-open, 2 open. */
    public static final String CIRCUIT_STATE = "gateway_circuit_state";
    /** {@code gateway_shadow_agreement{route,variant}}: mean text agreement of the last shadow comparisons. */
    public static final String SHADOW_AGREEMENT = "gateway_shadow_agreement";
    /** {@code gateway_escalations_total{route}}: pages the cascade re-read with another provider. */
    public static final String ESCALATIONS = "gateway_escalations_total";
    /** {@code gateway_fallbacks_total{route,from,to}}: requests a fallback provider served. */
    public static final String FALLBACKS = "gateway_fallbacks_total";
    /** {@code gateway_canary_rollbacks_total{route}}: canaries the guard took out of traffic. */
    public static final String CANARY_ROLLBACKS = "gateway_canary_rollbacks_total";
    /** {@code gateway_pages_total{provider}}: pages providers read. */
    public static final String PAGES = "gateway_pages_total";
    /** {@code gateway_estimated_cost_usd_total{provider}}: pages read × the provider's price per page. */
    public static final String COST = "gateway_estimated_cost_usd_total";
    /** {@code gateway_policy_version}: the routing policy version this replica serves. */
    public static final String POLICY_VERSION = "gateway_policy_version";

    /** {@code gateway_region_header_ignored_total}: {@code X-Region} headers ignored, their sender not trusted. */
    public static final String REGION_HEADER_IGNORED = "gateway_region_header_ignored_total";

    /** Every series above, as Prometheus names them (histograms by their base name). */
    public static final List<String> SERIES = List.of(REQUESTS, REQUEST_DURATION, STAGE_DURATION, QUEUE_DEPTH,
            QUEUE_CAPACITY, INFERENCE_BUSY, DECODE_BUSY, PROVIDER_CALLS, PROVIDER_RETRIES, CIRCUIT_STATE,
            SHADOW_AGREEMENT, ESCALATIONS, FALLBACKS, CANARY_ROLLBACKS, PAGES, COST, POLICY_VERSION,
            REGION_HEADER_IGNORED);

    /** Comparisons the agreement gauge averages over. */
    static final int AGREEMENT_WINDOW = 100;

    /** 1 ms to 60 s, about three buckets per decade: OCR takes from milliseconds (cache, tiny crop) to a minute. */
    static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final PrometheusMeterRegistry registry;
    private final ProviderPrices prices;
    private final Map<List<String>, AgreementWindow> agreements = new ConcurrentHashMap<>();
    /** The provider instance each id's series read, and the meters that read it. */
    private final Map<String, OcrProvider> watched = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> protection = new ConcurrentHashMap<>();
    private final Counter regionHeaderIgnored;
    private final TenantLabels tenants = new TenantLabels();
    private JvmGcMetrics gc;

    public GatewayMetrics(ProviderPrices prices) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.prices = prices;
        // Registered at 0, so an alert on its increase has a series from the start.
        this.regionHeaderIgnored = Counter.builder(name(REGION_HEADER_IGNORED)).register(registry);
    }

    /** Adds the JVM's (memory, GC, threads, classes) and the process's (CPU, uptime, files) metrics; once. */
    public synchronized GatewayMetrics withJvmAndProcess() {
        if (gc == null) {
            gc = new JvmGcMetrics();
            gc.bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            new FileDescriptorMetrics().bindTo(registry);
        }
        return this;
    }

    /** The registry Vert.x reports to as well. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** What each provider's pages cost, as {@code gateway_estimated_cost_usd_total} counts them. */
    public ProviderPrices prices() {
        return prices;
    }

    /** The Prometheus text exposition of every series. */
    public String scrape() {
        return registry.scrape();
    }

    /** One answered analyze request; {@code outcome} is {@code ok} or the error code the caller got. */
    public void request(String tenant, String route, String variant, String provider, String outcome,
                        Duration took) {
        Counter.builder(name(REQUESTS)).tags("tenant", tenants.label(tenant), "route", route, "variant", variant,
                "provider", provider, "outcome", outcome).register(registry).increment();
        histogram(REQUEST_DURATION, "route", route, "variant", variant, "provider", provider).record(took);
    }

    /** One stage of one page of a local read. */
    public void stage(String provider, String stage, Duration took) {
        histogram(STAGE_DURATION, "provider", provider, "stage", stage).record(took);
    }

    /** One provider call finished; a successful one counts its pages and what they cost. */
    public void providerCall(String provider, String outcome, int pagesRead) {
        Counter.builder(name(PROVIDER_CALLS)).tags("provider", provider, "outcome", outcome).register(registry)
                .increment();
        Counter pages = Counter.builder(name(PAGES)).tag("provider", provider).register(registry);
        Counter cost = Counter.builder(name(COST)).tag("provider", provider).register(registry);
        if (pagesRead > 0) {
            pages.increment(pagesRead);
            cost.increment(pagesRead * prices.perPage(provider));
        }
    }

    public void shadowAgreement(String route, String variant, double agreement) {
        agreements.computeIfAbsent(List.of(route, variant), key -> {
            AgreementWindow window = new AgreementWindow(AGREEMENT_WINDOW);
            Gauge.builder(name(SHADOW_AGREEMENT), window, AgreementWindow::mean)
                    .tags("route", route, "variant", variant).strongReference(true).register(registry);
            return window;
        }).add(agreement);
    }

    public void escalations(String route, int pages) {
        Counter.builder(name(ESCALATIONS)).tag("route", route).register(registry).increment(pages);
    }

    public void fallback(String route, String from, String to) {
        Counter.builder(name(FALLBACKS)).tags("route", route, "from", from, "to", to).register(registry)
                .increment();
    }

    /** A request's {@code X-Region} was ignored: its sender is not a trusted proxy. */
    public void regionHeaderIgnored() {
        regionHeaderIgnored.increment();
    }

    public void canaryRollback(String route) {
        Counter.builder(name(CANARY_ROLLBACKS)).tag("route", route).register(registry).increment();
    }

    /** Exports the pool's queue depth, capacity and busy threads. */
    public void watch(InferencePool pool) {
        Gauge.builder(name(QUEUE_DEPTH), pool, InferencePool::queueDepth).strongReference(true).register(registry);
        Gauge.builder(name(QUEUE_CAPACITY), pool, InferencePool::capacity).strongReference(true).register(registry);
        Gauge.builder(name(INFERENCE_BUSY), pool, InferencePool::active).strongReference(true).register(registry);
    }

    /** Exports the version of the routing policy in force, read when scraped: replicas that differ show here. */
    public void watchPolicy(LongSupplier version) {
        Gauge.builder(name(POLICY_VERSION), version, LongSupplier::getAsLong).strongReference(true)
                .register(registry);
    }

    /** Exports the decode pool's busy threads: work past its deadline shows here until it stops. */
    public void watch(DecodePool pool) {
        Gauge.builder(name(DECODE_BUSY), pool, DecodePool::running).strongReference(true).register(registry);
    }

    /**
     * Exports a cloud provider's retries and circuit state, read from its protection when scraped; a provider
     * without protection (the local engine) has neither. Called for each provider the gateway builds, so its series
     * exist before its first call, and again by every call (nothing to do unless the instance changed), so a
     * provider a policy change adds or rebuilds is followed too.
     */
    public void watch(String providerId, OcrProvider provider) {
        if (watched.get(providerId) == provider) {
            return;
        }
        synchronized (watched) {
            if (watched.put(providerId, provider) == provider) {
                return;
            }
            Counter.builder(name(PROVIDER_CALLS)).tags("provider", providerId, "outcome", "ok").register(registry);
            Counter.builder(name(PAGES)).tag("provider", providerId).register(registry);
            Counter.builder(name(COST)).tag("provider", providerId).register(registry);
            List<Meter> before = protection.remove(providerId);
            if (before != null) {
                before.forEach(registry::remove); // they read the instance the policy no longer uses
            }
            if (provider instanceof ResilientProvider resilient) {
                protection.put(providerId, List.of(
                        FunctionCounter.builder(name(PROVIDER_RETRIES), resilient, p -> p.stats().retries())
                                .tag("provider", providerId).register(registry),
                        Gauge.builder(name(CIRCUIT_STATE), resilient, p -> circuitValue(p.breakerState()))
                                .tag("provider", providerId).register(registry)));
            }
        }
    }

    static double circuitValue(ResilienceStats.BreakerState state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    @Override
    public synchronized void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }

    private Timer histogram(String series, String... tags) {
        return Timer.builder(name(series)).tags(tags)
                .serviceLevelObjectives(BUCKETS)
                .minimumExpectedValue(BUCKETS[0])
                .maximumExpectedValue(BUCKETS[BUCKETS.length - 1])
                .register(registry);
    }

    /**
     * The Micrometer name that the Prometheus naming convention turns back into {@code series}: dots for
     * underscores, without the {@code _total} and {@code _seconds} it adds for counters and timers.
     */
    public static String name(String series) {
        String base = series;
        for (String suffix : List.of("_total", "_seconds")) {
            if (base.endsWith(suffix)) {
                base = base.substring(0, base.length() - suffix.length());
            }
        }
        return base.replace('_', '.');
    }

    /** The mean of the last {@code size} values; NaN before the first (no comparison yet). */
    static final class AgreementWindow {
        private final double[] values;
        private int count;
        private int next;

        AgreementWindow(int size) {
            this.values = new double[size];
        }

        synchronized void add(double value) {
            values[next] = value;
            next = (next + 1) % values.length;
            count = Math.min(count + 1, values.length);
        }

        synchronized double mean() {
            if (count == 0) {
                return Double.NaN;
            }
            double sum = 0;
            for (int i = 0; i < count; i++) {
                sum += values[i];
            }
            return sum / count;
        }
    }
}
