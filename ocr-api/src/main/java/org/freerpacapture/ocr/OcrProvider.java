package org.freerpacapture.ocr;

import java.util.concurrent.CompletionStage;

/**
 * Something that reads a document: the local engine or a cloud service.
 *
 * <p>One asynchronous method, no transport types, so the router and its tests need neither HTTP nor a model.
 * Implementations never block the calling thread; failures complete the stage exceptionally, preferably with a
 * {@link ProviderException} whose {@link ProviderException.Kind} says what the caller may do next.
 */
public interface OcrProvider extends AutoCloseable {

    /** Who this is, as named in the routing policy and the unified result. */
    ProviderInfo info();

    /** Reads every page of the request's document. */
    CompletionStage<OcrResult> analyze(OcrRequest request);

    default String id() {
        return info().id();
    }

    /** Releases sessions, clients and threads. */
    @Override
    default void close() {
    }
}
