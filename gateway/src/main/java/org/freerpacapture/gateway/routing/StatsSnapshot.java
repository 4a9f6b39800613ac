package org.freerpacapture.gateway.routing;

/**
 * One variant's statistics over a window (and a few totals since start), as {@code GET /admin/stats} shows them
 * and as {@link CanaryGuard} judges them.
 *
 * @param windowSeconds   the window the windowed figures cover
 * @param requests        requests served by this variant as primary in the window
 * @param errors          of those, the ones its provider failed (even if a fallback then served)
 * @param errorRate       errors / requests; 0 without requests
 * @param p50Ms           latency percentiles of the primary call in the window, in ms (within about 6%)
 * @param shadowCompared  shadow results compared with this variant's in the window
 * @param agreement       mean agreement (1 − CER) of those comparisons; null when there were none
 * @param escalations     pages re-read by the cascade in the window
 * @param fallbacks       requests served by a fallback provider in the window
 * @param shadowSkipped   sampled shadow calls not made (shadow pool full, or its provider unavailable)
 * @param totalRequests   requests since the gateway started
 * @param totalErrors     errors since the gateway started
 * @param canaryBreaches  guard breaches that rolled this variant back since the gateway started
 */
public record StatsSnapshot(String route, String variant, long windowSeconds, long requests, long errors,
                            double errorRate, double p50Ms, double p95Ms, double p99Ms, long shadowCompared,
                            Double agreement, long escalations, long fallbacks, long shadowSkipped,
                            long totalRequests, long totalErrors, long canaryBreaches) {
}
