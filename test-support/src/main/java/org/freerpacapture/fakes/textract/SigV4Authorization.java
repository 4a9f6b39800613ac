package org.freerpacapture.fakes.textract;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a SigV4 {@code Authorization} header the fake checks. The signature itself is not verified (the
 * fake does not know the secret), but its shape and credential scope are, so a client that signs for the wrong
 * region or service, or not at all, fails here as it would against AWS.
 *
 * @param accessKeyId   the key id named in the credential
 * @param date          the scope date, {@code yyyyMMdd}
 * @param region        the scope region
 * @param service       the scope service
 * @param signedHeaders lower-case header names, as listed
 */
public record SigV4Authorization(String accessKeyId, String date, String region, String service,
                                 List<String> signedHeaders) {

    private static final Pattern HEADER = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request,\\s*"
                    + "SignedHeaders=([a-z0-9;-]+),\\s*Signature=([0-9a-f]{64})");

    /** Parses the header or says what is wrong with it, in the words AWS uses. */
    public static SigV4Authorization parse(String header) {
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException("Missing Authentication Token");
        }
        Matcher m = HEADER.matcher(header.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("Authorization header requires 'Credential', 'SignedHeaders' and "
                    + "'Signature' parameters in the AWS4-HMAC-SHA256 format");
        }
        return new SigV4Authorization(m.group(1), m.group(2), m.group(3), m.group(4),
                List.of(m.group(5).split(";")));
    }
}
