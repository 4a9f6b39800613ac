package org.freerpacapture.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The admin tokens in force: {@code GATEWAY_ADMIN_TOKEN} (an operator named {@code admin}) and the named tokens of
 * {@code GATEWAY_ADMIN_TOKENS_FILE}, which holds only their SHA-256. A presented token is hashed and looked up by
 * its hash, so its content does not show in how long a refusal takes and no token is ever held in clear but the
 * one from the environment. {@link #toString()} shows neither.
 */
public final class AdminTokens {

    static final String LEGACY_NAME = "admin";
    private static final String PREFIX = "Bearer ";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Optional<String> legacyDigest;
    private volatile Map<String, AdminIdentity> named;

    private AdminTokens(Optional<String> legacyDigest, Map<String, AdminIdentity> named) {
        this.legacyDigest = legacyDigest;
        this.named = Map.copyOf(named);
    }

    /** Only {@code GATEWAY_ADMIN_TOKEN}, if set. */
    public static AdminTokens of(Optional<String> token) {
        return new AdminTokens(token.filter(t -> !t.isBlank()).map(AdminTokens::digest), Map.of());
    }

    /** Whether any token may call: without one, every call is refused. */
    public boolean configured() {
        return legacyDigest.isPresent() || !named.isEmpty();
    }

    /** The identity an {@code Authorization} header value proves, if any. */
    public Optional<AdminIdentity> identify(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String presented = digest(authorization.substring(PREFIX.length()).trim());
        if (legacyDigest.isPresent() && MessageDigest.isEqual(legacyDigest.get().getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(new AdminIdentity(LEGACY_NAME, AdminIdentity.Role.OPERATOR));
        }
        return Optional.ofNullable(named.get(presented));
    }

    /** Puts the named tokens of a tokens file in force, replacing the earlier ones. */
    public void replaceNamed(String json, String source) {
        named = parse(json, source);
    }

    /** Named tokens in force, for the log: how many of each role, never a hash. */
    public String summary() {
        long operators = named.values().stream().filter(AdminIdentity::mayChange).count();
        return (named.size() - operators) + " viewer(s), " + operators + " operator(s)"
                + (legacyDigest.isPresent() ? " and GATEWAY_ADMIN_TOKEN" : "");
    }

    /** {@code {"tokens": [{"name", "role", "sha256"}]}}; a mistake names the file and the entry. */
    static Map<String, AdminIdentity> parse(String json, String source) {
        File file;
        try {
            file = MAPPER.readValue(json, File.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": " + e.getOriginalMessage(), e);
        }
        Map<String, AdminIdentity> out = new HashMap<>();
        List<Entry> entries = file.tokens() == null ? List.of() : file.tokens();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            String where = source + ": tokens[" + i + "]";
            if (e == null || e.name() == null || e.name().isBlank()) {
                throw new IllegalArgumentException(where + " needs a name");
            }
            if (LEGACY_NAME.equals(e.name().trim())) {
                throw new IllegalArgumentException(where + ": the name '" + LEGACY_NAME + "' is GATEWAY_ADMIN_TOKEN's;"
                        + " pick another");
            }
            String hash = e.sha256() == null ? "" : e.sha256().trim().toLowerCase(Locale.ROOT);
            if (hash.startsWith("sha256:")) {
                hash = hash.substring("sha256:".length());
            }
            if (!SHA256_HEX.matcher(hash).matches()) {
                throw new IllegalArgumentException(where + " (" + e.name() + "): sha256 must be the token's SHA-256"
                        + " as 64 hex digits (printf %s \"$TOKEN\" | sha256sum)");
            }
            AdminIdentity.Role role;
            try {
                role = AdminIdentity.Role.parse(e.role());
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(where + " (" + e.name() + "): " + bad.getMessage(), bad);
            }
            if (out.putIfAbsent(hash, new AdminIdentity(e.name().trim(), role)) != null) {
                throw new IllegalArgumentException(where + " (" + e.name() + "): the same token is listed twice");
            }
        }
        return out;
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "AdminTokens[" + summary() + "]";
    }

    record File(List<Entry> tokens) {
    }

    record Entry(String name, String role, String sha256) {
    }
}
