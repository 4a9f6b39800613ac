package org.freerpacapture.fakes;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A SigV4 {@code Authorization} header as the fake checks it: its shape and credential scope always, so a client
 * that signs for the wrong region or service, or not at all, fails here as it would against AWS; and the signature
 * itself when the fake knows the key's secret ({@link #verify}), so a client whose request as sent differs from the
 * request it signed fails too.
 *
 * @param accessKeyId   the key id named in the credential
 * @param date          the scope date, {@code yyyyMMdd}
 * @param region        the scope region
 * @param service       the scope service
 * @param signedHeaders lower-case header names, as listed
 * @param signature     the hex signature
 */
public record SigV4Authorization(String accessKeyId, String date, String region, String service,
                                 List<String> signedHeaders, String signature) {

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
                List.of(m.group(5).split(";")), m.group(6));
    }

    /**
     * Whether the signature is the one {@code secret} gives this request as received: AWS's canonical request (the
     * signed headers' values trimmed, spaces collapsed, the body's SHA-256), string to sign and derived key.
     *
     * @param path the request's path ({@code /}); Textract's calls have no query
     */
    public boolean verify(String secret, String method, String path, MultiMap headers, Buffer body) {
        return verify(secret, method, path, headers, hex(sha256(body.getBytes())));
    }

    /**
     * As {@link #verify(String, String, String, MultiMap, Buffer)} with the payload's hash as the request names it:
     * S3 takes {@code x-amz-content-sha256}, the hex SHA-256 or {@code UNSIGNED-PAYLOAD}, as the canonical request's
     * last line.
     *
     * @param path the path as received, still encoded (S3 signs it so); no query
     */
    public boolean verify(String secret, String method, String path, MultiMap headers, String payloadHash) {
        String canonicalHeaders = signedHeaders.stream()
                .map(name -> name + ":" + String.join(",", headers.getAll(name)).trim().replaceAll(" +", " ") + "\n")
                .collect(Collectors.joining());
        String canonicalRequest = method + "\n" + path + "\n\n" + canonicalHeaders + "\n"
                + String.join(";", signedHeaders) + "\n" + payloadHash;
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + headers.get("X-Amz-Date") + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(hmac(hmac(key, region), service), "aws4_request");
        return MessageDigest.isEqual(hex(hmac(key, stringToSign)).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
