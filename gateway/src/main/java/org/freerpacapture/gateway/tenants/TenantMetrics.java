package org.freerpacapture.gateway.tenants;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.freerpacapture.gateway.observability.GatewayMetrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's pages, spend and budget left as metrics. The {@code tenant} label stays bounded: tenants the plans
 * file names (and {@code default}) have their own; of the others, the first {@value #MAX_UNNAMED} seen do too,
 * and the rest count under {@value #OTHER}.
 */
public final class TenantMetrics implements UsageListener {

    /** {@code gateway_tenant_pages_total{tenant}}: pages of the tenant's answered requests. */
    public static final String PAGES = "gateway_tenant_pages_total";
    /** {@code gateway_tenant_estimated_cost_usd_total{tenant}}: pages at paid providers × their price. */
    public static final String COST = "gateway_tenant_estimated_cost_usd_total";
    /** {@code gateway_tenant_budget_remaining_usd{tenant}}: the month's cloud budget not yet spent. */
    public static final String BUDGET_REMAINING = "gateway_tenant_budget_remaining_usd";

    static final int MAX_UNNAMED = 20;
    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final UsageLedger ledger;
    private final Map<String, String> labels = new ConcurrentHashMap<>();
    private final Set<String> unnamed = ConcurrentHashMap.newKeySet();

    public TenantMetrics(MeterRegistry registry, UsageLedger ledger) {
        this.registry = registry;
        this.ledger = ledger;
        // Series at 0 from the start for every tenant the plans name, so alerts on their increase have a base.
        ledger.plans().tenants().keySet().forEach(this::label);
        label(Caller.DEFAULT_TENANT);
    }

    @Override
    public void pages(String tenant, long pages) {
        Counter.builder(GatewayMetrics.name(PAGES)).tag("tenant", label(tenant)).register(registry).increment(pages);
    }

    @Override
    public void spent(String tenant, double usd) {
        Counter.builder(GatewayMetrics.name(COST)).tag("tenant", label(tenant)).register(registry).increment(usd);
    }

    /** The tenant's label, registering its series the first time it is seen. */
    String label(String tenant) {
        String known = labels.get(tenant);
        return known != null ? known : labels.computeIfAbsent(tenant, this::register);
    }

    private String register(String tenant) {
        boolean named = tenant.equals(Caller.DEFAULT_TENANT) || ledger.plans().tenants().containsKey(tenant);
        if (!named && (unnamed.size() >= MAX_UNNAMED || !unnamed.add(tenant))) {
            return OTHER;
        }
        Counter.builder(GatewayMetrics.name(PAGES)).tag("tenant", tenant).register(registry);
        Counter.builder(GatewayMetrics.name(COST)).tag("tenant", tenant).register(registry);
        if (ledger.plans().plan(tenant).cloudBudgetPerMonth() != null) {
            Gauge.builder(GatewayMetrics.name(BUDGET_REMAINING), () -> remaining(tenant)).tag("tenant", tenant)
                    .strongReference(true).register(registry);
        }
        return tenant;
    }

    private double remaining(String tenant) {
        Double budget = ledger.plans().plan(tenant).cloudBudgetPerMonth();
        return budget == null ? Double.NaN : Math.max(0, budget - ledger.usage(tenant).spentUsd());
    }
}
