package org.freerpacapture.adapters.documentai;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Which Document AI processor to call, and where.
 *
 * @param endpoint         the API base URL ({@code https://eu-documentai.googleapis.com}, or a loopback fake)
 * @param project          the project id or number
 * @param location         {@code us}, {@code eu} or a region
 * @param processor        the processor id
 * @param processorVersion a pinned processor version, or empty for the processor's default
 * @param connectTimeout   how long to wait for a TCP connection
 */
public record DocumentAiConfig(URI endpoint, String project, String location, String processor,
                               Optional<String> processorVersion, Duration connectTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public DocumentAiConfig {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(processor, "processor");
        endpoint = endpoint == null ? defaultEndpoint(location) : endpoint;
        processorVersion = processorVersion == null ? Optional.empty() : processorVersion;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    }

    public static DocumentAiConfig of(String project, String location, String processor) {
        return new DocumentAiConfig(null, project, location, processor, Optional.empty(), DEFAULT_CONNECT_TIMEOUT);
    }

    public DocumentAiConfig withEndpoint(URI base) {
        return new DocumentAiConfig(base, project, location, processor, processorVersion, connectTimeout);
    }

    /** The regional host Google documents: {@code https://{location}-documentai.googleapis.com}. */
    public static URI defaultEndpoint(String location) {
        return URI.create("https://" + location + "-documentai.googleapis.com");
    }

    /** {@code POST} target of the synchronous {@code :process} method. */
    public String processUrl() {
        String base = endpoint.toString().replaceAll("/+$", "");
        String name = "projects/" + project + "/locations/" + location + "/processors/" + processor
                + processorVersion.map(v -> "/processorVersions/" + v).orElse("");
        return base + "/v1/" + name + ":process";
    }
}
