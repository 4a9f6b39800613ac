package org.freerpacapture.gateway.execute;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.freerpacapture.gateway.observability.ExecutionHooks;
import org.freerpacapture.gateway.routing.BudgetState;
import org.freerpacapture.gateway.routing.Plan;
import org.freerpacapture.gateway.routing.RequestAttributes;
import org.freerpacapture.gateway.routing.Router;
import org.freerpacapture.gateway.routing.RoutingPolicy;
import org.freerpacapture.gateway.routing.RoutingStats;
import org.freerpacapture.gateway.routing.VariantStats;
import org.freerpacapture.gateway.tenants.LimitExceeded;
import org.freerpacapture.gateway.tenants.UsageLedger;
import org.freerpacapture.ocr.Deadline;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.ProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Executes a request as the routing policy says: route → primary → fallback → (shadow) → cascade → respond.
 *
 * <ol>
 *   <li><b>Route</b>: the policy snapshot is read once; the request keeps it to the end, so a policy change
 *   applies to requests that start after it and never to one in flight.</li>
 *   <li><b>Primary</b>: the plan's provider, bound by the request's deadline (by {@value
 *   #PRIMARY_SHARE_WITH_FALLBACK} of the time left when there is a fallback). Its latency and whether it failed
 *   go to the route and variant's statistics, which the canary guard judges.</li>
 *   <li><b>Fallback</b>: when the primary fails (any error, timeout or open circuit), the plan's fallback
 *   providers are tried in order, skipping those whose circuit is open; the response names
 *   {@code fallbackFrom}.</li>
 *   <li><b>Cascade</b>: pages whose mean line confidence is below {@code minConfidence} are re-read, alone, by
 *   {@code escalateTo} and replaced; if that fails the first reading stands.</li>
 *   <li><b>Shadow</b>: when the plan samples one and the primary answered, a copy goes to the shadow provider
 *   through {@link ShadowReader} once the primary has answered, and is never waited for.</li>
 * </ol>
 *
 * <p>Every request is counted in the {@link UsageLedger} under its tenant: its pages once answered, and what each
 * successful call of a priced provider cost, shadow reads included. A tenant whose cloud budget is spent is routed
 * without paid providers (see {@link Router}); a route that refuses then answers 402 {@code budget_exhausted}.
 */
public final class PolicyExecutor implements RequestExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyExecutor.class);

    /**
     * The share of the time left that the primary may spend when the plan has a fallback, so that a primary that
     * times out still leaves its fallback time to answer.
     */
    public static final double PRIMARY_SHARE_WITH_FALLBACK = 0.7;

    private final Vertx vertx;
    private final Supplier<PolicySnapshot> policy;
    private final Router router = new Router();
    private final RoutingStats stats;
    private final ShadowReader shadows;
    private final ExecutionHooks hooks;
    private final LongAdder escalationFailures = new LongAdder();
    private final UsageLedger ledger;

    /**
     * @param policy the snapshot in force; read once per request
     * @param stats  where every request's outcome is recorded, per route and variant
     */
    public PolicyExecutor(Vertx vertx, Supplier<PolicySnapshot> policy, RoutingStats stats, ShadowReader shadows) {
        this(vertx, policy, stats, shadows, ExecutionHooks.NONE);
    }

    /** @param hooks observability's view of the plan and of every provider call */
    public PolicyExecutor(Vertx vertx, Supplier<PolicySnapshot> policy, RoutingStats stats, ShadowReader shadows,
                          ExecutionHooks hooks) {
        this(vertx, policy, stats, shadows, hooks, UsageLedger.unlimited());
    }

    /** @param ledger each tenant's pages and spend, and what its plan allows */
    public PolicyExecutor(Vertx vertx, Supplier<PolicySnapshot> policy, RoutingStats stats, ShadowReader shadows,
                          ExecutionHooks hooks, UsageLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.shadows = Objects.requireNonNull(shadows, "shadows");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
    }

    /** The first reading and, when a fallback made it, the provider that failed before. */
    private record Served(OcrResult result, String fallbackFrom) {
    }

    @Override
    public Future<Void> admit(String tenant) {
        return ledger.quotaRefusal(tenant).<Future<Void>>map(Future::failedFuture)
                .orElseGet(Future::succeededFuture);
    }

    @Override
    public Future<Outcome> execute(OcrRequest request, RequestInfo info) {
        PolicySnapshot snapshot = policy.get();
        String tenant = info.tenant();
        Plan plan;
        try {
            plan = router.route(snapshot.policy(), attributes(info), budget(snapshot, tenant));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        hooks.routed(plan);
        if (plan.refusedOverBudget()) {
            return Future.failedFuture(RoutedFailure.of(plan,
                    LimitExceeded.budget(plan.budget().reason(), ledger.untilBudgetRenews())));
        }
        VariantStats variant = stats.of(plan.route(), plan.variant());
        return primary(snapshot, plan, request, variant, tenant)
                .recover(failure -> fallback(snapshot, plan, request, failure, variant, tenant))
                .onSuccess(served -> shadow(snapshot, plan, request, served, variant, tenant))
                .compose(served -> cascade(snapshot, plan, request, served, variant, tenant))
                .onSuccess(outcome -> ledger.pagesRead(tenant, info.pageCount()))
                .recover(failure -> Future.failedFuture(RoutedFailure.of(plan, failure)));
    }

    /** The tenant's budget as routing needs it; which providers are paid is only worked out once it is spent. */
    private BudgetState budget(PolicySnapshot snapshot, String tenant) {
        if (!ledger.budgetExhausted(tenant)) {
            return BudgetState.AVAILABLE;
        }
        Set<String> paid = new HashSet<>();
        snapshot.policy().providers().forEach((id, spec) -> {
            if (!Router.LOCAL_KIND.equals(spec.kind()) && ledger.pricePerPage(id) > 0) {
                paid.add(id);
            }
        });
        return BudgetState.exhausted(paid);
    }

    /** Pages the cascade could not re-read since start (the first reading was kept). */
    public long escalationFailures() {
        return escalationFailures.sum();
    }

    public ShadowReader shadows() {
        return shadows;
    }

    private Future<Served> primary(PolicySnapshot snapshot, Plan plan, OcrRequest request, VariantStats variant,
                                   String tenant) {
        OcrRequest attempt = request;
        if (!plan.fallback().isEmpty()) {
            long shareNanos = (long) (request.deadline().remaining().toNanos() * PRIMARY_SHARE_WITH_FALLBACK);
            attempt = request.attempt(Deadline.after(Duration.ofNanos(shareNanos)));
        }
        long start = System.nanoTime();
        // A local provider reading for a paid variant is not that variant: its canary guard must not judge it.
        boolean asVariant = plan.budget() == null || !plan.budget().primary();
        return call(snapshot, plan.provider(), attempt, tenant)
                .andThen(ar -> {
                    if (asVariant) {
                        variant.recordRequest(Duration.ofNanos(System.nanoTime() - start), ar.failed());
                    }
                })
                .map(result -> new Served(result, null));
    }

    private Future<Served> fallback(PolicySnapshot snapshot, Plan plan, OcrRequest request, Throwable failure,
                                    VariantStats variant, String tenant) {
        LOG.debug("request {}: {} failed: {}", request.requestId(), plan.provider(), failure.toString());
        if (plan.fallback().isEmpty()) {
            return Future.failedFuture(failure);
        }
        Future<OcrResult> attempt = Future.failedFuture(failure);
        for (String id : plan.fallback()) {
            attempt = attempt.recover(previous -> {
                OcrProvider provider = snapshot.providers().get(id);
                if (provider == null || ProviderCalls.circuitOpen(provider)) {
                    return Future.failedFuture(previous);
                }
                return call(snapshot, id, request, tenant);
            });
        }
        return attempt.map(result -> {
            variant.recordFallback();
            return new Served(result, plan.provider());
        });
    }

    private Future<Outcome> cascade(PolicySnapshot snapshot, Plan plan, OcrRequest request, Served served,
                                    VariantStats variant, String tenant) {
        Outcome plain = new Outcome(served.result(), plan.route(), plan.variant(), false, List.of(),
                served.fallbackFrom(), plan.budget());
        if (plan.cascade().isEmpty()) {
            return Future.succeededFuture(plain);
        }
        RoutingPolicy.Cascade cascade = plan.cascade().get();
        String escalateTo = cascade.escalateTo();
        Set<Integer> weak = served.result().pages().stream()
                .filter(p -> p.meanLineConfidence() < cascade.minConfidence())
                .map(Page::pageNumber)
                .collect(Collectors.toSet());
        if (weak.isEmpty() || escalateTo.equals(served.result().provider().id())) {
            return Future.succeededFuture(plain);
        }
        List<PageImage> subset = request.document().pages().stream()
                .filter(p -> weak.contains(p.pageNumber()))
                .toList();
        long start = System.nanoTime();
        return call(snapshot, escalateTo, request.withDocument(request.document().withPages(subset)), tenant)
                .map(reread -> merge(plain, reread, weak, (System.nanoTime() - start) / 1e6, variant))
                .recover(e -> {
                    escalationFailures.add(weak.size());
                    LOG.debug("request {}: cascade to {} failed, keeping the first reading: {}",
                            request.requestId(), escalateTo, e.toString());
                    return Future.succeededFuture(plain);
                });
    }

    /** The first reading with its weak pages replaced by the re-read ones (those the re-read returned). */
    private static Outcome merge(Outcome first, OcrResult reread, Set<Integer> weak, double escalateMs,
                                 VariantStats variant) {
        Map<Integer, Page> better = reread.pages().stream()
                .filter(p -> weak.contains(p.pageNumber()))
                .collect(Collectors.toMap(Page::pageNumber, Function.identity(), (a, b) -> a));
        List<Page> pages = new ArrayList<>();
        List<Integer> replaced = new ArrayList<>();
        for (Page p : first.result().pages()) {
            Page r = better.get(p.pageNumber());
            pages.add(r != null ? r : p);
            if (r != null) {
                replaced.add(p.pageNumber());
            }
        }
        if (replaced.isEmpty()) {
            return first;
        }
        variant.recordEscalations(replaced.size());
        Map<String, Double> timings = new LinkedHashMap<>(first.result().timingsMs());
        timings.put("escalate", escalateMs);
        OcrResult merged = new OcrResult(first.result().provider(), pages, timings);
        return new Outcome(merged, first.route(), first.variant(), true, replaced, first.fallbackFrom(),
                first.budget());
    }

    private void shadow(PolicySnapshot snapshot, Plan plan, OcrRequest request, Served served,
                        VariantStats variant, String tenant) {
        if (plan.shadow().isEmpty() || served.fallbackFrom() != null) {
            return; // only the variant's own reading is worth comparing
        }
        String id = plan.shadow().get();
        shadows.read(plan, snapshot.providers().get(id), request, served.result(), variant,
                shadow -> ledger.spent(tenant, id, shadow.pages().size()));
    }

    /** Calls provider {@code id}; a successful call counts what it cost under {@code tenant}. */
    private Future<OcrResult> call(PolicySnapshot snapshot, String id, OcrRequest request, String tenant) {
        OcrProvider provider = snapshot.providers().get(id);
        if (provider == null) {
            return Future.failedFuture(new ProviderException(ProviderException.Kind.UNAVAILABLE, id,
                    "provider " + id + " is not available in this gateway"));
        }
        return ProviderCalls.call(vertx, hooks, id, provider, request)
                .onSuccess(result -> ledger.spent(tenant, id, result.pages().size()));
    }

    /** What the router matches on. */
    static RequestAttributes attributes(RequestInfo info) {
        return new RequestAttributes(info.task(), info.region(), first(info.headers()), first(info.query()),
                info.contentType(), info.pageCount(), info.requestId(), info.tenant());
    }

    private static Map<String, String> first(Map<String, List<String>> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k, v.get(0));
            }
        });
        return out;
    }
}
