package org.freerpacapture.gateway.observability;

import org.freerpacapture.gateway.routing.Plan;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;

import java.util.concurrent.CompletionStage;

/**
 * What an executor tells observability while it serves a request. Each method is one line at the place the
 * executor already does the thing; {@link #NONE} does nothing, for executors under test.
 *
 * <p>Called on the request's Vert.x context (inside {@link RequestObservation#execute}), where the current trace
 * context is the request's {@code route} span.
 */
public interface ExecutionHooks {

    ExecutionHooks NONE = new ExecutionHooks() {
    };

    /**
     * Calls {@code provider} as {@code providerId}: instead of {@code provider.analyze(request)}. Traced as a
     * {@code provider.call} span (its stages as children), counted in {@code gateway_provider_calls_total} and,
     * on success, {@code gateway_pages_total} and {@code gateway_estimated_cost_usd_total}.
     */
    default CompletionStage<OcrResult> call(String providerId, OcrProvider provider, OcrRequest request) {
        return provider.analyze(request);
    }

    /**
     * A shadow read: instead of {@code provider.analyze(copy)}. Traced as a {@code shadow.call} span in a trace of
     * its own, linked to the request's, so the request's trace ends when its response is sent.
     */
    default CompletionStage<OcrResult> shadowCall(String providerId, OcrProvider provider, OcrRequest copy) {
        return provider.analyze(copy);
    }

    /** The router's decision, once per request: route, variant, provider, canary, sampled shadow. */
    default void routed(Plan plan) {
    }

    /** How far a shadow reading agreed with the primary's (0..1), for {@code gateway_shadow_agreement}. */
    default void shadowCompared(String route, String variant, double agreement) {
    }

    /** The canary guard took {@code route}'s canary out of traffic. */
    default void canaryRolledBack(String route) {
    }
}
