package org.freerpacapture.gateway.observability;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;

import java.util.function.Supplier;

/**
 * Runs asynchronous work under a trace context, so that the spans it starts, and the HTTP client spans Vert.x
 * makes for it, are children of the given one, however many callbacks later they start.
 *
 * <p>With Vert.x tracing, the current trace context lives in the Vert.x context. The work therefore runs on a
 * duplicate of the caller's context that carries {@code trace}; timers and callbacks the work registers stay on
 * that duplicate, and the caller's own context is left as it was. The duplicate serves this work only, so the
 * trace context is attached to it for good.
 */
final class TracedWork {

    private TracedWork() {
    }

    static <T> Future<T> within(Context trace, Supplier<Future<T>> work) {
        ContextInternal caller = ContextInternal.current();
        if (caller == null) {
            try (Scope ignored = trace.makeCurrent()) {
                return start(work);
            }
        }
        Promise<T> done = caller.promise();
        ContextInternal duplicate = caller.duplicate();
        duplicate.dispatch(v -> {
            trace.makeCurrent();
            start(work).onComplete(done);
        });
        return done.future();
    }

    private static <T> Future<T> start(Supplier<Future<T>> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
