package org.freerpacapture.gateway.routing;

import java.util.Objects;
import java.util.Set;

/**
 * What the router knows of the requesting tenant's cloud budget: whether it is spent, and which providers cost
 * money. An input like the request's attributes, so routing stays a pure function of its inputs.
 *
 * @param exhausted whether the tenant's cloud budget for the month is spent
 * @param paid      ids of the providers that cost money: priced above 0 and not local
 */
public record BudgetState(boolean exhausted, Set<String> paid) {

    /** Budget left, or none set: routing as the policy says. */
    public static final BudgetState AVAILABLE = new BudgetState(false, Set.of());

    public BudgetState {
        paid = Set.copyOf(Objects.requireNonNull(paid, "paid"));
    }

    public static BudgetState exhausted(Set<String> paid) {
        return new BudgetState(true, paid);
    }
}
