package org.freerpacapture.gateway.execute;

import org.freerpacapture.gateway.routing.Plan;
import org.freerpacapture.ocr.Failures;

/**
 * A request that failed after routing chose its route: the failure, carrying the route, variant and provider it was
 * planned for, so that the request's log line and metrics name them as a served request's do. Callers answer for
 * the {@link #cause(Throwable) cause}; this wrapper only carries the plan.
 */
public final class RoutedFailure extends RuntimeException {
    private final String route;
    private final String variant;
    private final String provider;

    private RoutedFailure(Plan plan, Throwable failure) {
        super(failure.getMessage(), failure, false, false);
        this.route = plan.route();
        this.variant = plan.variant();
        this.provider = plan.provider();
    }

    /** {@code failure} with the plan it failed under (a failure that has one keeps it). */
    static Throwable of(Plan plan, Throwable failure) {
        Throwable cause = Failures.cause(failure);
        return cause instanceof RoutedFailure ? cause : new RoutedFailure(plan, cause);
    }

    /** What a failed request's future stands for: the failure itself, without future or routing wrappers. */
    public static Throwable cause(Throwable failure) {
        Throwable cause = Failures.cause(failure);
        return cause instanceof RoutedFailure routed ? Failures.cause(routed.getCause()) : cause;
    }

    public String route() {
        return route;
    }

    public String variant() {
        return variant;
    }

    public String provider() {
        return provider;
    }
}
