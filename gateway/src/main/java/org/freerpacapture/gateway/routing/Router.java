package org.freerpacapture.gateway.routing;

import org.freerpacapture.gateway.routing.RoutingPolicy.Match;
import org.freerpacapture.gateway.routing.RoutingPolicy.Route;
import org.freerpacapture.gateway.routing.RoutingPolicy.Variant;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Policy + request attributes → {@link Plan}. A pure function: no clock, no randomness, no state, so the same
 * request under the same policy gets the same plan on every replica.
 *
 * <p><b>Assignment.</b> The sticky key ({@code stickyBy} header or query value; the request id when the route has
 * none or the request lacks it) is hashed with the route name by {@link StickyHash} to a point u in [0, 1). The
 * route's variants are laid end to end in declared order, each taking {@code weight / totalWeight} of [0, 1), and
 * the variant whose segment holds u serves. A key therefore keeps its variant while the weights stay, and moving
 * w% of weight between neighbouring variants moves only the keys in the w% that changed hands.
 *
 * <p><b>Shadow.</b> Sampled by the request id (never the sticky key, so a tenant is not always or never shadowed):
 * a request is shadowed when its shadow point is below {@code percent / 100}. A shadow to the primary's own
 * provider is dropped: it would compare a provider with itself.
 *
 * <p><b>Budget.</b> When the tenant's cloud budget is spent ({@link BudgetState}), the plan calls no paid provider:
 * a paid shadow, cascade or fallback is left out, and a paid variant is replaced by the route's local provider (its
 * first {@code onnx} variant, else its first {@code onnx} fallback, else the policy's first {@code onnx} provider),
 * or refused when the route says {@code onBudgetExhausted: refuse} or there is no local provider. The plan's
 * {@link BudgetDetour} says what was left out.
 */
public final class Router {

    /**
     * Plans one request.
     *
     * @throws IllegalArgumentException if no route matches, which a validated policy rules out (it has a catch-all)
     */
    public Plan route(RoutingPolicy policy, RequestAttributes attrs) {
        return route(policy, attrs, BudgetState.AVAILABLE);
    }

    /**
     * Plans one request of a tenant whose cloud budget is as {@code budget} says.
     *
     * @throws IllegalArgumentException if no route matches, which a validated policy rules out (it has a catch-all)
     */
    public Plan route(RoutingPolicy policy, RequestAttributes attrs, BudgetState budget) {
        Route route = policy.routes().stream()
                .filter(r -> matches(r.match(), attrs))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no route matches; the policy lacks a catch-all"));
        String key = stickyKey(route, attrs);
        Variant variant = pick(route, key);
        boolean canary = route.canary() != null && route.canary().variant().equals(variant.name());

        Optional<String> shadow = Optional.ofNullable(route.shadow())
                .filter(s -> !s.provider().equals(variant.provider()))
                .filter(s -> StickyHash.unit("shadow\0" + route.name() + "\0" + attrs.requestId()) * 100
                        < s.percent())
                .map(RoutingPolicy.Shadow::provider);
        Optional<RoutingPolicy.Cascade> cascade = Optional.ofNullable(route.cascade())
                .filter(c -> !c.escalateTo().equals(variant.provider()));

        List<String> fallback = new ArrayList<>();
        for (String id : route.fallback()) {
            if (!id.equals(variant.provider()) && !fallback.contains(id)) {
                fallback.add(id);
            }
        }
        Plan plan = new Plan(route.name(), variant.name(), variant.provider(), canary, shadow, cascade, fallback,
                key, policy.version());
        return budget.exhausted() ? withinBudget(policy, route, plan, budget.paid()) : plan;
    }

