package org.freerpacapture.inference;

import java.util.Set;

/**
 * One read, as a provider sees it.
 *
 * @param requestId the gateway's request id, forwarded to providers that accept one
 * @param task      document or screen
 * @param document  the bytes and decoded pages
 * @param features  forms and tables, for providers that offer them
 * @param deadline  when the caller stops waiting
 */
public record OcrRequest(String requestId, Task task, Document document, Set<Feature> features, Deadline deadline) {

    public OcrRequest {
        features = Set.copyOf(features);
    }

    public OcrRequest withDocument(Document other) {
        return new OcrRequest(requestId, task, other, features, deadline);
    }
}
