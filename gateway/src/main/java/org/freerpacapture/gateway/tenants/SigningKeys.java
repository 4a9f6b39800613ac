package org.freerpacapture.gateway.tenants;

import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An identity provider's signing keys, from its JWKS: the RSA and EC signature keys only (a symmetric key in a
 * published key set would let anyone who reads it sign tokens), each checked by {@code vertx-auth-jwt}.
 *
 * @param verifier checks a token's signature against these keys, and nothing else (the claims are checked after)
 * @param kids     the key ids, to notice a token signed with a key published since the keys were read
 */
record SigningKeys(JWTAuth verifier, Set<String> kids, int count) {

    /** The signature algorithms accepted: asymmetric ones only, never {@code none} nor HMAC. */
    static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512");

    /**
     * Reads a JWKS document ({@code {"keys": [...]}}).
     *
     * @throws IllegalArgumentException when it is not one, or holds no usable signing key
     */
    static SigningKeys parse(Vertx vertx, byte[] content) {
        JsonObject jwks;
        try {
            jwks = new JsonObject(new String(content, StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("is not a JWKS (a JSON object with a \"keys\" array)");
        }
        JsonArray keys = jwks.getValue("keys") instanceof JsonArray array ? array : null;
        if (keys == null) {
            throw new IllegalArgumentException("is not a JWKS (a JSON object with a \"keys\" array)");
        }
        List<JsonObject> usable = new ArrayList<>();
        Set<String> kids = new TreeSet<>();
        for (Object key : keys) {
            if (key instanceof JsonObject jwk && usable(jwk)) {
                usable.add(jwk);
                if (jwk.getValue("kid") instanceof String kid) {
                    kids.add(kid);
                }
            }
        }
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("holds no RSA or EC signing key (of " + keys.size() + " keys)");
        }
        // Expiry, issuer and audience are checked by JwtVerifier, which says which of them failed.
        JWTAuth verifier = JWTAuth.create(vertx, new JWTAuthOptions().setJwks(usable)
                .setJWTOptions(new JWTOptions().setIgnoreExpiration(true)));
        return new SigningKeys(verifier, Set.copyOf(kids), usable.size());
    }

    private static boolean usable(JsonObject jwk) {
        Object kty = jwk.getValue("kty");
        Object use = jwk.getValue("use");
        Object alg = jwk.getValue("alg");
        return ("RSA".equals(kty) || "EC".equals(kty))
                && (use == null || "sig".equals(use))
                && (alg == null || ALGORITHMS.contains(alg));
    }

    @Override
    public String toString() {
        return count + " signing keys" + (kids.isEmpty() ? "" : " " + kids);
    }
}
