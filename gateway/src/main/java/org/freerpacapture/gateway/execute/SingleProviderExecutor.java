package org.freerpacapture.gateway.execute;

import io.vertx.core.Future;
import org.freerpacapture.gateway.observability.ExecutionHooks;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** Sends every request to one provider: route {@code default}, variant {@code local}. The gateway before routing. */
public final class SingleProviderExecutor implements RequestExecutor {

    public static final String ROUTE = "default";
    public static final String VARIANT = "local";

    private final OcrProvider provider;
    private final ExecutionHooks hooks;

    public SingleProviderExecutor(OcrProvider provider) {
        this(provider, ExecutionHooks.NONE);
    }

    public SingleProviderExecutor(OcrProvider provider, ExecutionHooks hooks) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
    }

    @Override
    public Future<Outcome> execute(OcrRequest request, RequestInfo info) {
        CompletionStage<OcrResult> stage;
        try {
            stage = hooks.call(provider.id(), provider, request);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return CallerContext.resume(stage).map(result -> Outcome.direct(result, ROUTE, VARIANT));
    }

    public OcrProvider provider() {
        return provider;
    }
}
