package org.freerpacapture.ocr;

import java.util.Set;

/**
 * One read, as a provider sees it.
 *
 * @param requestId the gateway's request id, forwarded to providers that accept one
 * @param task      document or screen
 * @param document  the bytes and decoded pages
 * @param features  forms and tables, for providers that offer them
 * @param deadline  when the caller stops waiting
 * @param stages    told about each finished stage, by providers that have stages (the local engine)
 * @param tenant    who it is read for: the local engine shares its threads fairly between tenants; empty for none
 * @param background nobody waits on it interactively (a Kafka record): the local engine lets interactive reads'
 *                   work go first
 */
public record OcrRequest(String requestId, Task task, Document document, Set<Feature> features, Deadline deadline,
                         StageListener stages, String tenant, boolean background) {

    public OcrRequest {
        features = Set.copyOf(features);
        stages = stages == null ? StageListener.NONE : stages;
        tenant = tenant == null ? "" : tenant;
    }

    /** An interactive request. */
    public OcrRequest(String requestId, Task task, Document document, Set<Feature> features, Deadline deadline,
                      StageListener stages, String tenant) {
        this(requestId, task, document, features, deadline, stages, tenant, false);
    }

    /** A request of no particular tenant. */
    public OcrRequest(String requestId, Task task, Document document, Set<Feature> features, Deadline deadline,
                      StageListener stages) {
        this(requestId, task, document, features, deadline, stages, "");
    }

    /** A request nobody listens to the stages of. */
    public OcrRequest(String requestId, Task task, Document document, Set<Feature> features, Deadline deadline) {
        this(requestId, task, document, features, deadline, StageListener.NONE);
    }

    public OcrRequest withDocument(Document other) {
        return new OcrRequest(requestId, task, other, features, deadline, stages, tenant, background);
    }

    /** The same request, its stages told to {@code listener} instead. */
    public OcrRequest withStages(StageListener listener) {
        return new OcrRequest(requestId, task, document, features, deadline, listener, tenant, background);
    }

    /** The same request, read for {@code who}. */
    public OcrRequest withTenant(String who) {
        return new OcrRequest(requestId, task, document, features, deadline, stages, who, background);
    }

    /** The same request, read in the background: nobody waits on it interactively. */
    public OcrRequest inBackground() {
        return new OcrRequest(requestId, task, document, features, deadline, stages, tenant, true);
    }

    /**
     * A further attempt at the same request within {@code within}: a slice of its deadline for a fallback or a
     * retry, or a shadow's own. Nobody listens to its stages.
     */
    public OcrRequest attempt(Deadline within) {
        return new OcrRequest(requestId, task, document, features, within, StageListener.NONE, tenant, background);
    }
}
