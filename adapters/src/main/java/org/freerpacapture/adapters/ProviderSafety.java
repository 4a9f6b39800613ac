package org.freerpacapture.adapters;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a provider entry of the routing policy may point at. Whoever may change the policy must not thereby read
 * the host's other secrets or call what only the host can reach (its metadata service, its loopback): a secret
 * reference resolves only under the operator's environment-variable prefixes and secret directories, and an
 * endpoint is an {@code https} URL (link-local addresses and cloud metadata services never; loopback only when the
 * operator allows it, for fakes). Private addresses are allowed: the services' private and VPC endpoints live
 * there.
 *
 * <p>Hosts are judged as written, without a DNS lookup: a name is not resolved at validation, so the check cannot
 * block and cannot be raced by a changing DNS answer into a false sense of safety.
 *
 * @param secretEnvPrefixes the names {@code env:} may read start with one of these
 * @param secretDirs        the files {@code file:} may read lie under one of these directories
 * @param loopback          whether endpoints may be loopback addresses, over {@code http} too
 */
public record ProviderSafety(List<String> secretEnvPrefixes, List<Path> secretDirs, boolean loopback) {

    /** Environment prefixes {@code env:} may read by default: the gateway's own and the documented cloud names. */
    public static final List<String> DEFAULT_ENV_PREFIXES = List.of("GATEWAY_SECRET_", "AZURE_DI_", "AWS_");
    /** Where container platforms mount secrets. */
    public static final List<Path> DEFAULT_SECRET_DIRS = List.of(Path.of("/run/secrets"), Path.of("/var/run/secrets"));

