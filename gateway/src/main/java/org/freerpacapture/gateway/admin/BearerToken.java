package org.freerpacapture.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The admin token, compared in constant time: both sides are hashed first, so neither the token's content nor
 * its length shows in how long a refusal takes. {@link #toString()} never shows it.
 */
final class BearerToken {

    private static final String PREFIX = "Bearer ";

    private final Optional<byte[]> expected;

    BearerToken(Optional<String> token) {
        this.expected = token.filter(t -> !t.isBlank()).map(BearerToken::digest);
    }

    boolean configured() {
        return expected.isPresent();
    }

    /** Whether an {@code Authorization} header value carries the token. */
    boolean accepts(String authorization) {
        if (expected.isEmpty() || authorization == null
                || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        return MessageDigest.isEqual(expected.get(), digest(authorization.substring(PREFIX.length()).trim()));
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return configured() ? "BearerToken[set]" : "BearerToken[none]";
    }
}
