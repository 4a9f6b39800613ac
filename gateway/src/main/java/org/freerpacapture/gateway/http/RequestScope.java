package org.freerpacapture.gateway.http;

import io.vertx.ext.web.RoutingContext;
import org.freerpacapture.inference.document.DecodeBudget;
import org.freerpacapture.ocr.Deadline;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every request carries from intake to response: its id, its deadline, when it arrived, and whether its
 * caller is still waiting.
 *
 * @param requestId  taken from {@code X-Request-Id} or made
 * @param budget     the whole time the request may take
 * @param deadline   when that budget is spent
 * @param startNanos {@link System#nanoTime()} at intake
 * @param abandoned  set once nobody waits for the answer: the caller got 504, or closed the connection
 */
public record RequestScope(String requestId, Duration budget, Deadline deadline, long startNanos,
                           AtomicBoolean abandoned) {

    private static final String KEY = "gateway.scope";

    public static RequestScope begin(RoutingContext ctx, Duration budget) {
        RequestScope scope = new RequestScope(RequestIds.takeOrMake(ctx.request().getHeader(RequestIds.HEADER)),
                budget, Deadline.after(budget), System.nanoTime(), new AtomicBoolean());
        ctx.put(KEY, scope);
        return scope;
    }

    /** The scope of a request; requests failing before intake get a fresh id so errors still carry one. */
    public static RequestScope of(RoutingContext ctx) {
        RequestScope scope = ctx.get(KEY);
        return scope != null ? scope : begin(ctx, Duration.ofSeconds(30));
    }

    /** Work still to do for this request is wasted from now on: running stages stop, queued ones never start. */
    public void abandon() {
        abandoned.set(true);
    }

    /** What decoding may spend: until the deadline, or until the request is {@link #abandon() abandoned}. */
    public DecodeBudget decodeBudget() {
        return DecodeBudget.until(deadline, abandoned::get);
    }

    public double elapsedMs() {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
