package org.freerpacapture.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.freerpacapture.gateway.LiveRouting;
import org.freerpacapture.gateway.routing.PolicySchema;
import org.freerpacapture.gateway.routing.PolicyStore;
import org.freerpacapture.gateway.routing.PolicyValidator;
import org.freerpacapture.gateway.routing.RoutingPolicy;
import org.freerpacapture.gateway.routing.UpdateResult;
import org.freerpacapture.gateway.routing.ValidationError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The policy endpoints: read, replace (optimistic concurrency on the ETag), canary operations, history, schema.
 * Every change runs on {@link LiveRouting}'s worker pool, since it builds providers, saves the policy file, or,
 * when replicas share the policy, waits until the change is read back from the policy topic.
 */
final class RoutingEndpoints {

    static final String ACTOR_HEADER = "X-Admin-Actor";
    static final String REASON_HEADER = "X-Change-Reason";
    static final String DEFAULT_ACTOR = "admin";

    private final LiveRouting routing;
    private final PolicyValidator validator = new PolicyValidator();

    RoutingEndpoints(LiveRouting routing) {
        this.routing = routing;
    }

    /** {@code GET /admin/routing}. */
    void get(RoutingContext ctx) {
        AdminJson.policy(ctx, 200, routing.store().current());
    }

    /** {@code GET /admin/routing/schema}. */
    void schema(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/schema+json").end(PolicySchema.text());
    }

    /** {@code GET /admin/routing/history}. */
    void history(RoutingContext ctx) {
        AdminJson.send(ctx, 200, Map.of("changes", routing.store().history()));
    }

    /**
     * {@code PUT /admin/routing}: If-Match required (428), a weak one never matches (412), stale → 409,
     * invalid → 422, accepted → 200; shared and the policy topic out of reach → 503.
     */
    void put(RoutingContext ctx) {
        String ifMatch = ctx.request().getHeader("If-Match");
        if (ifMatch == null || ifMatch.isBlank()) {
            AdminJson.error(ctx, 428, "precondition_required",
                    "PUT /admin/routing needs If-Match with the ETag of the policy it changes (GET /admin/routing)");
            return;
        }
        if (ifMatch.trim().startsWith("W/")) {
            // If-Match compares strongly (RFC 9110, 13.1.1): a weak validator matches no policy version.
            AdminJson.error(ctx, 412, "precondition_failed", "If-Match holds a weak ETag (W/...), which never "
                    + "matches; send the policy's ETag as GET /admin/routing gives it, like \"7\"");
            return;
        }
        long version;
        try {
            version = parseEtag(ifMatch);
        } catch (NumberFormatException e) {
            AdminJson.error(ctx, 400, "bad_request", "If-Match must be the policy's ETag, like \"7\"");
            return;
        }
        String body = ctx.body().asString();
        String actor = actor(ctx);
        String reason = headerOr(ctx, REASON_HEADER, "");
        routing.change(() -> replace(body == null ? "" : body, version, actor, reason))
                .onSuccess(result -> answer(ctx, result))
                .onFailure(ctx::fail);
    }

    /**
     * {@code POST /admin/routes/{name}/canary} {@code {"variant", "percent"[, "guard"][, "reason"]}}; the reason may
     * also come as {@code X-Change-Reason}.
     */
    void canary(RoutingContext ctx) {
        JsonNode body = jsonBody(ctx);
        if (body == null) {
            return;
        }
        List<ValidationError> errors = new ArrayList<>();
        JsonNode variant = body.path("variant");
        JsonNode percent = body.path("percent");
        if (!variant.isTextual() || variant.asText().isBlank()) {
            errors.add(new ValidationError("/variant", "is required: the name of one of the route's variants"));
        }
        if (!percent.isIntegralNumber()) {
            errors.add(new ValidationError("/percent", "is required: a whole number 0..100"));
        }
        RoutingPolicy.Guard guard = null;
        if (body.hasNonNull("guard")) {
            try {
                guard = AdminJson.MAPPER.treeToValue(body.get("guard"), RoutingPolicy.Guard.class);
            } catch (Exception e) {
                errors.add(new ValidationError("/guard", "is not a guard: " + firstLine(e.getMessage())));
            }
        }
        if (!errors.isEmpty()) {
            AdminJson.invalid(ctx, "the canary request is invalid", errors);
            return;
        }
        String route = ctx.pathParam("name");
        RoutingPolicy.Guard chosen = guard;
        String actor = actor(ctx);
        String reason = reason(ctx, body);
        change(ctx, store -> store.startCanary(route, variant.asText(), percent.intValue(), chosen, actor, reason));
    }

    /** {@code POST /admin/routes/{name}/promote} {@code [{"reason"}]}. */
    void promote(RoutingContext ctx) {
        JsonNode body = jsonBody(ctx);
        if (body == null) {
            return;
        }
        String route = ctx.pathParam("name");
        String actor = actor(ctx);
        String reason = reason(ctx, body);
        change(ctx, store -> store.promote(route, actor, reason));
    }

