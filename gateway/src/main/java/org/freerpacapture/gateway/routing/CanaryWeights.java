package org.freerpacapture.gateway.routing;

import org.freerpacapture.gateway.routing.RoutingPolicy.Canary;
import org.freerpacapture.gateway.routing.RoutingPolicy.Guard;
import org.freerpacapture.gateway.routing.RoutingPolicy.Route;
import org.freerpacapture.gateway.routing.RoutingPolicy.Variant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The weight arithmetic of canary operations; a route in, a route out.
 *
 * <ul>
 *   <li><b>start</b> at p%: the canary's weight becomes p and the other variants share 100 − p in proportion to
 *   their current weights (equally if they all have 0), rounded by largest remainder so the route sums to 100.</li>
 *   <li><b>promote</b>: the canary gets 100, every other variant 0, and the canary block is removed: the canary
 *   has become the route's variant of record.</li>
 *   <li><b>rollback</b> (by an operator or a guard breach): the canary's weight becomes 0; the others keep theirs;
 *   the canary block stays, so the state and its guard remain visible.</li>
 * </ul>
 */
final class CanaryWeights {

    private CanaryWeights() {
    }

    /**
     * @param guard the guard to watch the canary with; null keeps the route's current guard, if any
     */
    static Route start(Route route, String canaryVariant, int percent, Guard guard) {
        List<Variant> others = route.variants().stream().filter(v -> !v.name().equals(canaryVariant)).toList();
        int[] shares = shareOut(100 - percent, others);
        List<Variant> next = new ArrayList<>();
        int o = 0;
        for (Variant v : route.variants()) {
            next.add(v.name().equals(canaryVariant) ? v.withWeight(percent) : v.withWeight(shares[o++]));
        }
        Canary old = route.canary();
        Guard keptGuard = guard != null ? guard : old == null ? null : old.guard();
        return route.withVariants(next).withCanary(new Canary(canaryVariant, keptGuard, old == null ? null
                : old.onBreach()));
    }

    static Route promote(Route route) {
        String canary = route.canary().variant();
        List<Variant> next = route.variants().stream()
                .map(v -> v.withWeight(v.name().equals(canary) ? 100 : 0))
                .toList();
        return route.withVariants(next).withCanary(null);
    }

    static Route rollback(Route route) {
        String canary = route.canary().variant();
        List<Variant> next = route.variants().stream()
                .map(v -> v.name().equals(canary) ? v.withWeight(0) : v)
                .toList();
        return route.withVariants(next);
    }

    /** Splits {@code total} over the variants in proportion to their weights, exactly, by largest remainder. */
    static int[] shareOut(int total, List<Variant> variants) {
        int n = variants.size();
        int[] out = new int[n];
        if (n == 0) {
            return out;
        }
        long sum = variants.stream().mapToLong(Variant::weight).sum();
        double[] exact = new double[n];
        int given = 0;
        for (int i = 0; i < n; i++) {
            exact[i] = sum == 0 ? (double) total / n : (double) total * variants.get(i).weight() / sum;
            out[i] = (int) Math.floor(exact[i]);
            given += out[i];
        }
        List<Integer> byRemainder = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byRemainder.add(i);
        }
        // Stable sort: ties go to the variant declared first.
        byRemainder.sort(Comparator.comparingDouble((Integer i) -> exact[i] - out[i]).reversed());
        for (int k = 0; given < total; k++, given++) {
            out[byRemainder.get(k % n)]++;
        }
        return out;
    }
}
