package org.freerpacapture.gateway.config;

import org.freerpacapture.adapters.ProviderSafety;
import org.freerpacapture.gateway.routing.Residency;
import org.freerpacapture.gateway.tenants.AuthSettings;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@link GatewayConfig}: built-in defaults, overridden by the YAML or JSON file named by
 * {@code GATEWAY_CONFIG}, overridden by environment variables. A bad value fails start-up with a message naming
 * the setting and where its value came from.
 */
public final class GatewayConfigLoader {

    /** Names the optional config file. */
    public static final String CONFIG_FILE_VARIABLE = "GATEWAY_CONFIG";
    /** Each variable under this prefix is one Kafka client property. */
    public static final String KAFKA_CLIENT_PREFIX = "GATEWAY_KAFKA_CLIENT_";

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMG]i?B|B)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

    private GatewayConfigLoader() {
    }

    public static GatewayConfig fromEnvironment() {
        return load(System.getenv());
    }

    /** Resolves the settings from {@code env} (and the file it names, if any). */
    public static GatewayConfig load(Map<String, String> env) {
        Map<Setting, Value> raw = new EnumMap<>(Setting.class);
        String file = env.get(CONFIG_FILE_VARIABLE);
        if (file != null && !file.isBlank()) {
            readFile(Path.of(file), raw);
        }
        for (Setting s : Setting.values()) {
            String v = env.get(s.envName());
            if (v != null && !v.isBlank()) {
                raw.put(s, new Value(v.trim(), "environment variable " + s.envName()));
            }
        }
        return resolve(raw, kafkaClientVariables(env));
    }

    /** {@code GATEWAY_KAFKA_CLIENT_SASL_MECHANISM=PLAIN} → {@code sasl.mechanism=PLAIN}. */
    static Map<String, String> kafkaClientVariables(Map<String, String> env) {
        Map<String, String> out = new java.util.TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(KAFKA_CLIENT_PREFIX) && name.length() > KAFKA_CLIENT_PREFIX.length()
                    && value != null) {
                out.put(name.substring(KAFKA_CLIENT_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                        value);
            }
        });
        return out;
    }

    private static void readFile(Path path, Map<Setting, Value> raw) {
        Object root;
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            // JSON is YAML, so one parser reads both.
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new ConfigException(CONFIG_FILE_VARIABLE + ": cannot read " + path + ": " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new ConfigException(CONFIG_FILE_VARIABLE + ": " + path + " is not valid YAML or JSON: "
                    + e.getMessage(), e);
        }
        if (root == null) {
            return;
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException(CONFIG_FILE_VARIABLE + ": " + path + " must hold a mapping of settings");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Setting setting = byFileKey(key);
            if (setting == null) {
                throw new ConfigException(CONFIG_FILE_VARIABLE + ": unknown key '" + key + "' in " + path
                        + " (known keys: " + knownKeys() + ")");
            }
            if (e.getValue() == null || e.getValue() instanceof Map || e.getValue() instanceof Iterable) {
                throw new ConfigException(setting.envName() + ": key '" + key + "' in " + path
                        + " needs a single value");
            }
            raw.put(setting, new Value(String.valueOf(e.getValue()).trim(), "key '" + key + "' in " + path));
        }
    }

    private static GatewayConfig resolve(Map<Setting, Value> raw, Map<String, String> kafkaClient) {
        GatewayConfig d = GatewayConfig.defaults();
        String host = text(raw, Setting.HOST, d.host());
        int httpPort = port(raw, Setting.HTTP_PORT, d.httpPort());
        int adminPort = port(raw, Setting.ADMIN_PORT, d.adminPort());
        String region = text(raw, Setting.REGION, d.region());
        GatewayConfig.Limits limits = new GatewayConfig.Limits(
                size(raw, Setting.MAX_BYTES, d.limits().maxBytes()),
                positiveLong(raw, Setting.MAX_PIXELS, d.limits().maxPixelsPerPage()),
                positiveInt(raw, Setting.MAX_PAGES, d.limits().maxPages()),
                positiveInt(raw, Setting.PDF_DPI, d.limits().pdfDpi()),
                positiveLong(raw, Setting.PDF_MAX_OPERATORS, d.limits().pdfMaxOperators()));
        int inferenceThreads = positiveInt(raw, Setting.INFERENCE_THREADS, d.pools().inferenceThreads());
        int decodeThreads = positiveInt(raw, Setting.DECODE_THREADS, d.pools().decodeThreads());
        GatewayConfig.Pools pools = new GatewayConfig.Pools(
                inferenceThreads, nonNegativeInt(raw, Setting.INFERENCE_QUEUE, 4 * inferenceThreads),
                decodeThreads, nonNegativeInt(raw, Setting.DECODE_QUEUE, 4 * decodeThreads),
                positiveInt(raw, Setting.ORT_INTRA_THREADS, d.pools().ortIntraThreads()));
        Duration requestTimeout = duration(raw, Setting.REQUEST_TIMEOUT, d.requestTimeout());
        Duration shutdownTimeout = duration(raw, Setting.SHUTDOWN_TIMEOUT, d.shutdownTimeout());
        String provider = text(raw, Setting.DEFAULT_PROVIDER, d.defaultProvider());
        boolean warmup = bool(raw, Setting.WARMUP, d.warmup());
        GatewayConfig.Secret adminToken = new GatewayConfig.Secret(text(raw, Setting.ADMIN_TOKEN, null));
        String policyFile = text(raw, Setting.POLICY_FILE, null);
        ProviderSafety safety = new ProviderSafety(
                list(raw, Setting.SECRET_ENV_PREFIXES, d.providerSafety().secretEnvPrefixes()),
                list(raw, Setting.SECRET_DIRS, d.providerSafety().secretDirs().stream().map(Path::toString).toList())
                        .stream().map(Path::of).toList(),
                bool(raw, Setting.PROVIDER_LOOPBACK, d.providerSafety().loopback()));
        return new GatewayConfig(host, httpPort, adminPort, region, limits, pools, requestTimeout, shutdownTimeout,
                provider, warmup, adminToken, policyFile == null ? null : Path.of(policyFile), safety, tls(raw),
                connections(raw, d.connections()), kafka(raw, kafkaClient, safety), trustedProxies(raw),
                residency(raw), new GatewayConfig.Tenancy(auth(raw, safety), path(raw, Setting.TENANTS_FILE),
                        path(raw, Setting.ADMIN_TOKENS_FILE)));
    }

    private static AuthSettings auth(Map<Setting, Value> raw, ProviderSafety safety) {
        Value v = raw.get(Setting.AUTH);
        Set<AuthSettings.Method> methods;
        try {
            methods = v == null ? Set.of() : AuthSettings.parseMethods(v.text());
        } catch (IllegalArgumentException e) {
            throw bad(Setting.AUTH, v, "off, api-key, jwt, or api-key,jwt");
        }
        if (methods.isEmpty()) {
            return AuthSettings.OFF;
        }
        String keys = text(raw, Setting.API_KEYS_FILE, null);
        if (methods.contains(AuthSettings.Method.API_KEY) && keys == null) {
            throw new ConfigException(Setting.AUTH.envName() + " '" + v.text() + "' (from " + v.source() + ") needs "
                    + Setting.API_KEYS_FILE.envName() + ": the file listing the keys' hashes");
        }
        AuthSettings.Jwt jwt = null;
        if (methods.contains(AuthSettings.Method.JWT)) {
            for (Setting needed : List.of(Setting.JWT_JWKS, Setting.JWT_ISSUER, Setting.JWT_AUDIENCE)) {
                if (raw.get(needed) == null) {
                    throw new ConfigException(Setting.AUTH.envName() + " '" + v.text() + "' (from " + v.source()
                            + ") needs " + needed.envName());
                }
            }
            Value jwks = raw.get(Setting.JWT_JWKS);
            AuthSettings.Source source = AuthSettings.Source.parse(jwks.text());
            if (source.url() != null) {
                safety.endpointRefusal(jwks.text()).ifPresent(refusal -> {
                    throw new ConfigException(Setting.JWT_JWKS.envName() + ": '" + jwks.text() + "' (from "
                            + jwks.source() + ") " + refusal);
                });
            }
            List<String> audiences = list(raw, Setting.JWT_AUDIENCE, List.of());
            if (audiences.isEmpty()) {
                throw bad(Setting.JWT_AUDIENCE, raw.get(Setting.JWT_AUDIENCE), "one or more comma-separated audiences");
            }
            jwt = new AuthSettings.Jwt(source, text(raw, Setting.JWT_ISSUER, null), audiences,
                    text(raw, Setting.JWT_TENANT_CLAIM, AuthSettings.Jwt.DEFAULT_TENANT_CLAIM),
                    duration(raw, Setting.JWT_JWKS_REFRESH, AuthSettings.Jwt.DEFAULT_REFRESH));
        }
        return new AuthSettings(methods, keys == null ? null : Path.of(keys), jwt);
    }

    private static Residency residency(Map<Setting, Value> raw) {
        List<String> regions = list(raw, Setting.RESIDENCY_REGIONS, List.of());
        Value hosts = raw.get(Setting.RESIDENCY_PROVIDER_HOSTS);
        if (regions.isEmpty() && hosts != null) {
            throw new ConfigException(Setting.RESIDENCY_PROVIDER_HOSTS.envName() + " (from " + hosts.source()
                    + ") needs " + Setting.RESIDENCY_REGIONS.envName() + ": the regions whose documents stay there");
        }
        try {
            return Residency.parse(regions, list(raw, Setting.RESIDENCY_PROVIDER_HOSTS, List.of()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Setting.RESIDENCY_PROVIDER_HOSTS.envName() + ": " + e.getMessage() + " (from "
                    + hosts.source() + ")", e);
        }
    }

    private static TrustedProxies trustedProxies(Map<Setting, Value> raw) {
        Value v = raw.get(Setting.TRUSTED_PROXIES);
        if (v == null) {
            return TrustedProxies.NONE;
        }
        try {
            return TrustedProxies.parse(v.text());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Setting.TRUSTED_PROXIES.envName() + ": " + e.getMessage() + " (from "
                    + v.source() + ")", e);
        }
    }

    private static KafkaSettings kafka(Map<Setting, Value> raw, Map<String, String> clientVariables,
                                       ProviderSafety safety) {
        KafkaSettings d = KafkaSettings.OFF;
        Map<String, String> client = new java.util.TreeMap<>();
        String file = text(raw, Setting.KAFKA_PROPERTIES, null);
        if (file != null) {
            java.util.Properties props = new java.util.Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                props.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException(Setting.KAFKA_PROPERTIES.envName() + ": cannot read " + file + ": "
                        + e.getMessage(), e);
            }
            props.stringPropertyNames().forEach(name -> client.put(name, props.getProperty(name)));
        }
        client.putAll(clientVariables);
        Value share = raw.get(Setting.KAFKA_INFERENCE_SHARE);
        double inferenceShare = d.inferenceShare();
        if (share != null) {
            try {
                inferenceShare = Double.parseDouble(share.text());
            } catch (NumberFormatException e) {
                inferenceShare = Double.NaN;
            }
            if (!(inferenceShare > 0 && inferenceShare <= 1)) {
                throw bad(Setting.KAFKA_INFERENCE_SHARE, share, "a share above 0 and at most 1 (0.5)");
            }
        }
        return new KafkaSettings(text(raw, Setting.KAFKA_BOOTSTRAP, null),
                text(raw, Setting.KAFKA_REQUESTS_TOPIC, d.requestsTopic()),
                text(raw, Setting.KAFKA_RESULTS_TOPIC, d.resultsTopic()),
                text(raw, Setting.KAFKA_DLQ_TOPIC, d.dlqTopic()),
                text(raw, Setting.KAFKA_POLICY_TOPIC, d.policyTopic()),
                text(raw, Setting.KAFKA_GROUP, d.group()),
                inferenceShare,
                positiveInt(raw, Setting.KAFKA_ATTEMPTS, d.attempts()),
                duration(raw, Setting.KAFKA_RETRY_BACKOFF, d.retryBackoff()),
                text(raw, Setting.KAFKA_INSTANCE_ID, hostName()),
                list(raw, Setting.KAFKA_SOURCE_HOSTS, List.of()),
                s3Endpoint(raw, safety),
                client);
    }

    /** An endpoint held to the provider endpoints' rules: it is as trusted, and reached with the same keys. */
    private static URI s3Endpoint(Map<Setting, Value> raw, ProviderSafety safety) {
        Value v = raw.get(Setting.KAFKA_S3_ENDPOINT);
        if (v == null) {
            return null;
        }
        String refusal = safety.endpointRefusal(v.text()).orElse(null);
        if (refusal != null) {
            throw new ConfigException(Setting.KAFKA_S3_ENDPOINT.envName() + ": '" + v.text() + "' (from "
                    + v.source() + ") " + refusal);
        }
        return URI.create(v.text());
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "gateway";
        }
    }

    private static GatewayConfig.Tls tls(Map<Setting, Value> raw) {
        return new GatewayConfig.Tls(path(raw, Setting.TLS_CERT), path(raw, Setting.TLS_KEY),
                path(raw, Setting.ADMIN_CLIENT_CA),
                duration(raw, Setting.TLS_RELOAD_INTERVAL, GatewayConfig.Tls.DEFAULT_RELOAD_INTERVAL));
    }

    /** A comma-separated list; blank entries dropped. */
    private static List<String> list(Map<Setting, Value> raw, Setting s, List<String> fallback) {
        Value v = raw.get(s);
        if (v == null) {
            return fallback;
        }
        return Arrays.stream(v.text().split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    private static GatewayConfig.Connections connections(Map<Setting, Value> raw, GatewayConfig.Connections d) {
        return new GatewayConfig.Connections(
                duration(raw, Setting.IDLE_TIMEOUT, d.idleTimeout()),
                duration(raw, Setting.HEADER_TIMEOUT, d.headerTimeout()),
                duration(raw, Setting.BODY_TIMEOUT, d.bodyTimeout()),
                (int) Math.min(Integer.MAX_VALUE, size(raw, Setting.MAX_HEADER_SIZE, d.maxHeaderSize())),
                (int) Math.min(Integer.MAX_VALUE, size(raw, Setting.MAX_INITIAL_LINE, d.maxInitialLine())),
                positiveInt(raw, Setting.MAX_CONNECTIONS, d.maxConnections()),
                positiveInt(raw, Setting.MAX_CONNECTIONS_PER_ADDRESS, d.maxPerAddress()),
                durationOrZero(raw, Setting.DRAIN_READY_DELAY, d.drainReadyDelay()));
    }

    /** A duration where {@code 0} means "not at all". */
    private static Duration durationOrZero(Map<Setting, Value> raw, Setting s, Duration fallback) {
        Value v = raw.get(s);
        if (v != null && v.text().matches("0+\\s*(ms|s|m|h)?")) {
            return Duration.ZERO;
        }
        return duration(raw, s, fallback);
    }

    private static Path path(Map<Setting, Value> raw, Setting s) {
        String v = text(raw, s, null);
        return v == null || v.isBlank() ? null : Path.of(v.trim());
    }

    private static String text(Map<Setting, Value> raw, Setting s, String fallback) {
        Value v = raw.get(s);
        return v == null ? fallback : v.text();
    }

    private static int port(Map<Setting, Value> raw, Setting s, int fallback) {
        long p = number(raw, s, fallback, 0, 65_535, "a port number 0-65535");
        return (int) p;
    }

    private static int positiveInt(Map<Setting, Value> raw, Setting s, int fallback) {
        return (int) number(raw, s, fallback, 1, Integer.MAX_VALUE, "a whole number ≥ 1");
    }

    private static int nonNegativeInt(Map<Setting, Value> raw, Setting s, int fallback) {
        return (int) number(raw, s, fallback, 0, Integer.MAX_VALUE, "a whole number ≥ 0");
    }

    private static long positiveLong(Map<Setting, Value> raw, Setting s, long fallback) {
        return number(raw, s, fallback, 1, Long.MAX_VALUE, "a whole number ≥ 1");
    }

    private static long number(Map<Setting, Value> raw, Setting s, long fallback, long min, long max,
                               String expected) {
        Value v = raw.get(s);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.text().replace("_", ""));
            if (n < min || n > max) {
                throw bad(s, v, expected);
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(s, v, expected);
        }
    }

    private static long size(Map<Setting, Value> raw, Setting s, long fallback) {
        Value v = raw.get(s);
        if (v == null) {
            return fallback;
        }
        Matcher m = SIZE.matcher(v.text());
        if (!m.matches()) {
            throw bad(s, v, "a size in bytes, or with a KiB/MiB/GiB suffix (20MiB)");
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long factor = switch (unit) {
            case "KB", "KIB" -> 1024L;
            case "MB", "MIB" -> 1024L * 1024L;
            case "GB", "GIB" -> 1024L * 1024L * 1024L;
            default -> 1L;
        };
        try {
            long bytes = Math.multiplyExact(Long.parseLong(m.group(1)), factor);
            if (bytes < 1) {
                throw bad(s, v, "a size of at least 1 byte");
            }
            return bytes;
        } catch (ArithmeticException | NumberFormatException e) {
            throw bad(s, v, "a size that fits in 64 bits");
        }
    }

    private static Duration duration(Map<Setting, Value> raw, Setting s, Duration fallback) {
        Value v = raw.get(s);
        if (v == null) {
            return fallback;
        }
        Duration d;
        Matcher m = DURATION.matcher(v.text());
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
                d = switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofSeconds(n);
                };
            } else {
                d = Duration.parse(v.text());
            }
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw bad(s, v, "a duration like 500ms, 30s, 2m or PT30S");
        }
        if (d.isNegative() || d.isZero()) {
            throw bad(s, v, "a duration greater than zero");
        }
        return d;
    }

    private static boolean bool(Map<Setting, Value> raw, Setting s, boolean fallback) {
        Value v = raw.get(s);
        if (v == null) {
            return fallback;
        }
        return switch (v.text().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw bad(s, v, "true or false");
        };
    }

    private static ConfigException bad(Setting s, Value v, String expected) {
        return new ConfigException(s.envName() + ": expected " + expected + ", got '" + v.text() + "' (from "
                + v.source() + ")");
    }

    private static Setting byFileKey(String key) {
        for (Setting s : Setting.values()) {
            if (s.fileKey().equals(key)) {
                return s;
            }
        }
        return null;
    }

    private static String knownKeys() {
        StringBuilder b = new StringBuilder();
        for (Setting s : Setting.values()) {
            b.append(b.isEmpty() ? "" : ", ").append(s.fileKey());
        }
        return b.toString();
    }

    /** A raw setting and where it came from, for error messages. */
    private record Value(String text, String source) {
    }
}
