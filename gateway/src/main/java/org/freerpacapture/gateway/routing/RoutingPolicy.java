package org.freerpacapture.gateway.routing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The routing policy: which provider reads each request. The JSON form is the admin API's document (see
 * {@code docs/routing.md}); {@link #parse(String)} validates before binding, so a parsed policy is always valid.
 *
 * @param version   assigned by the {@link PolicyStore} on every accepted change (the ETag); 0 when not yet assigned
 * @param providers provider id to its kind and settings, in declared order
 * @param routes    tried in order; the first whose match holds wins; the last is a catch-all
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"version", "providers", "routes"})
public record RoutingPolicy(long version, Map<String, ProviderSpec> providers, List<Route> routes) {

    public RoutingPolicy {
        providers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(providers, "providers")));
        routes = List.copyOf(Objects.requireNonNull(routes, "routes"));
    }

    /**
     * Validates and binds a policy document.
     *
     * @throws InvalidPolicyException with every error found, each with its JSON pointer
     */
    public static RoutingPolicy parse(String json) {
        return PolicyJson.parse(json);
    }

    /** Binds an already validated tree; throws {@link InvalidPolicyException} if it is not valid. */
    public static RoutingPolicy fromTree(JsonNode tree) {
        return PolicyJson.fromTree(tree);
    }

    /** The admin API's document, pretty-printed. */
    public String toJson() {
        return PolicyJson.write(this);
    }

    /**
     * The policy a gateway runs with when none is configured: everything is read by the local PP-OCRv4 engine; PP-OCRv3
     * and PP-OCRv4 with one recognizer, English or multilingual, are declared so an operator can route to them or A/B
     * them without adding a provider first.
     */
    public static RoutingPolicy defaultPolicy() {
        Map<String, ProviderSpec> providers = new LinkedHashMap<>();
        providers.put("onnx:ppocr-v4", new ProviderSpec("onnx", Map.of("model", "ppocr-v4")));
        providers.put("onnx:ppocr-v3", new ProviderSpec("onnx", Map.of("model", "ppocr-v3")));
        providers.put("onnx:ppocr-v4-en", new ProviderSpec("onnx", Map.of("model", "ppocr-v4-en")));
        providers.put("onnx:ppocr-v4-ch", new ProviderSpec("onnx", Map.of("model", "ppocr-v4-ch")));
        Route route = new Route("default", Match.ANY, List.of(new Variant("local", "onnx:ppocr-v4", 100)),
                null, null, null, null, List.of());
        return new RoutingPolicy(1, providers, List.of(route));
    }

    public RoutingPolicy withVersion(long newVersion) {
        return new RoutingPolicy(newVersion, providers, routes);
    }

    /** This policy with the route of the same name replaced. */
    public RoutingPolicy withRoute(Route replacement) {
        List<Route> next = new ArrayList<>(routes.size());
        boolean found = false;
        for (Route r : routes) {
            if (r.name().equals(replacement.name())) {
                next.add(replacement);
                found = true;
            } else {
                next.add(r);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no route named " + replacement.name());
        }
        return new RoutingPolicy(version, providers, next);
    }

    public Optional<Route> route(String name) {
        return routes.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Optional<ProviderSpec> provider(String id) {
        return Optional.ofNullable(providers.get(id));
    }

    /**
     * A provider's kind and its settings. On the wire it is one flat object: {@code {"kind": "onnx", "model": "…"}}.
     * Cloud adapters read fields such as region, endpoint, key, model, apiVersion, project, location, processor and
     * credentials. Secret fields hold references ({@code env:NAME}, {@code file:PATH}), never the secret itself.
     */
    public record ProviderSpec(String kind, Map<String, Object> config) {

        public ProviderSpec {
            Objects.requireNonNull(kind, "kind");
            config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static ProviderSpec fromWire(Map<String, Object> wire) {
            Map<String, Object> config = new LinkedHashMap<>(wire);
            Object kind = config.remove("kind");
            return new ProviderSpec(kind == null ? null : kind.toString(), config);
        }

        @JsonValue
        Map<String, Object> toWire() {
            Map<String, Object> wire = new LinkedHashMap<>();
            wire.put("kind", kind);
            wire.putAll(config);
            return wire;
        }

        /** A text setting, e.g. {@code string("model")}. */
        public Optional<String> string(String field) {
            Object v = config.get(field);
            return v == null ? Optional.empty() : Optional.of(v.toString());
        }
    }

    /**
     * One route.
     *
     * @param match    when it applies; {@link Match#ANY} when absent
     * @param stickyBy {@code header:NAME}, {@code query:NAME}, {@code none} or null (the request id)
     * @param canary   the variant under a canary, or null
     * @param shadow   a copy of some traffic sent to another provider off the response path, or null
     * @param cascade  low-confidence pages re-read by another provider, or null
     * @param fallback provider ids tried in order when the chosen one fails; empty when none
     * @param onBudgetExhausted what a request does once its tenant's cloud budget is spent and this route would
     *                          call a paid provider: {@code local} (null: the default) or {@code refuse}
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"name", "match", "variants", "stickyBy", "canary", "shadow", "cascade", "fallback",
            "onBudgetExhausted"})
    public record Route(String name, Match match, List<Variant> variants, String stickyBy, Canary canary,
                        Shadow shadow, Cascade cascade, List<String> fallback, String onBudgetExhausted) {

        /** Serve with a local provider instead of a paid one once the tenant's budget is spent. */
        public static final String BUDGET_LOCAL = "local";
        /** Refuse (402 {@code budget_exhausted}) what a paid provider would serve once the budget is spent. */
        public static final String BUDGET_REFUSE = "refuse";

        @JsonCreator
        public Route {
            Objects.requireNonNull(name, "name");
            match = match == null ? Match.ANY : match;
            variants = List.copyOf(variants);
            fallback = fallback == null ? List.of() : List.copyOf(fallback);
        }

        /** A route that serves locally once the budget is spent, the default. */
        public Route(String name, Match match, List<Variant> variants, String stickyBy, Canary canary,
                     Shadow shadow, Cascade cascade, List<String> fallback) {
            this(name, match, variants, stickyBy, canary, shadow, cascade, fallback, null);
        }

        /** Whether the route refuses, rather than serves locally, once the tenant's cloud budget is spent. */
        public boolean refusesOverBudget() {
            return BUDGET_REFUSE.equals(onBudgetExhausted);
        }

        /** Sum of the variants' weights. */
        public long totalWeight() {
            return variants.stream().mapToLong(Variant::weight).sum();
        }

        public Optional<Variant> variant(String variantName) {
            return variants.stream().filter(v -> v.name().equals(variantName)).findFirst();
        }

        public Route withVariants(List<Variant> newVariants) {
            return new Route(name, match, newVariants, stickyBy, canary, shadow, cascade, fallback,
                    onBudgetExhausted);
        }

        public Route withCanary(Canary newCanary) {
            return new Route(name, match, variants, stickyBy, newCanary, shadow, cascade, fallback,
                    onBudgetExhausted);
        }
    }

    /**
     * When a route applies. Every field given must hold; a null or empty field matches anything.
     *
     * @param task        {@code document} and/or {@code screen}
     * @param region      the request's region (the gateway's, unless a trusted proxy names one); case-insensitive
     * @param header      header name (case-insensitive) to the values that match (exact)
     * @param contentType media types without parameters; {@code image/*} matches every image type
     * @param pageCount   inclusive bounds on the page count
     * @param tenant      the tenants whose requests match (exact): the tenant of the caller's API key or token,
     *                    {@code default} while callers are not authenticated
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Match(List<String> task, List<String> region, Map<String, List<String>> header,
                        List<String> contentType, PageCount pageCount, List<String> tenant) {

        /** Matches every request. */
        public static final Match ANY = new Match(List.of(), List.of(), Map.of(), List.of(), null, List.of());

        @JsonCreator
        public Match {
            task = task == null ? List.of() : List.copyOf(task);
            region = region == null ? List.of() : List.copyOf(region);
            header = header == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(header));
            contentType = contentType == null ? List.of() : List.copyOf(contentType);
            tenant = tenant == null ? List.of() : List.copyOf(tenant);
        }

        /** Whatever the tenant. */
        public Match(List<String> task, List<String> region, Map<String, List<String>> header,
                     List<String> contentType, PageCount pageCount) {
            this(task, region, header, contentType, pageCount, List.of());
        }

        /** True when this match holds for every request. */
        @JsonIgnore
        public boolean isCatchAll() {
            return task.isEmpty() && region.isEmpty() && header.isEmpty() && contentType.isEmpty()
                    && (pageCount == null || (pageCount.min() == null && pageCount.max() == null))
                    && tenant.isEmpty();
        }
    }

    /** Inclusive page-count bounds; either may be null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PageCount(Integer min, Integer max) {
    }

    /** A share of a route's traffic served by one provider. Weights are relative within the route. */
    public record Variant(String name, String provider, int weight) {

        public Variant {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(provider, "provider");
        }

        public Variant withWeight(int newWeight) {
            return new Variant(name, provider, newWeight);
        }
    }

    /**
     * A variant under watch.
     *
     * @param guard    the limits that roll it back by themselves, or null for a canary without a guard
     * @param onBreach what a breach does; only {@code rollback} (weight to 0), the default
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Canary(String variant, Guard guard, String onBreach) {

        public Canary {
            Objects.requireNonNull(variant, "variant");
            onBreach = onBreach == null ? "rollback" : onBreach;
        }
    }

    /**
     * A canary's limits, checked over {@code window} on the canary variant's own statistics once it has at least
     * {@code minRequests} requests there. A null limit is not checked.
     *
     * @param minRequests defaults to {@value #DEFAULT_MIN_REQUESTS}
     * @param window      {@code 30s}, {@code 5m}, {@code 1h}; defaults to {@value #DEFAULT_WINDOW}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Guard(Double maxErrorRate, Long maxP99Ms, Double minAgreement, Integer minRequests,
                        String window) {

        public static final int DEFAULT_MIN_REQUESTS = 100;
        public static final String DEFAULT_WINDOW = "5m";

        /** The requests needed in the window before any limit is judged. */
        public int effectiveMinRequests() {
            return minRequests == null ? DEFAULT_MIN_REQUESTS : minRequests;
        }

        /** The window as a duration; the validator has checked it parses. */
        public Duration windowDuration() {
            return GuardWindow.parse(window == null ? DEFAULT_WINDOW : window)
                    .orElseThrow(() -> new IllegalStateException("unparseable guard window " + window));
        }
    }

    /** A share of traffic also sent to {@code provider}, off the response path, to measure agreement. */
    public record Shadow(String provider, double percent) {

        public Shadow {
            Objects.requireNonNull(provider, "provider");
        }
    }

    /**
     * Pages whose mean line confidence is below {@code minConfidence} are re-read by {@code escalateTo}.
     *
     * @param scope only {@code page}: escalation is per page, never the whole document
     */
    public record Cascade(double minConfidence, String scope, String escalateTo) {

        public Cascade {
            Objects.requireNonNull(escalateTo, "escalateTo");
            scope = scope == null ? "page" : scope;
        }
    }
}
