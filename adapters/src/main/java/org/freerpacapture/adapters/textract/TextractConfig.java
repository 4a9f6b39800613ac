package org.freerpacapture.adapters.textract;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach Textract. Credentials are not here: they come from the AWS SDK's default chain
 * ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, profiles, container and instance roles).
 *
 * @param region         the AWS region, also the SigV4 signing region ({@code eu-west-1})
 * @param endpoint       an endpoint override (a loopback fake, a VPC endpoint); empty for the region's own
 * @param connectTimeout how long to wait for a TCP connection
 */
public record TextractConfig(String region, Optional<URI> endpoint, Duration connectTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public TextractConfig {
        Objects.requireNonNull(region, "region");
        if (region.isBlank()) {
            throw new IllegalArgumentException("textract: region is required");
        }
        endpoint = endpoint == null ? Optional.empty() : endpoint;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    }

    public static TextractConfig of(String region) {
        return new TextractConfig(region, Optional.empty(), DEFAULT_CONNECT_TIMEOUT);
    }

    public TextractConfig withEndpoint(URI override) {
        return new TextractConfig(region, Optional.of(override), connectTimeout);
    }
}
