package org.freerpacapture.gateway.routing;

import java.util.Objects;

/**
 * How a spent cloud budget changed a plan: the paid provider the route would have called, and what happens
 * instead. A plan without a detour is the policy's own.
 *
 * @param instead  the paid provider left out: the variant's, or the cascade's when only the cascade was paid
 * @param primary  whether {@code instead} is the variant's provider (a local one reads in its place)
 * @param refused  whether the request is refused ({@code onBudgetExhausted: refuse}, or no local provider to serve)
 * @param reason   for a refusal, what the caller is told
 */
public record BudgetDetour(String instead, boolean primary, boolean refused, String reason) {

    public BudgetDetour {
        Objects.requireNonNull(instead, "instead");
    }

    static BudgetDetour readLocally(String instead) {
        return new BudgetDetour(instead, true, false, null);
    }

    static BudgetDetour cascadeLeftOut(String instead) {
        return new BudgetDetour(instead, false, false, null);
    }

    static BudgetDetour refused(String instead, String reason) {
        return new BudgetDetour(instead, true, true, reason);
    }
}
