package org.freerpacapture.gateway.routing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.networknt.schema.ValidationMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a policy document and reports every problem, not just the first, each at its JSON pointer.
 *
 * <p>Structure (types, required fields, ranges, enums) comes from {@link PolicySchema}; the rules a schema cannot
 * say are checked here: a catch-all route exists and is last, provider references resolve, names are unique, a
 * route's weights sum to more than 0, a canary names a variant of its route, a guard sets a limit and has a window
 * between 10s and 1h, page-count bounds are ordered, and secrets are references. Where both find a problem at the
 * same pointer, only the more specific message of the rule is kept.
 */
public final class PolicyValidator {

    /** Settings whose value is a secret and so must be a reference; compared case-insensitively. */
    static final Set<String> SECRET_FIELDS = Set.of(
            "key", "apikey", "credentials", "secret", "token", "password", "clientsecret", "secretaccesskey");

    private static final Pattern STICKY = Pattern.compile(
            "none|header:[A-Za-z0-9!#$%&'*+.^_`|~-]+|query:[A-Za-z0-9._~-]+");
    private static final Pattern SECRET_REFERENCE = Pattern.compile("(env|file):.+");

    /** Validates a JSON text; malformed JSON gives one error at pointer {@code ""} with its line and column. */
    public List<ValidationError> validate(String json) {
        JsonNode tree;
        try {
            tree = PolicyJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return List.of(new ValidationError("", "malformed JSON" + where + ": " + e.getOriginalMessage()));
        }
        return validate(tree);
    }

    /** Validates a parsed document. */
    public List<ValidationError> validate(JsonNode tree) {
        return check(tree).errors();
    }

    /** A document's errors, or, when it has none, the policy it binds to. */
    record Checked(List<ValidationError> errors, RoutingPolicy policy) {
    }

