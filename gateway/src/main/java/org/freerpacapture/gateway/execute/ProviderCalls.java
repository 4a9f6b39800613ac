package org.freerpacapture.gateway.execute;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.freerpacapture.adapters.resilience.ResilienceStats;
import org.freerpacapture.adapters.resilience.ResilientProvider;
import org.freerpacapture.gateway.observability.ExecutionHooks;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.ProviderException;
import org.freerpacapture.ocr.ProviderInfo;

import java.util.concurrent.CompletionStage;

/** One provider call as the executor makes it: bound by the request's deadline, on the caller's context. */
final class ProviderCalls {

    private ProviderCalls() {
    }

    /**
     * Calls {@code provider} for the policy id {@code id}. The result names {@code id} as its provider, so
     * {@code X-Provider} and the unified result always speak the policy's names. A provider that does not answer
     * before the deadline fails the call with {@code provider_timeout}; it may still finish, unobserved.
     */
    static Future<OcrResult> call(Vertx vertx, ExecutionHooks hooks, String id, OcrProvider provider,
                                  OcrRequest request) {
        long leftMs = request.deadline().remaining().toMillis();
        if (request.deadline().expired() || leftMs <= 0) {
            return Future.failedFuture(timeout(id));
        }
        CompletionStage<OcrResult> stage;
        try {
            stage = hooks.call(id, provider, request);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        Future<OcrResult> read = CallerContext.resume(stage);
        Promise<OcrResult> out = Promise.promise();
        long timer = vertx.setTimer(leftMs, t -> out.tryFail(timeout(id)));
        read.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                out.tryComplete(relabel(ar.result(), id));
            } else {
                out.tryFail(ar.cause());
            }
        });
        return out.future();
    }

    /** Whether the provider's circuit breaker refuses calls now; only resilient (cloud) providers have one. */
    static boolean circuitOpen(OcrProvider provider) {
        return provider instanceof ResilientProvider resilient
                && resilient.breakerState() == ResilienceStats.BreakerState.OPEN;
    }

    private static OcrResult relabel(OcrResult result, String id) {
        ProviderInfo info = result.provider();
        if (info != null && id.equals(info.id())) {
            return result;
        }
        ProviderInfo named = info == null ? new ProviderInfo(id, null, null, null)
                : new ProviderInfo(id, info.kind(), info.model(), info.version());
        return new OcrResult(named, result.pages(), result.timingsMs());
    }

    private static ProviderException timeout(String id) {
        return new ProviderException(ProviderException.Kind.TIMEOUT, id,
                "provider " + id + " did not answer within the request's deadline");
    }
}
