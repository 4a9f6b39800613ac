package org.freerpacapture.gateway.tenants;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The token buckets of every tenant and key: requests a second and pages a second, each per tenant and per key,
 * as the tenants' plans say. Per replica: with N replicas behind a balancer, each holds its own buckets, so a
 * fleet-wide limit is set as its per-replica share (docs/tenants.md).
 */
public final class RateLimits {

    /** What a bucket counts. */
    enum Measure { REQUESTS, PAGES }

    /**
     * A check's outcome, for the answer's {@code RateLimit-*} headers: the tightest bucket's burst, what it has
     * left and when it is full again, and, when refused, how long to wait.
     */
    public record Verdict(boolean allowed, long limit, long remaining, long resetSeconds, Duration retryAfter,
                          String what) {

        static final Verdict UNLIMITED = new Verdict(true, -1, -1, 0, Duration.ZERO, "");

        public boolean limited() {
            return limit >= 0;
        }
    }

    private final LongSupplier nanos;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private volatile TenantPlans plans;

    public RateLimits(TenantPlans plans) {
        this(plans, System::nanoTime);
    }

    RateLimits(TenantPlans plans, LongSupplier nanos) {
        this.plans = plans;
        this.nanos = nanos;
    }

    /** New plans: buckets start again, full, at the new rates. */
    public void replace(TenantPlans next) {
        plans = next;
        buckets.clear();
    }

    /** One request of {@code caller}, before its body is read. */
    public Verdict admitRequest(Caller caller) {
        TenantPlans.Plan plan = plans.plan(caller.tenant());
        return admit(caller, Measure.REQUESTS, 1, plan.requestsPerSecond(), plan.perKey().requestsPerSecond());
    }

    /** {@code pages} pages of {@code caller}, once decoded. */
    public Verdict admitPages(Caller caller, int pages) {
        TenantPlans.Plan plan = plans.plan(caller.tenant());
        return admit(caller, Measure.PAGES, pages, plan.pagesPerSecond(), plan.perKey().pagesPerSecond());
    }

    /** Forgets full buckets, which are the same as new ones: keeps memory to the callers of the last moments. */
    public void sweep() {
        long now = nanos.getAsLong();
        buckets.values().removeIf(b -> b.full(now));
    }

    int buckets() {
        return buckets.size();
    }

    private Verdict admit(Caller caller, Measure measure, int n, TenantPlans.Rate tenantRate,
                          TenantPlans.Rate keyRate) {
        if (tenantRate == null && keyRate == null) {
            return Verdict.UNLIMITED;
        }
        long now = nanos.getAsLong();
        List<Held> held = new ArrayList<>(2);
        Optional.ofNullable(keyRate).ifPresent(rate -> held.add(new Held(bucket("k", caller.tenant()
                + '\u0000' + caller.name(), measure, rate, now), "key '" + caller.name() + "'")));
        Optional.ofNullable(tenantRate).ifPresent(rate -> held.add(new Held(bucket("t", caller.tenant(), measure,
                rate, now), "tenant '" + caller.tenant() + "'")));
        for (int i = 0; i < held.size(); i++) {
            long wait = held.get(i).bucket.take(n, now);
            if (wait > 0) {
                for (int j = 0; j < i; j++) {
                    held.get(j).bucket.giveBack(n);
                }
                TokenBucket refused = held.get(i).bucket;
                return new Verdict(false, refused.burst(), refused.remaining(now),
                        seconds(refused.untilFull(now)), Duration.ofNanos(wait),
                        held.get(i).who + " " + (measure == Measure.REQUESTS ? "requests" : "pages"));
            }
        }
        Held tightest = held.get(0);
        for (Held h : held) {
            if (h.bucket.remaining(now) < tightest.bucket.remaining(now)) {
                tightest = h;
            }
        }
        return new Verdict(true, tightest.bucket.burst(), tightest.bucket.remaining(now),
                seconds(tightest.bucket.untilFull(now)), Duration.ZERO, "");
    }

    private TokenBucket bucket(String scope, String id, Measure measure, TenantPlans.Rate rate, long now) {
        return buckets.computeIfAbsent(scope + ':' + measure + ':' + id, k -> new TokenBucket(rate, now));
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }

    private record Held(TokenBucket bucket, String who) {
    }
}
