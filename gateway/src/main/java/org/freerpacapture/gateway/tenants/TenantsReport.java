package org.freerpacapture.gateway.tenants;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /admin/tenants}: each tenant's plan and what it used, as of now. Lists the tenants the plans file
 * names, {@code default}, and every tenant that used anything since its month began.
 */
public final class TenantsReport {

    private static final ObjectMapper PLAN_MAPPER = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private TenantsReport() {
    }

    /**
     * One tenant.
     *
     * @param plan          its plan as the plans file gives it (the defaults for a tenant the file does not name)
     * @param usage         pages today and this month, estimated spend this month (UTC)
     * @param budgetLeftUsd the month's cloud budget not yet spent; null without a budget
     * @param exhausted     which limits are reached: {@code pagesPerDay}, {@code pagesPerMonth}, {@code cloudBudget}
     */
    public record Entry(String tenant, Map<String, Object> plan, UsageView usage, Double budgetLeftUsd,
                        Exhausted exhausted) {
    }

    /** Usage as the report shows it. */
    public record UsageView(String day, String month, long pagesToday, long pagesThisMonth, double spentUsd) {
    }

    public record Exhausted(boolean pagesPerDay, boolean pagesPerMonth, boolean cloudBudget) {
    }

    public static Map<String, Object> build(UsageLedger ledger) {
        TenantPlans plans = ledger.plans();
        Map<String, Usage> used = ledger.all();
        Set<String> tenants = new TreeSet<>(plans.tenants().keySet());
        tenants.add(Caller.DEFAULT_TENANT);
        used.forEach((tenant, usage) -> {
            if (usage.pagesThisMonth() > 0 || usage.spentNanoUsd() > 0) {
                tenants.add(tenant);
            }
        });
        List<Entry> entries = new ArrayList<>();
        for (String tenant : tenants) {
            TenantPlans.Plan plan = plans.plan(tenant);
            Usage u = ledger.usage(tenant);
            Double budget = plan.cloudBudgetPerMonth();
            entries.add(new Entry(tenant, PLAN_MAPPER.convertValue(plan, new TypeReference<>() { }),
                    new UsageView(u.day().toString(), u.month().toString(), u.pagesToday(), u.pagesThisMonth(),
                            u.spentUsd()),
                    budget == null ? null : Math.max(0, budget - u.spentUsd()),
                    new Exhausted(plan.pagesPerDay() != null && u.pagesToday() >= plan.pagesPerDay(),
                            plan.pagesPerMonth() != null && u.pagesThisMonth() >= plan.pagesPerMonth(),
                            ledger.budgetExhausted(tenant))));
        }
        return Map.of("tenants", entries);
    }
}
