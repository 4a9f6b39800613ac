package org.freerpacapture.adapters.aws;

import io.vertx.core.MultiMap;
import io.vertx.core.net.HostAndPort;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.util.Objects;
import java.util.Optional;

/**
 * SigV4 for one AWS service in one region, by the AWS SDK's signer; the signed request then goes over the gateway's
 * Vert.x HTTP client with {@link #headers} and {@link #authority}. The SDK's own HTTP clients are not used
 * (docs/decisions.md, "Textract without the SDK's client").
 *
 * <p>Signing is a SHA-256 of the payload and a chain of HMACs: cheap for an empty or small payload, so callers sign
 * such requests where they are, and larger ones off the event loop.
 *
 * @param service the signing name ({@code textract}, {@code s3})
 * @param region  the signing region ({@code eu-west-1})
 */
public record SigV4(String service, String region) {

    public static final String S3 = "s3";
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    public SigV4 {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(region, "region");
    }

    /**
     * Signs {@code unsigned} with {@code identity}.
     *
     * @param payload the body, or null for none (its hash is then the empty body's)
     */
    public SdkHttpRequest sign(SdkHttpRequest unsigned, byte[] payload, AwsCredentialsIdentity identity) {
        return SIGNER.sign(r -> {
            r.identity(identity)
                    .request(unsigned)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region);
            if (payload != null) {
                r.payload(ContentStreamProvider.fromByteArrayUnsafe(payload));
            }
            if (S3.equals(service)) {
                // S3 signs the path as sent, encoded once and never normalised (keys may hold "//" and "..").
                r.putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false);
            }
        }).request();
    }

    /** The signed request's headers to send; Host and Content-Length are left to Vert.x, which writes them. */
    public static MultiMap headers(SdkHttpRequest signed) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                headers.add(name, values);
            }
        });
        return headers;
    }

    /** The authority the request was signed for, to send as its Host exactly. */
    public static Optional<HostAndPort> authority(SdkHttpRequest signed) {
        return signed.firstMatchingHeader("Host").map(host -> HostAndPort.parseAuthority(host, signed.port()));
    }
}