    /** {@code POST /admin/routes/{name}/rollback} {@code [{"reason"}]}. */
    void rollback(RoutingContext ctx) {
        JsonNode body = jsonBody(ctx);
        if (body == null) {
            return;
        }
        String reason = reason(ctx, body);
        String route = ctx.pathParam("name");
        String actor = actor(ctx);
        change(ctx, store -> store.rollback(route, actor, reason));
    }

    /** The body's {@code reason}, else {@code X-Change-Reason}, else none. */
    private static String reason(RoutingContext ctx, JsonNode body) {
        return body.path("reason").isTextual() ? body.path("reason").asText() : headerOr(ctx, REASON_HEADER, "");
    }

    private void change(RoutingContext ctx, Function<PolicyStore, UpdateResult> edit) {
        routing.change(() -> edit.apply(routing.store()))
                .onSuccess(result -> answer(ctx, result))
                .onFailure(ctx::fail);
    }

    /**
     * Validates in full, checks the version, holds it to the operator's rule (data residency) before anything is
     * built for it, builds the providers it names, then asks the store. Blocking.
     */
    private UpdateResult replace(String json, long ifMatch, String actor, String reason) {
        List<ValidationError> errors = validator.validate(json);
        if (!errors.isEmpty()) {
            return new UpdateResult.Rejected(errors);
        }
        long current = routing.store().current().version();
        if (current != ifMatch) {
            return new UpdateResult.Conflict(current, ifMatch);
        }
        RoutingPolicy proposed = RoutingPolicy.parse(json);
        List<ValidationError> broken = routing.store().check(proposed);
        if (!broken.isEmpty()) {
            return new UpdateResult.Rejected(broken);
        }
        List<ValidationError> unmakeable = routing.providers().prepare(proposed);
        UpdateResult result = unmakeable.isEmpty()
                ? routing.store().update(proposed, ifMatch, actor, reason)
                : new UpdateResult.Rejected(unmakeable);
        if (!(result instanceof UpdateResult.Accepted)) {
            routing.providers().retire(routing.store().current()); // what prepare built for nothing
        }
        return result;
    }

    private static void answer(RoutingContext ctx, UpdateResult result) {
        if (result instanceof UpdateResult.Accepted a) {
            AdminJson.policy(ctx, 200, a.policy());
        } else if (result instanceof UpdateResult.Conflict c) {
            ctx.response().putHeader("ETag", AdminJson.etag(c.currentVersion()));
            String based = ctx.request().method() == HttpMethod.PUT
                    ? "If-Match " + AdminJson.etag(c.ifMatchVersion()) + " is not the current version "
                    : "the change was made on version " + AdminJson.etag(c.ifMatchVersion())
                    + ", but another change came first; the current version is ";
            AdminJson.error(ctx, 409, "stale_version", based + AdminJson.etag(c.currentVersion())
                    + "; GET /admin/routing, reapply the change, and retry");
        } else if (result instanceof UpdateResult.Rejected r) {
            AdminJson.invalid(ctx, r.errors().size() == 1 ? "the policy has 1 error"
                    : "the policy has " + r.errors().size() + " errors", r.errors());
        } else if (result instanceof UpdateResult.NotFound n) {
            AdminJson.error(ctx, 404, "not_found", n.message());
        } else if (result instanceof UpdateResult.Unavailable u) {
            ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, u.retryAfter().toSeconds())));
            AdminJson.error(ctx, 503, "policy_topic_unavailable", u.message());
        }
    }

    /** The body as JSON ({@code {}} when empty); answers 400 and returns null when it is not a JSON object. */
    private static JsonNode jsonBody(RoutingContext ctx) {
        String text = ctx.body().asString();
        if (text == null || text.isBlank()) {
            return AdminJson.MAPPER.createObjectNode();
        }
        try {
            JsonNode node = AdminJson.MAPPER.readTree(text);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (Exception e) {
            // answered below
        }
        AdminJson.error(ctx, 400, "bad_request", "the body must be a JSON object");
        return null;
    }

    static long parseEtag(String value) {
        String v = value.trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return Long.parseLong(v);
    }

    /**
     * A named token's name; for {@code GATEWAY_ADMIN_TOKEN}, shared by whoever holds it, the {@code X-Admin-Actor}
     * header may say who, as before named tokens.
     */
    private static String actor(RoutingContext ctx) {
        AdminIdentity who = AdminIdentity.of(ctx);
        return AdminTokens.LEGACY_NAME.equals(who.name()) ? headerOr(ctx, ACTOR_HEADER, DEFAULT_ACTOR) : who.name();
    }

    private static String headerOr(RoutingContext ctx, String name, String fallback) {
        String v = ctx.request().getHeader(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
