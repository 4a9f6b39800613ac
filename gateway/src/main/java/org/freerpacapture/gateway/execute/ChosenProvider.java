package org.freerpacapture.gateway.execute;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.freerpacapture.gateway.observability.ExecutionHooks;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.ProviderException;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Sends a request to one provider of the policy in force, named by its policy id, bypassing routing: no route,
 * fallback, shadow or cascade, and nothing recorded in the routing statistics a canary guard judges. The admin
 * console reads a document with it when an operator picks the provider.
 */
public final class ChosenProvider implements RequestExecutor {

    /** The route an answer read this way names. */
    public static final String ROUTE = "console";

    private final Vertx vertx;
    private final Supplier<PolicySnapshot> policy;
    private final ExecutionHooks hooks;
    private final String id;

    /**
     * @param policy the snapshot in force; its provider instances are the ones routing uses
     * @param id     the policy's id of the provider to read with
     */
    public ChosenProvider(Vertx vertx, Supplier<PolicySnapshot> policy, ExecutionHooks hooks, String id) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.id = Objects.requireNonNull(id, "id");
    }

    @Override
    public Future<Outcome> execute(OcrRequest request, RequestInfo info) {
        OcrProvider provider = policy.get().providers().get(id);
        if (provider == null) {
            return Future.failedFuture(new ProviderException(ProviderException.Kind.UNAVAILABLE, id,
                    "provider " + id + " is not available in this gateway"));
        }
        return ProviderCalls.call(vertx, hooks, id, provider, request).map(result -> Outcome.direct(result, ROUTE, id));
    }
}
