package org.freerpacapture.inference.ppocr.runtime;

import java.util.Map;

/**
 * The tenants' weights in the local engine: the named ones, and the weight of any other.
 *
 * @param named         tenant id to weight (at least 1)
 * @param otherWeight   the weight of a tenant not named
 */
public record Shares(Map<String, Integer> named, int otherWeight) {

    /** No tenant named: every tenant alike, each may hold every place. */
    public static final Shares EQUAL = new Shares(Map.of(), 1);

    public Shares {
        named = Map.copyOf(named);
        if (otherWeight < 1 || named.values().stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("weights must be at least 1");
        }
    }

    int weight(String tenant) {
        return named.getOrDefault(tenant, otherWeight);
    }

    int namedCount() {
        return named.size();
    }

    /**
     * The places of {@code capacity} a tenant may hold: its weight's part of every named tenant's weight (its own
     * counted in when not named), at least one.
     */
    int places(String tenant, int capacity) {
        if (named.isEmpty()) {
            return capacity;
        }
        long total = named.values().stream().mapToLong(Integer::longValue).sum()
                + (named.containsKey(tenant) ? 0 : otherWeight);
        return (int) Math.max(1, capacity * (long) weight(tenant) / total);
    }
}
