package org.freerpacapture.gateway.execute;

import org.freerpacapture.gateway.routing.RoutingPolicy;
import org.freerpacapture.ocr.OcrProvider;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A policy together with the provider instances its ids name. A request reads one snapshot when it starts and
 * keeps it to the end, so a policy change never shows a request half of one policy and half of another.
 *
 * @param policy    the policy in force
 * @param providers policy provider id to the instance serving it
 */
public record PolicySnapshot(RoutingPolicy policy, Map<String, OcrProvider> providers) {

    public PolicySnapshot {
        Objects.requireNonNull(policy, "policy");
        providers = Map.copyOf(providers);
    }

    public Optional<OcrProvider> provider(String id) {
        return Optional.ofNullable(providers.get(id));
    }
}