    /** Cloud instance metadata services, by the names and addresses they answer on. */
    private static final Set<String> METADATA_HOSTS = Set.of("169.254.169.254", "169.254.170.2",
            "metadata.google.internal", "metadata.goog", "metadata", "fd00:ec2::254", "100.100.100.200");
    /** Settings that become part of a host name ({@code https://textract.<region>.amazonaws.com}). */
    private static final Set<String> HOST_PARTS = Set.of("region", "location");
    private static final Pattern HOST_PART = Pattern.compile("[A-Za-z0-9-]{1,63}");
    /** A URL-looking value in any setting: {@code scheme://...}. */
    private static final Pattern URL_LIKE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:/.*");
    /** Host names made of digits (and hex) only: other spellings of an IPv4 address ({@code 2852039166}). */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]+|[0-9]+))*");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
            + "(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    /** One refused setting of a provider entry. */
    public record Problem(String key, String message) {
    }

    public ProviderSafety {
        secretEnvPrefixes = List.copyOf(secretEnvPrefixes);
        secretDirs = secretDirs.stream().map(d -> d.toAbsolutePath().normalize()).toList();
    }

    /** The defaults: {@link #DEFAULT_ENV_PREFIXES}, {@link #DEFAULT_SECRET_DIRS}, no loopback endpoints. */
    public static ProviderSafety defaults() {
        return new ProviderSafety(DEFAULT_ENV_PREFIXES, DEFAULT_SECRET_DIRS, false);
    }

    public ProviderSafety withLoopback(boolean allowed) {
        return new ProviderSafety(secretEnvPrefixes, secretDirs, allowed);
    }

    /** A copy that also lets {@code file:} read under {@code dir}. */
    public ProviderSafety withSecretDir(Path dir) {
        List<Path> dirs = new ArrayList<>(secretDirs);
        dirs.add(dir);
        return new ProviderSafety(secretEnvPrefixes, dirs, loopback);
    }

    /**
     * Every setting of the entry that is refused, without reading any secret: references outside the allowed
     * prefixes and directories, URL-like values that are not acceptable endpoints, host-forming values
     * ({@code region}, {@code location}) that are not a plain name. Nested sections are checked as
     * {@code section/key}, each name escaped as a JSON Pointer token.
     */
    public List<Problem> check(Map<String, ?> entry) {
        List<Problem> problems = new ArrayList<>();
        check("", entry, problems);
        return List.copyOf(problems);
    }

    private void check(String prefix, Map<?, ?> entry, List<Problem> problems) {
        entry.forEach((k, v) -> {
            String key = prefix + String.valueOf(k).replace("~", "~0").replace("/", "~1");
            if (v instanceof Map<?, ?> nested) {
                check(key + "/", nested, problems);
            } else if (v instanceof io.vertx.core.json.JsonObject json) {
                check(key + "/", json.getMap(), problems);
            } else if (v instanceof CharSequence text) {
                checkValue(key, String.valueOf(k), text.toString()).ifPresent(m -> problems.add(new Problem(key, m)));
            }
        });
    }

    private Optional<String> checkValue(String key, String name, String value) {
        if (value.startsWith("env:") || value.startsWith("file:")) {
            try {
                return refusal(SecretRef.parse(value));
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        }
        if (HOST_PARTS.contains(name) && !HOST_PART.matcher(value).matches()) {
            return Optional.of("must be a plain name of letters, digits and '-' (it becomes part of a host name)");
        }
        if (name.toLowerCase(Locale.ROOT).endsWith("endpoint") || URL_LIKE.matcher(value).matches()) {
            return endpointRefusal(value);
        }
        return Optional.empty();
    }

    /** Why {@code ref} may not be resolved, or empty when it may (a literal always may). */
    public Optional<String> refusal(SecretRef ref) {
        return switch (ref.source()) {
            case LITERAL -> Optional.empty();
            case ENV -> secretEnvPrefixes.stream().anyMatch(ref.location()::startsWith) ? Optional.empty()
                    : Optional.of("env:" + ref.location() + " is not allowed: secrets come from environment "
                    + "variables whose names start with " + String.join(", ", secretEnvPrefixes));
            case FILE -> fileRefusal(ref.location());
        };
    }

    private Optional<String> fileRefusal(String location) {
        Path path = Path.of(location);
        String allowed = "secrets are read from files under " + String.join(", ",
                secretDirs.stream().map(Path::toString).toList());
        if (!path.isAbsolute()) {
            return Optional.of("file:" + location + " is not an absolute path; " + allowed);
        }
        Path normal = path.normalize();
        for (Path dir : secretDirs) {
            if (normal.startsWith(dir) && !normal.equals(dir)) {
                return Optional.empty();
            }
        }
        return Optional.of("file:" + location + " is not allowed: " + allowed);
    }

    /** Resolves a reference the entry holds, once it is known to be allowed. */
    public String resolve(String providerId, String key, SecretRef ref) {
        refusal(ref).ifPresent(m -> {
            throw new IllegalArgumentException("provider " + providerId + ": '" + key + "': " + m);
        });
        return ref.resolve();
    }

    /**
     * The endpoint as a URI, after checking it.
     *
     * @throws IllegalArgumentException naming the provider and key when it is refused
     */
    public URI endpoint(String providerId, String key, String url) {
        endpointRefusal(url).ifPresent(m -> {
            throw new IllegalArgumentException("provider " + providerId + ": '" + key + "' " + m);
        });
        return URI.create(url.trim());
    }

    /** Why {@code url} is not an acceptable provider endpoint, or empty when it is. */
    public Optional<String> endpointRefusal(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of(scheme.isEmpty() ? "is not an absolute https URL"
                    : "uses the scheme '" + scheme + "': provider endpoints are https URLs");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry a user name or password");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of("has no host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (METADATA_HOSTS.contains(host)) {
            return Optional.of("names a cloud metadata service (" + host + ")");
        }
        boolean loopbackHost = host.equals("localhost") || host.endsWith(".localhost");
        if (host.contains(":") || NUMERIC_HOST.matcher(host).matches()) {
            if (!host.contains(":") && !DOTTED_QUAD.matcher(host).matches()) {
                return Optional.of("writes its IP address oddly (" + host + "); write it as four decimal numbers");
            }
            InetAddress address;
            try {
                address = InetAddress.getByName(host); // a literal: parsed, never looked up
            } catch (UnknownHostException e) {
                return Optional.of("has an unreadable IP address");
            }
            if (METADATA_HOSTS.contains(address.getHostAddress())) {
                return Optional.of("names a cloud metadata service (" + host + ")");
            }
            if (address.isLinkLocalAddress()) {
                return Optional.of("is a link-local address (" + host + "), never a provider");
            }
            if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
                return Optional.of("is not an address a provider answers on (" + host + ")");
            }
            loopbackHost = address.isLoopbackAddress();
        }
        if (loopbackHost && !loopback) {
            return Optional.of("is a loopback address (" + host + "); loopback endpoints are for test fakes and "
                    + "need loopback allowed in the gateway's settings");
        }
        if (scheme.equals("http") && !loopbackHost) {
            return Optional.of("must be https (plain http only to a loopback fake)");
        }
        return Optional.empty();
    }
}