    /** The plan with no paid provider in it; see the class comment. */
    static Plan withinBudget(RoutingPolicy policy, Route route, Plan plan, Set<String> paid) {
        String provider = plan.provider();
        boolean canary = plan.canary();
        BudgetDetour detour = null;
        if (paid.contains(provider)) {
            Optional<String> local = localProvider(policy, route);
            if (route.refusesOverBudget()) {
                detour = BudgetDetour.refused(provider, "the tenant's cloud budget for this month is spent and"
                        + " route '" + route.name() + "' refuses rather than read with a local provider");
            } else if (local.isEmpty()) {
                detour = BudgetDetour.refused(provider, "the tenant's cloud budget for this month is spent and the"
                        + " routing policy has no local provider to read with instead");
            } else {
                detour = BudgetDetour.readLocally(provider);
                provider = local.get();
                canary = false; // the canary's provider did not serve: its guard must not judge this request
            }
        }
        String primary = provider;
        Optional<RoutingPolicy.Cascade> cascade = plan.cascade()
                .filter(c -> !paid.contains(c.escalateTo()) && !c.escalateTo().equals(primary));
        if (detour == null && plan.cascade().isPresent() && cascade.isEmpty()) {
            detour = BudgetDetour.cascadeLeftOut(plan.cascade().get().escalateTo());
        }
        List<String> fallback = plan.fallback().stream()
                .filter(id -> !paid.contains(id) && !id.equals(primary))
                .toList();
        Optional<String> shadow = plan.shadow().filter(id -> !paid.contains(id) && !id.equals(primary));
        return new Plan(plan.route(), plan.variant(), primary, canary, shadow, cascade, fallback, plan.stickyKey(),
                plan.policyVersion(), detour);
    }

    /** The route's first local variant, else its first local fallback, else the policy's first local provider. */
    static Optional<String> localProvider(RoutingPolicy policy, Route route) {
        List<String> candidates = new ArrayList<>();
        route.variants().forEach(v -> candidates.add(v.provider()));
        candidates.addAll(route.fallback());
        candidates.addAll(policy.providers().keySet());
        return candidates.stream()
                .filter(id -> policy.provider(id).map(p -> LOCAL_KIND.equals(p.kind())).orElse(false))
                .findFirst();
    }

    /** The kind of the gateway's own engine: reading with it costs no cloud money. */
    public static final String LOCAL_KIND = "onnx";

    /** Whether every field the match gives holds for the request; empty fields match anything. */
    static boolean matches(Match m, RequestAttributes a) {
        if (!m.task().isEmpty() && !m.task().contains(a.task().wireName())) {
            return false;
        }
        if (!m.region().isEmpty() && (a.region() == null
                || m.region().stream().noneMatch(r -> r.equalsIgnoreCase(a.region())))) {
            return false;
        }
        for (Map.Entry<String, List<String>> h : m.header().entrySet()) {
            Optional<String> value = a.header(h.getKey());
            if (value.isEmpty() || !h.getValue().contains(value.get())) {
                return false;
            }
        }
        if (!m.contentType().isEmpty()) {
            Optional<String> type = a.mediaType();
            if (type.isEmpty() || m.contentType().stream().noneMatch(p -> mediaTypeMatches(p, type.get()))) {
                return false;
            }
        }
        if (!m.tenant().isEmpty() && (a.tenant() == null || !m.tenant().contains(a.tenant()))) {
            return false;
        }
        RoutingPolicy.PageCount pages = m.pageCount();
        if (pages != null && (pages.min() != null || pages.max() != null)) {
            Integer n = a.pageCount();
            if (n == null || (pages.min() != null && n < pages.min()) || (pages.max() != null && n > pages.max())) {
                return false;
            }
        }
        return true;
    }

    private static boolean mediaTypeMatches(String pattern, String type) {
        String p = pattern.toLowerCase(Locale.ROOT);
        return p.endsWith("/*") ? type.startsWith(p.substring(0, p.length() - 1)) : p.equals(type);
    }

    /** The value whose hash picks the variant. */
    static String stickyKey(Route route, RequestAttributes attrs) {
        String by = route.stickyBy();
        Optional<String> value = Optional.empty();
        if (by != null && by.startsWith("header:")) {
            value = attrs.header(by.substring("header:".length()));
        } else if (by != null && by.startsWith("query:")) {
            value = Optional.ofNullable(attrs.query().get(by.substring("query:".length())));
        }
        return value.filter(v -> !v.isBlank()).orElse(attrs.requestId());
    }

    /** The variant whose segment of [0, 1) holds the key's point; see the class comment. */
    static Variant pick(Route route, String key) {
        long total = route.totalWeight();
        if (total <= 0) {
            return route.variants().get(0); // unreachable for a validated policy
        }
        double point = StickyHash.unit(route.name() + "\0" + key) * total;
        long end = 0;
        Variant last = route.variants().get(0);
        for (Variant v : route.variants()) {
            end += v.weight();
            if (v.weight() > 0) {
                last = v;
                if (point < end) {
                    return v;
                }
            }
        }
        return last; // only if rounding put the point at the very end
    }
}
