package org.freerpacapture.gateway.execute;

import io.vertx.core.Future;
import org.freerpacapture.ocr.OcrRequest;

/**
 * Decides who reads a decoded request and reads it: the seam between the HTTP API and routing.
 *
 * <p>Called on the request's event loop; implementations never block it, and complete the future on that same
 * context. Failures are preferably {@link org.freerpacapture.ocr.ProviderException}s, which the HTTP layer
 * maps to their status and code.
 */
public interface RequestExecutor {

    Future<Outcome> execute(OcrRequest request, RequestInfo info);

    /**
     * Whether {@code tenant} may start a request now, asked before its document is even decoded: a failed future
     * (a {@link org.freerpacapture.gateway.tenants.LimitExceeded}) when its page quota is spent.
     */
    default Future<Void> admit(String tenant) {
        return Future.succeededFuture();
    }
}
