package org.freerpacapture.adapters;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One provider's entry of the routing policy ({@code "azure:westeurope": {"kind": "azure-di", ...}}), read with types.
 *
 * <p>Values come from JSON or YAML, so numbers may arrive as any {@link Number} or as strings, and nested sections
 * as {@link Map} or {@link JsonObject}; the getters accept all of them. Error messages name the key, never the
 * value, because a misplaced secret must not end up in a log.
 *
 * <p>Secrets and endpoints are read through {@link #secret} and {@link #endpoint}, which hold them to
 * {@link #safety()}: the references and hosts the operator allows.
 *
 * @param id     the policy's name for the provider ({@code azure:westeurope})
 * @param values the entry as parsed
 * @param safety what the entry's references and endpoints may point at
 */
public record ProviderConfig(String id, Map<String, Object> values, ProviderSafety safety) {

    public ProviderConfig {
        values = Map.copyOf(withoutNulls(values));
        safety = safety == null ? ProviderSafety.defaults() : safety;
    }

    /** An entry held to {@link ProviderSafety#defaults()}. */
    public ProviderConfig(String id, Map<String, Object> values) {
        this(id, values, ProviderSafety.defaults());
    }

    public static ProviderConfig of(String id, Map<String, ?> values) {
        return new ProviderConfig(id, new LinkedHashMap<>(values));
    }

    public ProviderConfig withSafety(ProviderSafety other) {
        return new ProviderConfig(id, values, other);
    }

    /**
     * The secret {@code key} references ({@code env:} or {@code file:} only), resolved.
     *
     * @throws IllegalArgumentException when it is missing, a literal, or outside the allowed references
     * @throws IllegalStateException    when the reference cannot be resolved
     */
    public String secret(String key) {
        SecretRef ref;
        try {
            ref = SecretRef.secret(requireString(key));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("provider ") ? e
                    : new IllegalArgumentException("provider " + id + ": '" + key + "': " + e.getMessage());
        }
        return safety.resolve(id, key, ref);
    }

    /**
     * The endpoint {@code key} holds (a literal URL or a reference to one), resolved and checked by
     * {@link ProviderSafety#endpoint}; empty when the entry has none.
     */
    public Optional<URI> endpoint(String key) {
        Optional<String> written = string(key).filter(s -> !s.isBlank());
        if (written.isEmpty()) {
            return Optional.empty();
        }
        SecretRef ref;
        try {
            ref = SecretRef.parse(written.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("provider " + id + ": '" + key + "': " + e.getMessage());
        }
        return Optional.of(safety.endpoint(id, key, safety.resolve(id, key, ref)));
    }

    /** The provider kind ({@code azure-di}, {@code textract}, {@code document-ai}). */
    public String kind() {
        return requireString("kind");
    }

    public Optional<String> string(String key) {
        Object v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(v.toString());
    }

    public String requireString(String key) {
        return string(key).filter(s -> !s.isBlank()).orElseThrow(
                () -> new IllegalArgumentException("provider " + id + ": '" + key + "' is required"));
    }

    public String stringOr(String key, String fallback) {
        return string(key).orElse(fallback);
    }

    public long longOr(String key, long fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("provider " + id + ": '" + key + "' must be a whole number");
        }
    }

    public int intOr(String key, int fallback) {
        return Math.toIntExact(longOr(key, fallback));
    }

    public Duration millisOr(String key, Duration fallback) {
        return Duration.ofMillis(longOr(key, fallback.toMillis()));
    }

    /** A nested section ({@code "breaker": {...}}); empty when absent. */
    public ProviderConfig section(String key) {
        Object v = values.get(key);
        if (v == null) {
            return new ProviderConfig(id, Map.of(), safety);
        }
        if (v instanceof JsonObject json) {
            return new ProviderConfig(id, json.getMap(), safety);
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, val) -> copy.put(String.valueOf(k), val));
            return new ProviderConfig(id, copy, safety);
        }
        throw new IllegalArgumentException("provider " + id + ": '" + key + "' must be an object");
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    @Override
    public String toString() {
        // Only the keys: values may hold literal endpoints or, by mistake, a secret.
        return "ProviderConfig[id=" + id + ", keys=" + values.keySet() + "]";
    }
}
