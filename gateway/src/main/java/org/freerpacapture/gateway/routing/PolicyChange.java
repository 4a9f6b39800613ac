package org.freerpacapture.gateway.routing;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.time.Instant;
import java.util.List;

/**
 * One accepted change of the policy, as {@code GET /admin/routing/history} lists it.
 *
 * @param version the version the change produced
 * @param at      when it was accepted; ISO-8601 in JSON with any ObjectMapper
 * @param actor   who made it (the admin caller, or {@value PolicyStore#GUARD_ACTOR} for a breach)
 * @param action  {@code load}, {@code update}, {@code canary}, {@code promote}, {@code rollback} or {@code breach}
 * @param reason  why, as given by the actor; may be empty
 * @param changes a short summary of what changed in routes, variants, weights and providers
 */
public record PolicyChange(long version, @JsonSerialize(using = ToStringSerializer.class) Instant at,
                           String actor, String action, String reason, List<String> changes) {

    public PolicyChange {
        reason = reason == null ? "" : reason;
        changes = List.copyOf(changes);
    }
}