    /** Validates a parsed document and binds it when valid: binding has the last word (see {@link #bind}). */
    Checked check(JsonNode tree) {
        if (tree == null || tree.isMissingNode()) {
            return new Checked(List.of(new ValidationError("", "empty document: a policy is a JSON object")), null);
        }
        List<ValidationError> rules = new ArrayList<>();
        new Rules(tree, rules).check();
        Set<String> ruled = new HashSet<>();
        rules.forEach(e -> ruled.add(e.pointer()));

        Set<ValidationError> all = new LinkedHashSet<>(rules);
        for (ValidationMessage m : PolicySchema.compiled().validate(tree)) {
            ValidationError e = fromSchema(m);
            if (!ruled.contains(e.pointer())) {
                all.add(e);
            }
        }
        List<ValidationError> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(ValidationError::pointer, PolicyValidator::comparePointers)
                .thenComparing(ValidationError::message));
        return sorted.isEmpty() ? bind(tree) : new Checked(List.copyOf(sorted), null);
    }

    /**
     * A policy found valid must also bind, or it would pass validation and fail to load. The schema library lets
     * some unknown fields through (a name starting with {@code #}), so binding has the last word.
     */
    private static Checked bind(JsonNode tree) {
        try {
            return new Checked(List.of(), PolicyJson.MAPPER.treeToValue(tree, RoutingPolicy.class));
        } catch (UnrecognizedPropertyException e) {
            return failed(new ValidationError(pointer(e.getPath()), "is not a known field here"));
        } catch (JsonMappingException e) {
            return failed(new ValidationError(pointer(e.getPath()), e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            return failed(new ValidationError("", e.getOriginalMessage()));
        }
    }

    private static Checked failed(ValidationError error) {
        return new Checked(List.of(error), null);
    }

    private static String pointer(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            out.append('/').append(step.getFieldName() != null ? ValidationError.token(step.getFieldName())
                    : Integer.toString(step.getIndex()));
        }
        return out.toString();
    }

    /** Validates a policy built in code, e.g. after a canary operation. */
    public List<ValidationError> validate(RoutingPolicy policy) {
        return validate(PolicyJson.toTree(policy));
    }

    private static ValidationError fromSchema(ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        String property = m.getProperty();
        return switch (m.getType()) {
            case "required" -> new ValidationError(at + "/" + ValidationError.token(property), "is required");
            case "additionalProperties" -> new ValidationError(at + "/" + ValidationError.token(property),
                    "is not a known field here");
            default -> new ValidationError(at, stripLocation(m.getMessage(), at));
        };
    }

    /** The library prefixes messages with the location; the pointer already says it. */
    private static String stripLocation(String message, String at) {
        String prefix = at + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** Orders pointers by document position: numeric tokens as numbers. */
    static int comparePointers(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c;
            if (x[i].matches("\\d+") && y[i].matches("\\d+")) {
                c = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
            } else {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** The semantic rules over one document. Defensive: parts of the wrong type are left to the schema. */
    private static final class Rules {
        private final JsonNode root;
        private final List<ValidationError> out;
        private final Set<String> providers = new HashSet<>();

        Rules(JsonNode root, List<ValidationError> out) {
            this.root = root;
            this.out = out;
        }

        void check() {
            if (!root.isObject()) {
                return;
            }
            JsonNode ps = root.path("providers");
            if (ps.isObject()) {
                ps.fieldNames().forEachRemaining(providers::add);
                ps.fields().forEachRemaining(p -> checkProvider("/providers/" + ValidationError.token(p.getKey()),
                        p.getValue()));
            }
            JsonNode routes = root.path("routes");
            if (!routes.isArray()) {
                return;
            }
            Map<String, Integer> names = new HashMap<>();
            int catchAll = -1;
            for (int i = 0; i < routes.size(); i++) {
                JsonNode route = routes.get(i);
                String at = "/routes/" + i;
                if (!route.isObject()) {
                    continue;
                }
                String name = route.path("name").asText(null);
                if (name != null) {
                    Integer first = names.putIfAbsent(name, i);
                    if (first != null) {
                        error(at + "/name", "duplicate route name '" + name + "' (first at /routes/" + first + ")");
                    }
                }
                if (catchAll >= 0) {
                    error(at, "unreachable: the catch-all route at /routes/" + catchAll + " comes before it");
                } else if (isCatchAll(route.get("match"))) {
                    catchAll = i;
                }
                checkRoute(at, route);
            }
            if (catchAll < 0) {
                error("/routes", "no catch-all route: the last route needs \"match\": {} so every request has one");
            }
        }

        private void checkProvider(String at, JsonNode spec) {
            if (!spec.isObject()) {
                return;
            }
            spec.fields().forEachRemaining(f -> {
                if (SECRET_FIELDS.contains(f.getKey().toLowerCase(Locale.ROOT))
                        && !(f.getValue().isTextual() && SECRET_REFERENCE.matcher(f.getValue().asText()).matches())) {
                    error(at + "/" + ValidationError.token(f.getKey()),
                            "a secret is referenced as env:NAME or file:PATH, never written in the policy");
                }
            });
        }

        private static boolean isCatchAll(JsonNode match) {
            if (match == null || match.isNull()) {
                return true;
            }
            if (!match.isObject()) {
                return false;
            }
            for (Iterator<JsonNode> it = match.elements(); it.hasNext(); ) {
                JsonNode v = it.next();
                if (!(v.isNull() || ((v.isArray() || v.isObject()) && v.isEmpty()))) {
                    return false;
                }
            }
            return true;
        }

        private void checkRoute(String at, JsonNode route) {
            checkMatch(at + "/match", route.path("match"));
            Set<String> variantNames = checkVariants(at + "/variants", route.path("variants"));

            JsonNode sticky = route.path("stickyBy");
            if (sticky.isTextual() && !STICKY.matcher(sticky.asText()).matches()) {
                error(at + "/stickyBy", "must be header:NAME, query:NAME or none, got '" + sticky.asText() + "'");
            }
            JsonNode shadow = route.path("shadow");
            if (shadow.isObject()) {
                reference(at + "/shadow/provider", shadow.path("provider"));
                percent(at + "/shadow/percent", shadow.path("percent"));
            }
            JsonNode canary = route.path("canary");
            if (canary.isObject()) {
                JsonNode variant = canary.path("variant");
                if (variant.isTextual() && !variantNames.contains(variant.asText())) {
                    error(at + "/canary/variant", "'" + variant.asText() + "' is not a variant of this route");
                }
                checkGuard(at + "/canary/guard", canary.path("guard"), shadow.isObject());
            }
            JsonNode cascade = route.path("cascade");
            if (cascade.isObject()) {
                reference(at + "/cascade/escalateTo", cascade.path("escalateTo"));
            }
            JsonNode fallback = route.path("fallback");
            if (fallback.isArray()) {
                for (int j = 0; j < fallback.size(); j++) {
                    reference(at + "/fallback/" + j, fallback.get(j));
                }
            }
        }

        private void checkMatch(String at, JsonNode match) {
            JsonNode pages = match.path("pageCount");
            JsonNode min = pages.path("min");
            JsonNode max = pages.path("max");
            if (min.isIntegralNumber() && max.isIntegralNumber() && min.asLong() > max.asLong()) {
                error(at + "/pageCount", "min " + min.asLong() + " is above max " + max.asLong());
            }
        }

        private Set<String> checkVariants(String at, JsonNode variants) {
            Set<String> names = new HashSet<>();
            if (!variants.isArray()) {
                return names;
            }
            long sum = 0;
            boolean weightsReadable = true;
            for (int j = 0; j < variants.size(); j++) {
                JsonNode v = variants.get(j);
                String vat = at + "/" + j;
                String name = v.path("name").asText(null);
                if (name != null && !names.add(name)) {
                    error(vat + "/name", "duplicate variant name '" + name + "' in this route");
                }
                reference(vat + "/provider", v.path("provider"));
                JsonNode weight = v.path("weight");
                if (weight.isIntegralNumber()) {
                    if (weight.asLong() < 0) {
                        error(vat + "/weight", "must not be negative, got " + weight.asLong());
                        weightsReadable = false;
                    }
                    sum += weight.asLong();
                } else {
                    weightsReadable = false;
                }
            }
            if (weightsReadable && !variants.isEmpty() && sum == 0) {
                error(at, "weights sum to 0: at least one variant needs a weight above 0");
            }
            return names;
        }

        private void checkGuard(String at, JsonNode guard, boolean routeHasShadow) {
            if (!guard.isObject()) {
                return;
            }
            if (!guard.has("maxErrorRate") && !guard.has("maxP99Ms") && !guard.has("minAgreement")) {
                error(at, "a guard needs at least one of maxErrorRate, maxP99Ms, minAgreement");
            }
            if (guard.has("minAgreement") && !routeHasShadow) {
                error(at + "/minAgreement", "agreement is measured by a shadow; this route has none");
            }
            JsonNode window = guard.path("window");
            if (window.isTextual()) {
                Optional<Duration> d = GuardWindow.parse(window.asText());
                if (d.isEmpty()) {
                    error(at + "/window", "must be a whole number of s, m or h, like 30s, 5m or 1h; got '"
                            + window.asText() + "'");
                } else if (d.get().compareTo(GuardWindow.MIN) < 0 || d.get().compareTo(GuardWindow.MAX) > 0) {
                    error(at + "/window", "must be between 10s and 1h, got " + window.asText());
                }
            }
        }

        private void percent(String at, JsonNode percent) {
            if (percent.isNumber() && (percent.asDouble() < 0 || percent.asDouble() > 100)) {
                error(at, "must be between 0 and 100, got " + percent.asText());
            }
        }

        private void reference(String at, JsonNode id) {
            if (id.isTextual() && !providers.contains(id.asText())) {
                error(at, "unknown provider '" + id.asText() + "': not a key of /providers");
            }
        }

        private void error(String pointer, String message) {
            out.add(new ValidationError(pointer, message));
        }
    }
}
