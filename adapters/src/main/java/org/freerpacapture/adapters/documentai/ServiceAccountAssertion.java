package org.freerpacapture.adapters.documentai;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/** The RS256-signed JWT a service account trades for an access token (RFC 7523 JWT-bearer grant). */
final class ServiceAccountAssertion {

    /** Google accepts assertions that live at most an hour. */
    static final Duration LIFETIME = Duration.ofHours(1);

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private ServiceAccountAssertion() {
    }

    static String sign(ServiceAccountKey key, String scope, Instant now) {
        JsonObject header = new JsonObject().put("alg", "RS256").put("typ", "JWT");
        if (key.privateKeyId() != null) {
            header.put("kid", key.privateKeyId());
        }
        long iat = now.getEpochSecond();
        JsonObject claims = new JsonObject()
                .put("iss", key.clientEmail())
                .put("scope", scope)
                .put("aud", key.tokenUri().toString())
                .put("iat", iat)
                .put("exp", iat + LIFETIME.toSeconds());
        String signingInput = encode(header) + "." + encode(claims);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key.privateKey());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the service-account assertion (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    private static String encode(JsonObject json) {
        return BASE64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
    }
}
