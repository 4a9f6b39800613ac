package org.freerpacapture.gateway.tenants;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * An identity provider made in the test: an RSA key (RS256) and an EC key (ES256), generated fresh, published as a
 * JWKS, and tokens signed with them by hand (header, claims, signature), so a test can sign whatever claims it needs.
 */
final class TestIdentityProvider {

    static final String ISSUER = "https://idp.example.test/realms/rpa";
    static final String AUDIENCE = "rpa-vision-gateway";

    /** One signing key and the id it is published under. */
    record Key(String kid, String alg, KeyPair pair) {
    }

    final Key rsa;
    final Key ec;

    TestIdentityProvider(String prefix) throws GeneralSecurityException {
        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        this.rsa = new Key(prefix + "-rsa", "RS256", rsaGen.generateKeyPair());
        this.ec = new Key(prefix + "-ec", "ES256", ecGen.generateKeyPair());
    }

    /** The JWKS publishing the public halves of {@code keys}. */
    static String jwks(Key... keys) {
        JsonArray out = new JsonArray();
        for (Key key : keys) {
            if (key.pair().getPublic() instanceof RSAPublicKey pub) {
                out.add(new JsonObject().put("kty", "RSA").put("use", "sig").put("alg", key.alg())
                        .put("kid", key.kid()).put("n", b64(unsigned(pub.getModulus())))
                        .put("e", b64(unsigned(pub.getPublicExponent()))));
            } else {
                ECPublicKey pub = (ECPublicKey) key.pair().getPublic();
                out.add(new JsonObject().put("kty", "EC").put("use", "sig").put("alg", key.alg())
                        .put("kid", key.kid()).put("crv", "P-256")
                        .put("x", b64(fixed(pub.getW().getAffineX(), 32)))
                        .put("y", b64(fixed(pub.getW().getAffineY(), 32))));
            }
        }
        return new JsonObject().put("keys", out).encodePrettily();
    }

    /** Claims a valid token of {@code tenant} carries: issuer, audience, subject, an hour's life. */
    static JsonObject claims(String tenant, String subject) {
        long now = Instant.now().getEpochSecond();
        return new JsonObject().put("iss", ISSUER).put("aud", AUDIENCE).put("sub", subject)
                .put("tenant", tenant).put("iat", now).put("exp", now + 3600);
    }

    /** {@code claims} signed with {@code key}, its id in the header. */
    static String sign(Key key, JsonObject claims) throws GeneralSecurityException {
        return sign(key, key.alg(), claims);
    }

    static String sign(Key key, String headerAlg, JsonObject claims) throws GeneralSecurityException {
        String input = b64(new JsonObject(Map.of("alg", headerAlg, "typ", "JWT", "kid", key.kid())).encode()
                .getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.encode().getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance(key.alg().equals("RS256") ? "SHA256withRSA"
                : "SHA256withECDSAinP1363Format");
        signature.initSign(key.pair().getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64(signature.sign());
    }

    /** A token that claims {@code alg: none} and carries no signature. */
    static String unsigned(JsonObject claims) {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64(claims.encode().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static byte[] fixed(BigInteger n, int length) {
        byte[] b = unsigned(n);
        byte[] out = new byte[length];
        System.arraycopy(b, 0, out, length - b.length, b.length);
        return out;
    }
}
