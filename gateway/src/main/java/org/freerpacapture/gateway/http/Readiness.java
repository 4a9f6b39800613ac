package org.freerpacapture.gateway.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Whether the gateway should receive traffic: not until its providers are loaded and warmed up, and no longer once
 * it is stopping. Written by start-up and shutdown, read by {@code GET /health/ready}, which also shows how each
 * part of the Kafka work is doing; that detail does not decide readiness, since HTTP serves without a broker.
 */
public final class Readiness {

    /** Where a provider is in its start-up; a local model no route uses stays {@code NOT_LOADED}. */
    public enum ProviderState { NOT_LOADED, LOADING, WARMING_UP, READY, FAILED }

    /** Where the whole gateway is. */
    public enum Status { STARTING, READY, STOPPING }

    private final Map<String, ProviderState> providers = new ConcurrentHashMap<>();
    private final Map<String, Supplier<?>> kafka = new ConcurrentHashMap<>();
    private volatile Status status = Status.STARTING;

    public void provider(String id, ProviderState state) {
        providers.put(id, state);
    }

    public void markReady() {
        if (status == Status.STARTING) {
            status = Status.READY;
        }
    }

    public void markStopping() {
        status = Status.STOPPING;
    }

    public boolean isReady() {
        return status == Status.READY;
    }

    public Status status() {
        return status;
    }

    /** Provider id → state, sorted by id for a stable body. */
    public Map<String, ProviderState> providers() {
        Map<String, ProviderState> sorted = new LinkedHashMap<>();
        providers.keySet().stream().sorted().forEach(id -> sorted.put(id, providers.get(id)));
        return sorted;
    }

    /** Adds a part of the Kafka detail ({@code policy}, ...), read each time {@code /health/ready} answers. */
    public void kafka(String part, Supplier<?> detail) {
        kafka.put(part, detail);
    }

    /** Each Kafka part's detail, sorted by part; empty when Kafka is off. */
    public Map<String, Object> kafka() {
        Map<String, Object> sorted = new LinkedHashMap<>();
        kafka.keySet().stream().sorted().forEach(part -> sorted.put(part, kafka.get(part).get()));
        return sorted;
    }
}
