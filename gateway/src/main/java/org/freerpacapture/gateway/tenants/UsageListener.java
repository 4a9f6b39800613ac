package org.freerpacapture.gateway.tenants;

/** Told of pages and spend as the ledger counts them, on the thread that counts: must not block. */
public interface UsageListener {

    UsageListener NONE = new UsageListener() {
    };

    /** {@code tenant} had {@code pages} more pages read. */
    default void pages(String tenant, long pages) {
    }

    /** {@code tenant}'s requests spent {@code usd} more at paid providers. */
    default void spent(String tenant, double usd) {
    }
}
