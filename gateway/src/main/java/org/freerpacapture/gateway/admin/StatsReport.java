package org.freerpacapture.gateway.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.freerpacapture.adapters.resilience.ResilientProvider;
import org.freerpacapture.gateway.LiveRouting;
import org.freerpacapture.gateway.execute.PolicySnapshot;
import org.freerpacapture.gateway.routing.RoutingPolicy;
import org.freerpacapture.gateway.routing.StatsSnapshot;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.inference.ppocr.runtime.InferencePool;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The body of {@code GET /admin/stats}: per route and variant the live statistics with the variant's provider,
 * weight and canary state; per provider its protection (breaker, retries) when it has one; the local inference
 * queue; the shadow pool.
 */
final class StatsReport {

    private final LiveRouting routing;
    private final Optional<InferencePool> inference;

    StatsReport(LiveRouting routing, Optional<InferencePool> inference) {
        this.routing = routing;
        this.inference = inference;
    }

    Map<String, Object> build(Duration window) {
        PolicySnapshot snapshot = routing.snapshot();
        RoutingPolicy policy = snapshot.policy();
        for (RoutingPolicy.Route r : policy.routes()) {
            r.variants().forEach(v -> routing.stats().of(r.name(), v.name())); // list variants not yet used too
        }
        List<ObjectNode> variants = new ArrayList<>();
        for (StatsSnapshot s : routing.stats().snapshot(window)) {
            ObjectNode node = AdminJson.MAPPER.valueToTree(s);
            Optional<RoutingPolicy.Route> route = policy.route(s.route());
            Optional<RoutingPolicy.Variant> variant = route.flatMap(r -> r.variant(s.variant()));
            node.put("inPolicy", variant.isPresent());
            variant.ifPresent(v -> node.put("provider", v.provider()).put("weight", v.weight()));
            node.set("canary", AdminJson.MAPPER.valueToTree(canaryState(route, s.variant())));
            variants.add(node);
        }
        Map<String, Object> providers = new LinkedHashMap<>();
        snapshot.providers().forEach((id, provider) -> providers.put(id, provider(policy, id, provider)));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policyVersion", policy.version());
        body.put("windowSeconds", window.toSeconds());
        body.put("variants", variants);
        body.put("providers", providers);
        body.put("localInference", inference.map(StatsReport::inference).orElse(null));
        body.put("shadow", Map.of(
                "inFlight", routing.executor().shadows().inFlight(),
                "capacity", routing.executor().shadows().capacity()));
        body.put("escalationFailures", routing.executor().escalationFailures());
        return body;
    }

    /** {@code live} (taking traffic since), {@code rolled-back} (weight 0), or null when not the canary. */
    private Map<String, Object> canaryState(Optional<RoutingPolicy.Route> route, String variant) {
        if (route.isEmpty() || route.get().canary() == null || !route.get().canary().variant().equals(variant)) {
            return null;
        }
        RoutingPolicy.Canary canary = route.get().canary();
        boolean live = route.get().variant(variant).map(v -> v.weight() > 0).orElse(false);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("state", live ? "live" : "rolled-back");
        routing.store().canarySince(route.get().name()).map(Instant::toString).ifPresent(t -> state.put("since", t));
        state.put("guard", canary.guard());
        return state;
    }

    private static Map<String, Object> provider(RoutingPolicy policy, String id, OcrProvider provider) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", policy.provider(id).map(RoutingPolicy.ProviderSpec::kind).orElse(provider.info().kind()));
        if (provider instanceof ResilientProvider resilient) {
            out.put("breakerState", resilient.breakerState());
            out.put("resilience", resilient.stats());
        }
        return out;
    }

    private static Map<String, Object> inference(InferencePool pool) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pool", pool.name());
        out.put("threads", pool.threads());
        out.put("active", pool.active());
        out.put("queueDepth", pool.queueDepth());
        out.put("queueCapacity", pool.capacity());
        return out;
    }
}
