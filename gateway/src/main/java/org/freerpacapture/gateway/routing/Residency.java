package org.freerpacapture.gateway.routing;

import org.freerpacapture.gateway.routing.RoutingPolicy.Match;
import org.freerpacapture.gateway.routing.RoutingPolicy.ProviderSpec;
import org.freerpacapture.gateway.routing.RoutingPolicy.Route;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Data residency as a rule every policy must keep: documents served in one of {@code regions} are read inside the
 * replica or by providers on {@code hosts}, never elsewhere, whichever route, variant, fallback, shadow or cascade
 * would take them there. It is the operator's setting, not the policy's, so a mistaken policy change cannot lift it.
 *
 * <p>A route can serve a region when its {@code match.region} is empty or names it; routes after one that takes
 * every request of the region (no condition but the region) cannot. Every provider such a route names is judged,
 * variants of weight 0 too, so the change that adds one is refused rather than the canary call that would feed it.
 *
 * @param regions regions whose documents stay, in lower case
 * @param hosts   the provider hosts they may go to: names ({@code eu-documentai.googleapis.com}), {@code *.}
 *                patterns for any name under a domain ({@code *.eu-west-1.amazonaws.com}) or IP literals
 */
public record Residency(Set<String> regions, List<String> hosts) {

    /** No region is bound. */
    public static final Residency NONE = new Residency(Set.of(), List.of());

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
            + "(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    /** Where a provider sends the documents it reads. */
    public sealed interface Destination {

        /** It reads inside the replica ({@code onnx}, {@code test}): nothing leaves. */
        record InReplica() implements Destination {
        }

        /** It sends them to this host, as its endpoint names it. */
        record Host(String name) implements Destination {
        }

        /** It cannot be told: an unknown kind, an endpoint reference that does not resolve. */
        record Unknown(String why) implements Destination {
        }
    }

    public Residency {
        regions = Set.copyOf(regions.stream().map(r -> r.toLowerCase(Locale.ROOT)).toList());
        hosts = List.copyOf(hosts);
    }

    /**
     * From the two settings' comma-separated lists; blank entries are skipped.
     *
     * @throws IllegalArgumentException naming the first host entry that is not a host name, pattern or address
     */
    public static Residency parse(List<String> regions, List<String> hosts) {
        List<String> written = new ArrayList<>();
        for (String host : hosts) {
            String h = host.trim().toLowerCase(Locale.ROOT);
            if (!h.isEmpty()) {
                checkHost(h);
                written.add(h);
            }
        }
        Set<String> names = new LinkedHashSet<>();
        regions.stream().map(String::trim).filter(r -> !r.isEmpty()).forEach(names::add);
        return new Residency(names, written);
    }

    private static void checkHost(String entry) {
        if (entry.contains("/") || entry.contains("[")) {
            throw new IllegalArgumentException("'" + entry + "' is not a host: write the host alone "
                    + "(textract.eu-west-1.amazonaws.com, *.eu-west-1.amazonaws.com), without scheme, port or path");
        }
        if (entry.contains(":")) {
            if (ipv6(entry) == null) {
                throw new IllegalArgumentException("'" + entry + "' is not a host name or IP address (write the "
                        + "host alone, without scheme or port)");
            }
            return;
        }
        String name = entry.startsWith("*.") ? entry.substring(2) : entry;
        boolean dotted = name.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        if (dotted ? !DOTTED_QUAD.matcher(name).matches() || entry.startsWith("*.")
                : !Arrays.stream(name.split("\\.", -1)).allMatch(l -> LABEL.matcher(l).matches())) {
            throw new IllegalArgumentException("'" + entry + "' is not a host name, a *.domain pattern or an IP "
                    + "address");
        }
    }

    /** Whether documents served in {@code region} are bound here. */
    public boolean binds(String region) {
        return region != null && regions.contains(region.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code host}, as a provider's endpoint names it, is one documents of a bound region may go to. */
    public boolean allows(String host) {
        String h = normal(host);
        for (String allowed : hosts) {
            if (allowed.startsWith("*.") ? h.endsWith(allowed.substring(1)) : same(h, allowed)) {
                return true;
            }
        }
        return false;
    }

    private static String normal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static boolean same(String host, String allowed) {
        if (host.contains(":") && allowed.contains(":")) {
            byte[] a = ipv6(host);
            return a != null && Arrays.equals(a, ipv6(allowed));
        }
        return host.equals(allowed);
    }

    /** An IPv6 literal's bytes, or null; with its ':' it is parsed as a literal, never looked up in DNS. */
    private static byte[] ipv6(String text) {
        if (!IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * Every provider reference of {@code policy} that could send a bound region's document elsewhere, at its
     * pointer; empty when none does or no region is bound.
     *
     * @param where where a provider ({@code id}, its entry) sends documents; asked once per provider
     */
    public List<ValidationError> check(RoutingPolicy policy, BiFunction<String, ProviderSpec, Destination> where) {
        Map<String, ValidationError> errors = new LinkedHashMap<>();
        Map<String, Destination> destinations = new HashMap<>();
        for (String region : regions) {
            List<Route> routes = policy.routes();
            for (int i = 0; i < routes.size(); i++) {
                Route route = routes.get(i);
                if (!serves(route.match(), region)) {
                    continue;
                }
                references("/routes/" + i, route).forEach((at, id) -> {
                    Destination d = destinations.computeIfAbsent(id, k -> where.apply(k, policy.providers().get(k)));
                    String refusal = refusal(region, id, d);
                    if (refusal != null) {
                        errors.putIfAbsent(at, new ValidationError(at, refusal));
                    }
                });
                if (takesAll(route.match())) {
                    break;
                }
            }
        }
        return List.copyOf(errors.values());
    }

    private static boolean serves(Match match, String region) {
        return match.region().isEmpty() || match.region().stream().anyMatch(region::equalsIgnoreCase);
    }

    /** Every request of a region it serves matches it: no condition but the region. */
    private static boolean takesAll(Match match) {
        return new Match(match.task(), List.of(), match.header(), match.contentType(), match.pageCount(),
                match.tenant())
                .isCatchAll();
    }

    /** Pointer → provider id of every provider the route can send a document to. */
    private static Map<String, String> references(String at, Route route) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int j = 0; j < route.variants().size(); j++) {
            out.put(at + "/variants/" + j + "/provider", route.variants().get(j).provider());
        }
        if (route.shadow() != null) {
            out.put(at + "/shadow/provider", route.shadow().provider());
        }
        if (route.cascade() != null) {
            out.put(at + "/cascade/escalateTo", route.cascade().escalateTo());
        }
        for (int j = 0; j < route.fallback().size(); j++) {
            out.put(at + "/fallback/" + j, route.fallback().get(j));
        }
        return out;
    }

    private String refusal(String region, String id, Destination destination) {
        String rule = "data residency: documents served in " + region + " are read only by local providers or "
                + "on the hosts of GATEWAY_RESIDENCY_PROVIDER_HOSTS (" + (hosts.isEmpty() ? "none"
                : String.join(", ", hosts)) + ")";
        if (destination instanceof Destination.Host host) {
            return allows(host.name()) ? null
                    : "provider '" + id + "' sends documents to " + host.name() + "; " + rule;
        }
        if (destination instanceof Destination.Unknown unknown) {
            return "provider '" + id + "': where it sends documents cannot be told (" + unknown.why() + "); " + rule;
        }
        return null; // read inside the replica
    }
}
