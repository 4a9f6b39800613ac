package org.freerpacapture.gateway.execute;

import io.vertx.core.Future;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.ProviderException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stands in for the real executor while models load, so the HTTP API can listen (and answer health checks) from
 * the first second: until {@link #install} it refuses reads with 503 {@code provider_unavailable} and
 * {@code Retry-After}. Installing again replaces the executor atomically.
 */
public final class DeferredExecutor implements RequestExecutor {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final AtomicReference<RequestExecutor> current = new AtomicReference<>();

    public void install(RequestExecutor executor) {
        current.set(executor);
    }

    public boolean installed() {
        return current.get() != null;
    }

    @Override
    public Future<Outcome> execute(OcrRequest request, RequestInfo info) {
        RequestExecutor executor = current.get();
        if (executor == null) {
            return Future.failedFuture(new ProviderException(ProviderException.Kind.UNAVAILABLE, "gateway",
                    "the gateway is still loading its models", RETRY_AFTER, null));
        }
        return executor.execute(request, info);
    }

    @Override
    public Future<Void> admit(String tenant) {
        RequestExecutor executor = current.get();
        return executor == null ? Future.succeededFuture() : executor.admit(tenant);
    }
}
