package org.freerpacapture.gateway.routing;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the router decided for one request.
 *
 * @param route          the route that matched
 * @param variant        the variant chosen by the sticky key
 * @param provider       the primary provider id (the variant's)
 * @param canary         whether the variant is the route's canary (its outcome feeds the guard)
 * @param shadow         a provider that also reads the request off the response path, when this request is sampled
 * @param cascade        re-read pages below {@code minConfidence} with {@code escalateTo}, when the route says so
 * @param fallback       providers to try in order when the primary fails; never contains the primary
 * @param stickyKey      the key whose hash chose the variant (a header or query value, else the request id)
 * @param policyVersion  the version of the policy that decided
 * @param budget         how the tenant's spent cloud budget changed the plan, or null when it did not
 */
public record Plan(String route, String variant, String provider, boolean canary, Optional<String> shadow,
                   Optional<RoutingPolicy.Cascade> cascade, List<String> fallback, String stickyKey,
                   long policyVersion, BudgetDetour budget) {

    public Plan {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(shadow, "shadow");
        Objects.requireNonNull(cascade, "cascade");
        fallback = List.copyOf(fallback);
    }

    /** As the policy says, whatever the budget. */
    public Plan(String route, String variant, String provider, boolean canary, Optional<String> shadow,
                Optional<RoutingPolicy.Cascade> cascade, List<String> fallback, String stickyKey,
                long policyVersion) {
        this(route, variant, provider, canary, shadow, cascade, fallback, stickyKey, policyVersion, null);
    }

    /** Whether the spent budget refuses this request. */
    public boolean refusedOverBudget() {
        return budget != null && budget.refused();
    }
}
