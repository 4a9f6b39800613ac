package org.freerpacapture.fakes.documentai;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * Checks a service-account assertion the way Google's token endpoint does: RS256 signature by the trusted key,
 * issuer, audience, a scope, and a lifetime of at most an hour that has not ended.
 */
final class JwtBearerGrant {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final long MAX_LIFETIME_SECONDS = 3600;
    private static final long CLOCK_SKEW_SECONDS = 300;

    /** Why an assertion was refused, in OAuth's {@code error_description} words. */
    static final class Refused extends Exception {
        Refused(String description) {
            super(description, null, false, false);
        }
    }

    private JwtBearerGrant() {
    }

    /** @return the verified claims */
    static JsonObject verify(String assertion, String issuer, PublicKey key, String audience, Instant now)
            throws Refused {
        if (assertion == null) {
            throw new Refused("Missing required parameter: assertion");
        }
        String[] parts = assertion.split("\\.", -1);
        if (parts.length != 3) {
            throw new Refused("Invalid JWT: Token must be a short-lived token and in a reasonable timeframe");
        }
        JsonObject header = json(parts[0]);
        JsonObject claims = json(parts[1]);
        if (!"RS256".equals(header.getString("alg"))) {
            throw new Refused("Invalid JWT: unsupported algorithm " + header.getString("alg"));
        }
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                throw new Refused("Invalid JWT Signature.");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Refused("Invalid JWT Signature.");
        }
        if (!issuer.equals(claims.getString("iss"))) {
            throw new Refused("Invalid JWT: unknown issuer");
        }
        if (!audience.equals(claims.getString("aud"))) {
            throw new Refused("Invalid JWT: audience must be " + audience);
        }
        String scope = claims.getString("scope");
        if (scope == null || scope.isBlank()) {
            throw new Refused("Invalid JWT: no scope");
        }
        Long iat = claims.getLong("iat");
        Long exp = claims.getLong("exp");
        long t = now.getEpochSecond();
        if (iat == null || exp == null || exp - iat > MAX_LIFETIME_SECONDS || exp <= iat
                || iat > t + CLOCK_SKEW_SECONDS || exp < t - CLOCK_SKEW_SECONDS) {
            throw new Refused("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable "
                    + "timeframe. Check your iat and exp values in the JWT claim.");
        }
        return claims;
    }

    private static JsonObject json(String part) throws Refused {
        try {
            return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
            throw new Refused("Invalid JWT: not base64url JSON");
        }
    }
}
