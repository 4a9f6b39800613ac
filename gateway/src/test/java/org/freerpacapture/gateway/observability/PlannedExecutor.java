package org.freerpacapture.gateway.observability;

import io.vertx.core.Future;
import org.freerpacapture.gateway.execute.Outcome;
import org.freerpacapture.gateway.execute.RequestExecutor;
import org.freerpacapture.gateway.execute.RequestInfo;
import org.freerpacapture.gateway.routing.Plan;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;

import java.util.List;
import java.util.Optional;

/**
 * An executor that makes the hook calls a routing executor makes, in the same places: {@code routed} after the
 * router decided, {@code call} for the primary and each fallback, {@code shadowCall} and {@code shadowCompared}
 * off the response path. The plan is fixed: route {@code invoices}, canary variant {@code candidate}.
 */
final class PlannedExecutor implements RequestExecutor {

    static final String ROUTE = "invoices";
    static final String VARIANT = "candidate";

    private final ExecutionHooks hooks;
    private final OcrProvider primary;
    private final OcrProvider fallback;
    private final OcrProvider shadow;
    private final List<Integer> escalatedPages;

    /**
     * @param fallback       tried when the primary fails, or null
     * @param shadow         reads a copy after the primary answered, or null
     * @param escalatedPages pages the outcome reports as re-read by cascade
     */
    PlannedExecutor(ExecutionHooks hooks, OcrProvider primary, OcrProvider fallback, OcrProvider shadow,
                    List<Integer> escalatedPages) {
        this.hooks = hooks;
        this.primary = primary;
        this.fallback = fallback;
        this.shadow = shadow;
        this.escalatedPages = escalatedPages;
    }

    @Override
    public Future<Outcome> execute(OcrRequest request, RequestInfo info) {
        Plan plan = new Plan(ROUTE, VARIANT, primary.id(), true, Optional.ofNullable(shadow).map(OcrProvider::id),
                Optional.empty(), fallback == null ? List.of() : List.of(fallback.id()), request.requestId(), 7);
        hooks.routed(plan);
        return call(primary, request)
                .map(result -> new Outcome(result, ROUTE, VARIANT, !escalatedPages.isEmpty(), escalatedPages, null))
                .onSuccess(outcome -> shadow(request, outcome.result()))
                .recover(failure -> fallback == null ? Future.failedFuture(failure)
                        : call(fallback, request).map(result -> new Outcome(result, ROUTE, VARIANT, false, List.of(),
                        primary.id())));
    }

    private Future<OcrResult> call(OcrProvider provider, OcrRequest request) {
        return Future.fromCompletionStage(hooks.call(provider.id(), provider, request));
    }

    private void shadow(OcrRequest request, OcrResult first) {
        if (shadow == null) {
            return;
        }
        hooks.shadowCall(shadow.id(), shadow, request).thenAccept(second ->
                hooks.shadowCompared(ROUTE, VARIANT, first.content().equals(second.content()) ? 1.0 : 0.0));
    }
}
