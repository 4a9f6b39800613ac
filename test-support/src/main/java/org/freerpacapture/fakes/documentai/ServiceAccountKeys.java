package org.freerpacapture.fakes.documentai;

import io.vertx.core.json.JsonObject;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A throwaway service account: an RSA key pair and the JSON key file Google would issue for it, with
 * {@code token_uri} pointing wherever the test wants (the fake's {@code /token}).
 *
 * @param clientEmail the account's e-mail, the JWT issuer
 * @param projectId   the project the key file names
 * @param keys        the pair; the fake trusts the public half
 */
public record ServiceAccountKeys(String clientEmail, String projectId, KeyPair keys) {

    public static ServiceAccountKeys generate(String clientEmail, String projectId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new ServiceAccountKeys(clientEmail, projectId, generator.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    /** The key file, as {@code gcloud iam service-accounts keys create} writes it. */
    public String json(String tokenUri) {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return new JsonObject()
                .put("type", "service_account")
                .put("project_id", projectId)
                .put("private_key_id", "0123456789abcdef0123456789abcdef01234567")
                .put("private_key", pem)
                .put("client_email", clientEmail)
                .put("client_id", "100000000000000000001")
                .put("auth_uri", "https://accounts.google.com/o/oauth2/auth")
                .put("token_uri", tokenUri)
                .encodePrettily();
    }

    @Override
    public String toString() {
        return "ServiceAccountKeys[" + clientEmail + "]";
    }
}
