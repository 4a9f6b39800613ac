package org.freerpacapture.gateway.routing;

import org.freerpacapture.gateway.routing.RoutingPolicy.Route;
import org.freerpacapture.gateway.routing.RoutingPolicy.Variant;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A short account of what changed between two policies, for the history: providers and routes added or removed,
 * route order, and per route its match, variants, weights, stickiness, canary, shadow, cascade and fallback.
 * Provider settings are named as changed, never printed.
 */
final class PolicyDiff {

    private PolicyDiff() {
    }

    static List<String> summarize(RoutingPolicy before, RoutingPolicy after) {
        List<String> out = new ArrayList<>();
        before.providers().keySet().stream().filter(id -> !after.providers().containsKey(id))
                .forEach(id -> out.add("provider " + id + " removed"));
        after.providers().forEach((id, spec) -> {
            RoutingPolicy.ProviderSpec old = before.providers().get(id);
            if (old == null) {
                out.add("provider " + id + " added (" + spec.kind() + ")");
            } else if (!old.equals(spec)) {
                out.add("provider " + id + " changed");
            }
        });
        List<String> namesBefore = before.routes().stream().map(Route::name).toList();
        List<String> namesAfter = after.routes().stream().map(Route::name).toList();
        namesBefore.stream().filter(n -> !namesAfter.contains(n)).forEach(n -> out.add("route " + n + " removed"));
        for (Route r : after.routes()) {
            before.route(r.name()).ifPresentOrElse(
                    old -> routeChanges(old, r, out),
                    () -> out.add("route " + r.name() + " added: " + weights(r)));
        }
        List<String> kept = namesBefore.stream().filter(namesAfter::contains).toList();
        List<String> keptAfter = namesAfter.stream().filter(namesBefore::contains).toList();
        if (!kept.equals(keptAfter)) {
            out.add("routes reordered: " + String.join(", ", namesAfter));
        }
        if (out.isEmpty()) {
            out.add("no change");
        }
        return List.copyOf(out);
    }

    private static void routeChanges(Route a, Route b, List<String> out) {
        String p = "route " + b.name() + ": ";
        if (!a.match().equals(b.match())) {
            out.add(p + "match changed");
        }
        List<String> vb = b.variants().stream().map(Variant::name).toList();
        List<String> va = a.variants().stream().map(Variant::name).toList();
        a.variants().stream().filter(v -> !vb.contains(v.name()))
                .forEach(v -> out.add(p + "variant " + v.name() + " removed"));
        b.variants().stream().filter(v -> !va.contains(v.name()))
                .forEach(v -> out.add(p + "variant " + v.name() + " added (" + v.provider() + ", weight "
                        + v.weight() + ")"));
        List<String> moved = new ArrayList<>();
        for (Variant v : b.variants()) {
            a.variant(v.name()).ifPresent(old -> {
                if (!old.provider().equals(v.provider())) {
                    out.add(p + "variant " + v.name() + " provider " + old.provider() + " → " + v.provider());
                }
                if (old.weight() != v.weight()) {
                    moved.add(v.name() + " " + old.weight() + "→" + v.weight());
                }
            });
        }
        if (!moved.isEmpty()) {
            out.add(p + "weights " + String.join(", ", moved));
        }
        if (!Objects.equals(a.stickyBy(), b.stickyBy())) {
            out.add(p + "stickyBy " + orNone(a.stickyBy()) + " → " + orNone(b.stickyBy()));
        }
        if (!Objects.equals(a.canary(), b.canary())) {
            if (b.canary() == null) {
                out.add(p + "canary " + a.canary().variant() + " ended");
            } else if (a.canary() == null || !a.canary().variant().equals(b.canary().variant())) {
                out.add(p + "canary " + b.canary().variant() + (b.canary().guard() == null ? " without guard"
                        : " with guard"));
            } else {
                out.add(p + "canary " + b.canary().variant() + " guard changed");
            }
        }
        if (!Objects.equals(a.shadow(), b.shadow())) {
            out.add(p + (b.shadow() == null ? "shadow removed" : String.format(Locale.ROOT, "shadow %s %s%%",
                    b.shadow().provider(), stripZeros(b.shadow().percent()))));
        }
        if (!Objects.equals(a.cascade(), b.cascade())) {
            out.add(p + (b.cascade() == null ? "cascade removed" : String.format(Locale.ROOT,
                    "cascade below %s to %s", stripZeros(b.cascade().minConfidence()), b.cascade().escalateTo())));
        }
        if (!a.fallback().equals(b.fallback())) {
            out.add(p + "fallback " + b.fallback());
        }
    }

    private static String weights(Route r) {
        return r.variants().stream().map(v -> v.name() + "=" + v.weight()).collect(Collectors.joining(", "));
    }

    private static String orNone(String s) {
        return s == null ? "none" : s;
    }

    private static String stripZeros(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
