package org.freerpacapture.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.freerpacapture.gateway.execute.PolicyExecutor;
import org.freerpacapture.gateway.execute.PolicySnapshot;
import org.freerpacapture.gateway.execute.ShadowReader;
import org.freerpacapture.gateway.observability.ExecutionHooks;
import org.freerpacapture.gateway.routing.CanaryWatch;
import org.freerpacapture.gateway.routing.PolicyChange;
import org.freerpacapture.gateway.routing.PolicyFile;
import org.freerpacapture.gateway.routing.PolicyStore;
import org.freerpacapture.gateway.routing.Residency;
import org.freerpacapture.gateway.routing.RoutingPolicy;
import org.freerpacapture.gateway.routing.RoutingStats;
import org.freerpacapture.gateway.tenants.UsageLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Routing as it runs: the {@link PolicyStore}, the provider instances of the policy in force, the live statistics,
 * the executor that serves requests by them, and the canary watch. Every accepted policy change, whoever makes it
 * (an operator, a guard breach), swaps in a new {@link PolicySnapshot} before the change call returns, is saved
 * to the policy file when there is one, and lets providers no longer named be closed.
 *
 * <p>Changes run their listeners on the calling thread and those block (building providers, writing the file), so
 * every change runs on the named worker pool {@value #CHANGES_POOL} through {@link #change}: the admin API's and
 * the canary watch's alike. When replicas share the policy through the policy topic, a change made there waits on
 * that pool until it is read back, and the listeners run on the topic's reader thread instead.
 */
public final class LiveRouting implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRouting.class);
    public static final String CHANGES_POOL = "routing-changes";
    /** How often live canaries are judged. */
    public static final Duration WATCH_PERIOD = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final WorkerExecutor changes;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile long watchTimer = -1;

    private final PolicyStore store;
    private final RoutingStats stats;
    private final ProviderRegistry providers;
    private final AtomicReference<PolicySnapshot> snapshot;
    private final PolicyExecutor executor;
    private final CanaryWatch watch;
    private final Optional<Path> policyFile;
    private final ExecutionHooks hooks;
    private final UsageLedger usage;

    /**
     * @param initial    a valid policy (see {@link #initialPolicy}); its providers must all be makeable
     * @param policyFile where accepted changes are saved, if anywhere
     */
    public LiveRouting(Vertx vertx, RoutingPolicy initial, ProviderRegistry providers, Optional<Path> policyFile,
                       ShadowReader shadows, Clock clock) {
        this(vertx, initial, providers, policyFile, shadows, clock, ExecutionHooks.NONE);
    }

    /** @param hooks observability's view of requests, provider calls and canary rollbacks */
    public LiveRouting(Vertx vertx, RoutingPolicy initial, ProviderRegistry providers, Optional<Path> policyFile,
                       ShadowReader shadows, Clock clock, ExecutionHooks hooks) {
        this(vertx, initial, providers, policyFile, shadows, clock, hooks, Residency.NONE);
    }

    /**
     * @param residency where documents of bound regions may go: every policy, the initial one included, must keep
     *                  it, judged by where {@code providers} says each provider sends documents
     */
    public LiveRouting(Vertx vertx, RoutingPolicy initial, ProviderRegistry providers, Optional<Path> policyFile,
                       ShadowReader shadows, Clock clock, ExecutionHooks hooks, Residency residency) {
        this(vertx, initial, providers, policyFile, shadows, clock, hooks, residency, UsageLedger.unlimited());
    }

    /** @param usage each tenant's pages and cloud spend, against its plan's quotas and budget */
    public LiveRouting(Vertx vertx, RoutingPolicy initial, ProviderRegistry providers, Optional<Path> policyFile,
                       ShadowReader shadows, Clock clock, ExecutionHooks hooks, Residency residency,
                       UsageLedger usage) {
        this.vertx = vertx;
        this.usage = usage;
        this.hooks = hooks;
        this.store = new PolicyStore(initial, clock, PolicyStore.DEFAULT_HISTORY_LIMIT,
                policy -> residency.check(policy, providers::destination));
        this.stats = new RoutingStats(clock);
        this.providers = providers;
        this.policyFile = policyFile;
        this.snapshot = new AtomicReference<>(providers.snapshot(store.current()));
        this.executor = new PolicyExecutor(vertx, snapshot::get, stats, shadows, hooks, usage);
        this.watch = new CanaryWatch(store, stats);
        store.onChange(this::applied);
        this.changes = vertx.createSharedWorkerExecutor(CHANGES_POOL, 2);
    }

    /** Runs blocking policy work (a change, a provider build) on {@value #CHANGES_POOL}, unordered. */
    public <T> Future<T> change(Callable<T> work) {
        return changes.executeBlocking(work, false);
    }

    /**
     * Judges every live canary each {@link #WATCH_PERIOD} on {@value #CHANGES_POOL}; a check still running
     * when the next is due makes that one skip.
     */
    public void startWatch() {
        watchTimer = vertx.setPeriodic(WATCH_PERIOD.toMillis(), id -> {
            if (!checking.compareAndSet(false, true)) {
                return;
            }
            change(watch::check)
                    .onComplete(ar -> checking.set(false))
                    .onSuccess(rolledBack -> rolledBack.forEach(r -> {
                        hooks.canaryRolledBack(r.route());
                        LOG.warn("canary {} of route {} rolled back by its guard (version {}): {}", r.variant(),
                                r.route(), r.version(), r.breach().message());
                    }))
                    .onFailure(e -> LOG.error("canary check failed", e));
        });
    }

    /**
     * The policy to start with: the file's when it exists (a file that cannot be read or is invalid stops the
     * start: {@link org.freerpacapture.gateway.routing.PolicyFileException} names the file and every error);
     * otherwise the default policy serving {@code defaultProvider}, written to the file when one is named.
     * Blocking file IO.
     */
    public static RoutingPolicy initialPolicy(Optional<Path> file, String defaultProvider) throws IOException {
        if (file.isPresent() && Files.exists(file.get())) {
            RoutingPolicy loaded = PolicyFile.load(file.get());
            LOG.info("routing policy version {} loaded from {}", loaded.version(), file.get());
            return loaded;
        }
        RoutingPolicy fallback = defaultPolicy(defaultProvider);
        if (file.isPresent()) {
            PolicyFile.save(file.get(), fallback);
            LOG.info("no routing policy at {}: wrote the default policy there", file.get());
        }
        return fallback;
    }

    /** The built-in default policy, its one variant served by {@code defaultProvider} when it is a local model. */
    static RoutingPolicy defaultPolicy(String defaultProvider) {
        RoutingPolicy base = RoutingPolicy.defaultPolicy();
        if (!base.providers().containsKey(defaultProvider)) {
            return base;
        }
        List<RoutingPolicy.Route> routes = new ArrayList<>();
        for (RoutingPolicy.Route r : base.routes()) {
            routes.add(r.withVariants(r.variants().stream()
                    .map(v -> new RoutingPolicy.Variant(v.name(), defaultProvider, v.weight())).toList()));
        }
        return new RoutingPolicy(base.version(), base.providers(), routes);
    }

    public PolicyStore store() {
        return store;
    }

    public RoutingStats stats() {
        return stats;
    }

    public ProviderRegistry providers() {
        return providers;
    }

    /** Each tenant's pages and cloud spend this day and month. */
    public UsageLedger usage() {
        return usage;
    }

    public PolicyExecutor executor() {
        return executor;
    }

    public CanaryWatch watch() {
        return watch;
    }

    /** The policy and provider instances new requests get. */
    public PolicySnapshot snapshot() {
        return snapshot.get();
    }

    public Optional<Path> policyFile() {
        return policyFile;
    }

    @Override
    public void close() {
        if (watchTimer >= 0) {
            vertx.cancelTimer(watchTimer);
        }
        changes.close();
        providers.close();
    }

    /** Runs under the store's write lock, in version order, before the change call (or install) returns. */
    private void applied(PolicyChange change) {
        RoutingPolicy now = store.current();
        snapshot.set(providers.snapshot(now));
        providers.retire(now);
        LOG.info("routing policy version {} in force ({} by {}{}): {}", now.version(), change.action(),
                change.actor(), change.reason().isEmpty() ? "" : ", " + change.reason(), change.changes());
        save();
    }

    /** Writes the policy in force to the policy file, if there is one; blocking file IO. */
    public void save() {
        RoutingPolicy now = store.current();
        policyFile.ifPresent(path -> {
            try {
                PolicyFile.save(path, now);
            } catch (IOException e) {
                LOG.error("routing policy version {} is in force but could not be saved to {}: {}", now.version(),
                        path, e.toString());
            }
        });
    }
}
