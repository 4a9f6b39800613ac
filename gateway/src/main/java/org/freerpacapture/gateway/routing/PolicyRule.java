package org.freerpacapture.gateway.routing;

import java.util.List;

/**
 * A rule the operator sets that every policy must keep beyond being valid (data residency, {@link Residency}):
 * checked on every change, whoever makes it, and on every policy read from the policy topic.
 */
@FunctionalInterface
public interface PolicyRule {

    /** No rule beyond validity. */
    PolicyRule NONE = policy -> List.of();

    /** The problems of a valid {@code policy} under this rule, each at its pointer; empty when it keeps it. */
    List<ValidationError> check(RoutingPolicy policy);
}
