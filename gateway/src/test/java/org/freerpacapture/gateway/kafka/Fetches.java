package org.freerpacapture.gateway.kafka;

import io.vertx.core.Future;
import org.freerpacapture.gateway.http.ApiException;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

/** Waits for a fetch from the test's thread. */
final class Fetches {

    private Fetches() {
    }

    static DocumentSources.Fetched fetched(Future<DocumentSources.Fetched> fetch) throws Exception {
        return fetch.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** The failure, which must be the HTTP API's. */
    static ApiException refused(Future<DocumentSources.Fetched> fetch) throws Exception {
        try {
            fetched(fetch);
        } catch (ExecutionException e) {
            return assertInstanceOf(ApiException.class, e.getCause());
        }
        return fail("the fetch succeeded");
    }
}
