package org.freerpacapture.gateway.tenants;

import org.freerpacapture.gateway.http.ApiException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Pages read and estimated cloud spend per tenant, this UTC day and month, against each tenant's plan.
 *
 * <p>Called on event loops: each tenant's usage is one immutable {@link Usage} swapped by compare-and-set, so
 * counting never takes a lock and never waits for another tenant. Pages count once a request is answered (the
 * quota is checked before the request does any work, so a request may overshoot by its own pages); spend counts
 * each successful call of a priced provider, whatever made it (variant, fallback, cascade, shadow).
 */
public final class UsageLedger {

    private final Supplier<TenantPlans> plans;
    private final ToDoubleFunction<String> pricePerPage;
    private final Clock clock;
    private final Map<String, AtomicReference<Usage>> accounts = new ConcurrentHashMap<>();
    /** Bumped on every change, so the usage file is written only when something changed. */
    private final AtomicLong changes = new AtomicLong();
    private volatile UsageListener listener = UsageListener.NONE;

    /**
     * @param plans        the plans in force, read on every check (so a reloaded plans file applies at once)
     * @param pricePerPage a provider id's price per page in US dollars, 0 when it costs nothing
     */
    public UsageLedger(Supplier<TenantPlans> plans, ToDoubleFunction<String> pricePerPage, Clock clock) {
        this.plans = Objects.requireNonNull(plans, "plans");
        this.pricePerPage = Objects.requireNonNull(pricePerPage, "pricePerPage");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every tenant unlimited, every provider free: counts, limits nothing. */
    public static UsageLedger unlimited() {
        return new UsageLedger(() -> TenantPlans.NONE, id -> 0, Clock.systemUTC());
    }

    /** Where pages and spend are reported as they are counted (metrics); one listener. */
    public void listen(UsageListener newListener) {
        this.listener = Objects.requireNonNull(newListener, "listener");
    }

    public TenantPlans plans() {
        return plans.get();
    }

    public double pricePerPage(String providerId) {
        return pricePerPage.applyAsDouble(providerId);
    }

    /** Why {@code tenant} may not start a request now: a page quota spent; empty when it may. */
    public Optional<ApiException> quotaRefusal(String tenant) {
        TenantPlans.Plan plan = plans.get().plan(tenant);
        if (plan.pagesPerDay() == null && plan.pagesPerMonth() == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Usage used = usage(tenant, today(now));
        if (plan.pagesPerMonth() != null && used.pagesThisMonth() >= plan.pagesPerMonth()) {
            return Optional.of(LimitExceeded.quota("tenant '" + tenant + "' has read its " + plan.pagesPerMonth()
                    + " pages of this month (UTC); the quota renews on the 1st", untilNextMonth(now)));
        }
        if (plan.pagesPerDay() != null && used.pagesToday() >= plan.pagesPerDay()) {
            return Optional.of(LimitExceeded.quota("tenant '" + tenant + "' has read its " + plan.pagesPerDay()
                    + " pages of today (UTC); the quota renews at midnight UTC", untilNextDay(now)));
        }
        return Optional.empty();
    }

    /** Whether {@code tenant} has a cloud budget and has spent it this month. */
    public boolean budgetExhausted(String tenant) {
        Double budget = plans.get().plan(tenant).cloudBudgetPerMonth();
        return budget != null && usage(tenant).spentNanoUsd() >= Usage.nanoUsd(budget);
    }

    /** Until the budget renews: the start of the next UTC month. */
    public Duration untilBudgetRenews() {
        return untilNextMonth(clock.instant());
    }

    /** Counts the pages of an answered request. */
    public void pagesRead(String tenant, int pages) {
        if (pages <= 0) {
            return;
        }
        LocalDate today = today(clock.instant());
        account(tenant).updateAndGet(u -> u.on(today).plusPages(pages));
        changes.incrementAndGet();
        listener.pages(tenant, pages);
    }

    /** Counts what {@code pages} read by {@code providerId} cost; free providers cost nothing and are not counted. */
    public void spent(String tenant, String providerId, int pages) {
        double price = pricePerPage(providerId);
        if (pages <= 0 || !(price > 0)) {
            return;
        }
        long cost = Usage.nanoUsd(price) * pages;
        LocalDate today = today(clock.instant());
        account(tenant).updateAndGet(u -> u.on(today).plusSpend(cost));
        changes.incrementAndGet();
        listener.spent(tenant, cost / Usage.NANOS_PER_USD);
    }

    /** What {@code tenant} used today and this month. */
    public Usage usage(String tenant) {
        return usage(tenant, today(clock.instant()));
    }

    /** Every tenant that used anything, with its usage as of now, by tenant id. */
    public Map<String, Usage> all() {
        LocalDate today = today(clock.instant());
        Map<String, Usage> out = new TreeMap<>();
        accounts.forEach((tenant, usage) -> out.put(tenant, usage.get().on(today)));
        return out;
    }

    /** Takes up the usage saved before a restart; what was counted since is kept and added to it. */
    public void restore(Map<String, Usage> saved) {
        LocalDate today = today(clock.instant());
        saved.forEach((tenant, before) -> account(tenant).updateAndGet(now -> merge(before.on(today), now.on(today))));
        changes.incrementAndGet();
    }

    /** A number that changes whenever usage does. */
    public long changes() {
        return changes.get();
    }

    private static Usage merge(Usage a, Usage b) {
        return new Usage(a.day(), a.pagesToday() + b.pagesToday(), a.pagesThisMonth() + b.pagesThisMonth(),
                a.spentNanoUsd() + b.spentNanoUsd());
    }

    private Usage usage(String tenant, LocalDate today) {
        AtomicReference<Usage> usage = accounts.get(tenant);
        return usage == null ? Usage.none(today) : usage.get().on(today);
    }

    private AtomicReference<Usage> account(String tenant) {
        AtomicReference<Usage> usage = accounts.get(tenant);
        return usage != null ? usage
                : accounts.computeIfAbsent(tenant, t -> new AtomicReference<>(Usage.none(today(clock.instant()))));
    }

    private static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    static Duration untilNextDay(Instant now) {
        return Duration.between(now, today(now).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    static Duration untilNextMonth(Instant now) {
        return Duration.between(now, today(now).withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant());
    }
}
