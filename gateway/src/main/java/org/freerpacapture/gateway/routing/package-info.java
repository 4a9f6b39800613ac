/**
 * Routing: which provider reads a request, and the live controls over that choice. No HTTP and no Vert.x here,
 * so everything is unit-testable alone.
 *
 * <ul>
 *   <li>{@link org.freerpacapture.gateway.routing.RoutingPolicy}: the policy document (parse, serialize, default);
 *   {@link org.freerpacapture.gateway.routing.PolicyValidator} and
 *   {@link org.freerpacapture.gateway.routing.PolicySchema} check it and report every error at its JSON pointer.</li>
 *   <li>{@link org.freerpacapture.gateway.routing.Router}: policy + {@link
 *   org.freerpacapture.gateway.routing.RequestAttributes} → {@link org.freerpacapture.gateway.routing.Plan}, a
 *   pure function.</li>
 *   <li>{@link org.freerpacapture.gateway.routing.PolicyStore}: the policy in force (lock-free reads), versioned
 *   updates with optimistic concurrency, canary start/promote/rollback, history;
 *   {@link org.freerpacapture.gateway.routing.PolicyFile} keeps it on disk; every policy it takes also keeps the
 *   operator's {@link org.freerpacapture.gateway.routing.PolicyRule}, such as
 *   {@link org.freerpacapture.gateway.routing.Residency} (where a bound region's documents may go).</li>
 *   <li>{@link org.freerpacapture.gateway.routing.RoutingStats}: live per-variant statistics;
 *   {@link org.freerpacapture.gateway.routing.CanaryGuard} judges them and
 *   {@link org.freerpacapture.gateway.routing.CanaryWatch} rolls back a canary in breach.</li>
 *   <li>{@link org.freerpacapture.gateway.routing.TextAgreement}: a shadow's agreement with the primary.</li>
 * </ul>
 */
package org.freerpacapture.gateway.routing;
