package org.freerpacapture.gateway.tenants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API keys callers may send, as the key file lists them: the SHA-256 of each key (never the key), its tenant
 * and its name. A presented key is hashed and its hash looked up, so neither the comparison's time nor anything
 * kept in memory depends on the keys themselves.
 *
 * <pre>{"keys": [{"name": "invoice-bot", "tenant": "finance", "hash": "sha256:…64 hex…"}]}</pre>
 */
public final class ApiKeys {

    public static final String HASH_PREFIX = "sha256:";
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, Caller> byHash;

    private ApiKeys(Map<String, Caller> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    /**
     * Reads a key file's content.
     *
     * @throws IllegalArgumentException saying what is wrong and where, never quoting the file's content (a key
     *                                  pasted in clear by mistake must not reach the log)
     */
    public static ApiKeys parse(byte[] content) {
        JsonNode root;
        try {
            root = MAPPER.readTree(content);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot be read as JSON");
        }
        JsonNode keys = root == null ? null : root.get("keys");
        if (keys == null || !keys.isArray()) {
            throw new IllegalArgumentException("must be a JSON object with a \"keys\" array");
        }
        Map<String, Caller> byHash = new LinkedHashMap<>();
        Map<String, Integer> names = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            JsonNode key = keys.get(i);
            String at = "/keys/" + i;
            String hash = text(key, "hash");
            String tenant = text(key, "tenant");
            String name = text(key, "name");
            if (hash == null || !HASH.matcher(hash).matches()) {
                throw new IllegalArgumentException(at + "/hash must be sha256: and 64 lower-case hex digits (the"
                        + " SHA-256 of the key, never the key itself)");
            }
            if (!Caller.isTenantId(tenant)) {
                throw new IllegalArgumentException(at + "/tenant must be 1-64 letters, digits, '.', '_' or '-'");
            }
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(at + "/name must be 1-64 letters, digits, '.', '_', '@' or '-'");
            }
            Integer first = names.putIfAbsent(name, i);
            if (first != null) {
                throw new IllegalArgumentException(at + "/name '" + name + "' is already the name of /keys/" + first);
            }
            if (byHash.putIfAbsent(hash, new Caller(tenant, name, Caller.Proof.API_KEY)) != null) {
                throw new IllegalArgumentException(at + "/hash is listed twice (as '" + byHash.get(hash).name()
                        + "' too)");
            }
        }
        return new ApiKeys(byHash);
    }

    /** The caller a presented key belongs to, if it is listed. */
    public Optional<Caller> find(String presented) {
        return Optional.ofNullable(byHash.get(hash(presented)));
    }

    /** How many keys are listed. */
    public int size() {
        return byHash.size();
    }

    /** {@code sha256:} and the hex SHA-256 of the key's UTF-8 bytes: what the key file lists. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HASH_PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    @Override
    public String toString() {
        return "ApiKeys[" + byHash.size() + " keys]";
    }
}
