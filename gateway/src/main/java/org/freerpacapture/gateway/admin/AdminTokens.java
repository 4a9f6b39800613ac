package org.freerpacapture.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.freerpacapture.gateway.config.ReloadedSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The admin tokens in force: {@code GATEWAY_ADMIN_TOKEN} (an operator named {@code admin}) and the named tokens of
 * {@code GATEWAY_ADMIN_TOKENS_FILE}, which holds only their SHA-256. A presented token is hashed and looked up by
 * its hash, so its content does not show in how long a refusal takes and no token is ever held in clear but the
 * one from the environment. {@link #toString()} shows neither.
 */
public final class AdminTokens implements AutoCloseable {

    static final String LEGACY_NAME = "admin";
    private static final String PREFIX = "Bearer ";
    private static final Pattern SHA256_HASH = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Optional<String> legacyDigest;
    private final Supplier<Named> named;
    private final Optional<ReloadedSource<Named>> file;

    private AdminTokens(Optional<String> token, Supplier<Named> named,
                        Optional<ReloadedSource<Named>> file) {
        this.legacyDigest = token.filter(t -> !t.isBlank()).map(AdminTokens::digest);
        this.named = named;
        this.file = file;
    }

    /** Only {@code GATEWAY_ADMIN_TOKEN}, if set. */
    public static AdminTokens of(Optional<String> token) {
        return new AdminTokens(token, () -> Named.NONE, Optional.empty());
    }

    /**
     * {@code GATEWAY_ADMIN_TOKEN}, if set, and the named tokens of {@code file}, if given: read now (a file that
     * cannot be read or used fails this), and again as it changes.
     */
    public static Future<AdminTokens> load(Vertx vertx, Optional<String> token, Optional<Path> file) {
        if (file.isEmpty()) {
            return Future.succeededFuture(of(token));
        }
        return ReloadedSource.file(vertx, "admin tokens file", file.get(),
                        bytes -> parse(new String(bytes, StandardCharsets.UTF_8), file.get().toString()))
                .start()
                .map(source -> new AdminTokens(token, source::current, Optional.of(source)));
    }

    /** Stops reading the tokens file. */
    @Override
    public void close() {
        file.ifPresent(ReloadedSource::close);
    }

    /** Whether any token may call: without one, every call is refused. */
    public boolean configured() {
        return legacyDigest.isPresent() || !named.get().byHash().isEmpty();
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
        return Optional.ofNullable(named.get().byHash().get(presented));
    }

    /** Named tokens in force, for the log: how many of each role, never a hash. */
    public String summary() {
        return named.get() + (legacyDigest.isPresent() ? " and GATEWAY_ADMIN_TOKEN" : "");
    }

    /** {@code {"tokens": [{"name", "role", "hash"}]}}; a mistake names the file and the entry. */
    static Named parse(String json, String source) {
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
            String hash = e.hash() == null ? "" : e.hash().trim();
            if (!SHA256_HASH.matcher(hash).matches()) {
                throw new IllegalArgumentException(where + " (" + e.name() + "): hash must be sha256: and the"
                        + " token's SHA-256 in 64 lower-case hex digits (printf %s \"$TOKEN\" | sha256sum)");
            }
            hash = hash.substring("sha256:".length());
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
        return new Named(out);
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

    /** The named tokens by their SHA-256; shown as how many of each role, never a hash or a name. */
    record Named(Map<String, AdminIdentity> byHash) {

        static final Named NONE = new Named(Map.of());

        Named {
            byHash = Map.copyOf(byHash);
        }

        @Override
        public String toString() {
            long operators = byHash.values().stream().filter(AdminIdentity::mayChange).count();
            return (byHash.size() - operators) + " viewer(s), " + operators + " operator(s)";
        }
    }

    record File(List<Entry> tokens) {
    }

    record Entry(String name, String role, String hash) {
    }
}
