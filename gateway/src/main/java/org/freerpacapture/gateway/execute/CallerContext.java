package org.freerpacapture.gateway.execute;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.concurrent.CompletionStage;

/** Brings a provider's answer back onto the Vert.x context of the request that asked for it. */
final class CallerContext {
    private CallerContext() {
    }

    /**
     * {@code stage} as a future completed on the calling thread's Vert.x context: providers complete on their own
     * threads (inference pool, HTTP client), and the request's chain goes on where it started. Outside a context
     * the future completes where the stage does.
     */
    static <T> Future<T> resume(CompletionStage<T> stage) {
        Context context = Vertx.currentContext();
        return context == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, context);
    }
}
