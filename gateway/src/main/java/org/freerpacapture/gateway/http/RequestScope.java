package org.freerpacapture.gateway.http;

import io.vertx.ext.web.RoutingContext;
import org.freerpacapture.ocr.Deadline;

import java.time.Duration;

/**
 * What every request carries from intake to response: its id, its deadline and when it arrived.
 *
 * @param requestId  taken from {@code X-Request-Id} or made
 * @param budget     the whole time the request may take
 * @param deadline   when that budget is spent
 * @param startNanos {@link System#nanoTime()} at intake
 */
public record RequestScope(String requestId, Duration budget, Deadline deadline, long startNanos) {

    private static final String KEY = "gateway.scope";

    public static RequestScope begin(RoutingContext ctx, Duration budget) {
        RequestScope scope = new RequestScope(RequestIds.takeOrMake(ctx.request().getHeader(RequestIds.HEADER)),
                budget, Deadline.after(budget), System.nanoTime());
        ctx.put(KEY, scope);
        return scope;
    }

    /** The scope of a request; requests failing before intake get a fresh id so errors still carry one. */
    public static RequestScope of(RoutingContext ctx) {
        RequestScope scope = ctx.get(KEY);
        return scope != null ? scope : begin(ctx, Duration.ofSeconds(30));
    }

    public double elapsedMs() {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
