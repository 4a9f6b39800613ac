package org.freerpacapture.gateway.tenants;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How callers of the analyze endpoints prove who they are ({@code docs/tenants.md}). {@link #OFF}: nobody is asked,
 * and every request is {@link Caller#ANONYMOUS}.
 *
 * @param methods     what a caller may send: API keys, JWTs, or either; empty when authentication is off
 * @param apiKeysFile the file listing the API keys' hashes, tenants and names; null without API keys
 * @param jwt         where tokens come from and what they must say; null without JWTs
 */
public record AuthSettings(Set<Method> methods, Path apiKeysFile, Jwt jwt) {

    public static final AuthSettings OFF = new AuthSettings(Set.of(), null, null);

    /** A way to prove who one is. */
    public enum Method {
        API_KEY("api-key"), JWT("jwt");

        private final String wireName;

        Method(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public AuthSettings {
        methods = methods.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(methods));
        if (methods.contains(Method.API_KEY) && apiKeysFile == null) {
            throw new IllegalArgumentException("API keys need the file that lists them");
        }
        if (methods.contains(Method.JWT) && jwt == null) {
            throw new IllegalArgumentException("JWTs need the identity provider's keys, issuer and audience");
        }
    }

    /**
     * The methods named in a setting: {@code off}, {@code api-key}, {@code jwt}, or {@code api-key,jwt}.
     *
     * @throws IllegalArgumentException for any other word
     */
    public static Set<Method> parseMethods(String text) {
        Set<Method> out = EnumSet.noneOf(Method.class);
        for (String word : text.split(",")) {
            String w = word.trim().toLowerCase(Locale.ROOT);
            if (w.isEmpty() || w.equals("off") || w.equals("none")) {
                continue;
            }
            Method method = null;
            for (Method m : Method.values()) {
                if (m.wireName.equals(w)) {
                    method = m;
                }
            }
            if (method == null) {
                throw new IllegalArgumentException("unknown method '" + word.trim() + "'");
            }
            out.add(method);
        }
        return out;
    }

    public boolean enabled() {
        return !methods.isEmpty();
    }

    public boolean accepts(Method method) {
        return methods.contains(method);
    }

    /**
     * What a JWT must be to be accepted.
     *
     * @param jwks        the identity provider's signing keys: an https URL, or a file
     * @param issuer      the {@code iss} every token must carry, exactly
     * @param audiences   the token's {@code aud} must name at least one of these
     * @param tenantClaim the claim holding the caller's tenant id
     * @param refresh     how often the keys are read again (key rotation at the identity provider)
     */
    public record Jwt(Source jwks, String issuer, List<String> audiences, String tenantClaim, Duration refresh) {

        public static final String DEFAULT_TENANT_CLAIM = "tenant";
        public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);

        public Jwt {
            Objects.requireNonNull(jwks, "jwks");
            Objects.requireNonNull(issuer, "issuer");
            audiences = List.copyOf(audiences);
            if (audiences.isEmpty()) {
                throw new IllegalArgumentException("JWTs need at least one audience");
            }
            tenantClaim = tenantClaim == null ? DEFAULT_TENANT_CLAIM : tenantClaim;
            refresh = refresh == null ? DEFAULT_REFRESH : refresh;
        }
    }

    /** Where the signing keys are read: exactly one of the two is set. */
    public record Source(URI url, Path file) {

        public Source {
            if ((url == null) == (file == null)) {
                throw new IllegalArgumentException("a key source is a URL or a file");
            }
        }

        /** An {@code http(s)://} URL, else a file path. */
        public static Source parse(String text) {
            String lower = text.toLowerCase(Locale.ROOT);
            return lower.startsWith("https://") || lower.startsWith("http://")
                    ? new Source(URI.create(text), null) : new Source(null, Path.of(text));
        }

        @Override
        public String toString() {
            return url != null ? url.toString() : file.toString();
        }
    }
}
