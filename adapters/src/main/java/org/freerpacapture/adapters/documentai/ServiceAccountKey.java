package org.freerpacapture.adapters.documentai;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The parts of a Google service-account JSON key this adapter uses. Parsing errors name the field, never its
 * content, and {@link #toString()} shows only the account.
 *
 * @param clientEmail  the account, issuer of the assertion
 * @param privateKeyId the key's id, sent as the JWT {@code kid}
 * @param privateKey   the RSA key that signs assertions
 * @param tokenUri     where assertions are exchanged for access tokens
 * @param projectId    the project the key belongs to (a default for the processor's project)
 */
public record ServiceAccountKey(String clientEmail, String privateKeyId, PrivateKey privateKey, URI tokenUri,
                                String projectId) {

    public static final URI DEFAULT_TOKEN_URI = URI.create("https://oauth2.googleapis.com/token");

    public static ServiceAccountKey parse(String json) {
        JsonObject key;
        try {
            key = new JsonObject(json);
        } catch (DecodeException e) {
            throw new IllegalArgumentException("service-account key is not JSON");
        }
        if (!"service_account".equals(key.getString("type"))) {
            throw new IllegalArgumentException("service-account key: 'type' must be service_account");
        }
        String email = required(key, "client_email");
        String tokenUri = key.getString("token_uri");
        return new ServiceAccountKey(email, key.getString("private_key_id"), rsa(required(key, "private_key")),
                tokenUri == null || tokenUri.isBlank() ? DEFAULT_TOKEN_URI : URI.create(tokenUri),
                key.getString("project_id"));
    }

    private static PrivateKey rsa(String pem) {
        String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("service-account key: 'private_key' is not a PKCS#8 RSA key");
        }
    }

    private static String required(JsonObject key, String field) {
        String v = key.getString(field);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("service-account key: '" + field + "' is missing");
        }
        return v;
    }

    @Override
    public String toString() {
        return "ServiceAccountKey[" + clientEmail + "]";
    }
}
