package org.freerpacapture.gateway.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.freerpacapture.gateway.routing.InvalidPolicyException;
import org.freerpacapture.gateway.routing.PolicyStore;
import org.freerpacapture.gateway.routing.RoutingPolicy;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.UUID;

/**
 * The value of one record of the policy topic: a change as the replica that took it proposed it, or a restatement
 * of the change in force, written again so that the topic's newest record is always the policy in force.
 *
 * @param version     the version the change puts in force
 * @param parent      the version it was made on; it loses when another change on that version came first
 * @param policy      the whole policy, carrying {@code version}
 * @param actor       who made it (the admin caller, or {@value PolicyStore#GUARD_ACTOR})
 * @param action      {@code seed}, {@code update}, {@code canary}, {@code promote}, {@code rollback} or {@code breach}
 * @param reason      why, as the actor said; may be empty
 * @param at          when it was made
 * @param origin      the instance id of the replica that made it
 * @param proposal    a fresh id per change, which a restatement keeps
 * @param restatement a fresh id per restatement; null for a change as first proposed
 * @param restatedBy  the instance id of the replica that restated it; null for a change as first proposed
 */
public record PolicyRecord(long version, long parent, RoutingPolicy policy, String actor, String action,
                           String reason, Instant at, String origin, String proposal, String restatement,
                           String restatedBy) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public PolicyRecord {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(proposal, "proposal");
        reason = reason == null ? "" : reason;
        policy = policy.version() == version ? policy : policy.withVersion(version);
    }

    /** A change as {@code origin} proposes it, under a fresh proposal id. */
    public static PolicyRecord proposed(PolicyStore.Proposal change, String origin) {
        return new PolicyRecord(change.policy().version(), change.parent(), change.policy(), change.actor(),
                change.action(), change.reason(), change.at(), origin, UUID.randomUUID().toString(), null, null);
    }

    /** This change, written again by {@code replica} under a fresh restatement id. */
    public PolicyRecord restatedBy(String replica) {
        return new PolicyRecord(version, parent, policy, actor, action, reason, at, origin, proposal,
                UUID.randomUUID().toString(), replica);
    }

    public boolean isRestatement() {
        return restatement != null;
    }

    /** The record's value: compact JSON, the policy as the admin API shows it. */
    public byte[] encode() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("version", version);
        node.put("parent", parent);
        try {
            node.set("policy", MAPPER.readTree(policy.toJson()));
        } catch (IOException e) {
            throw new IllegalStateException("a routing policy always reads back as JSON", e);
        }
        node.put("actor", actor);
        node.put("action", action);
        node.put("reason", reason);
        node.put("at", at.toString());
        node.put("origin", origin);
        node.put("proposal", proposal);
        if (restatement != null) {
            node.put("restatement", restatement);
            node.put("restatedBy", restatedBy);
        }
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("a policy record always serializes", e);
        }
    }

    /**
     * Reads a record's value.
     *
     * @throws IllegalArgumentException naming what is missing or wrong, when it is not a policy record
     */
    public static PolicyRecord decode(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("the record has no value");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        RoutingPolicy policy;
        try {
            policy = RoutingPolicy.fromTree(required(node, "policy"));
        } catch (InvalidPolicyException e) {
            throw new IllegalArgumentException("its policy is invalid: " + e.getMessage(), e);
        }
        Instant at;
        try {
            at = Instant.parse(text(node, "at"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("at is not an ISO-8601 instant: " + node.get("at"), e);
        }
        return new PolicyRecord(number(node, "version"), number(node, "parent"), policy, text(node, "actor"),
                text(node, "action"), node.path("reason").asText(""), at, text(node, "origin"),
                text(node, "proposal"), optionalText(node, "restatement"), optionalText(node, "restatedBy"));
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return v;
    }

    private static long number(JsonNode node, String field) {
        JsonNode v = required(node, field);
        if (!v.isIntegralNumber() || v.asLong() < 0) {
            throw new IllegalArgumentException(field + " is not a whole number of at least 0: " + v);
        }
        return v.asLong();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = required(node, field);
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + " is not text: " + v);
        }
        return v.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
