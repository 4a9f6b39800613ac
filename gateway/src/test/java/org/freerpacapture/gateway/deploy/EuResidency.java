package org.freerpacapture.gateway.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a provider entry of a routing policy reads documents inside the European Union: the local engine does;
 * a cloud provider does when the region its endpoint serves is one of the EU's. Regions of the clouds that lie in
 * Europe but outside the EU (London, Zurich, Oslo) are not on the lists.
 */
final class EuResidency {

    static final Set<String> AWS_REGIONS = Set.of(
            "eu-west-1", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2");
    static final Set<String> AZURE_REGIONS = Set.of(
            "westeurope", "northeurope", "francecentral", "francesouth", "germanywestcentral", "germanynorth",
            "swedencentral", "swedensouth", "italynorth", "polandcentral", "spaincentral");
    static final String DOCUMENT_AI_LOCATION = "eu";

    private EuResidency() {
    }

    /** Why {@code provider} may read outside the EU, or empty when it stays inside. */
    static Optional<String> outside(String id, JsonNode provider) {
        String kind = provider.path("kind").asText();
        return switch (kind) {
            case "onnx" -> Optional.empty();
            case "textract" -> textract(id, provider);
            case "azure-di" -> azure(id, provider);
            case "document-ai" -> documentAi(id, provider);
            default -> Optional.of(id + ": kind '" + kind + "' is not known to read inside the EU");
        };
    }

    private static Optional<String> textract(String id, JsonNode p) {
        String region = p.path("region").asText();
        if (!AWS_REGIONS.contains(region)) {
            return Optional.of(id + ": AWS region " + region + " is not in the EU");
        }
        return p.has("endpoint") && !host(p.path("endpoint").asText()).contains("." + region + ".")
                ? Optional.of(id + ": endpoint " + p.path("endpoint").asText() + " is not in " + region)
                : Optional.empty();
    }

    /** The regional endpoint names its region; a custom subdomain does not, so it cannot be judged and is refused. */
    private static Optional<String> azure(String id, JsonNode p) {
        String host = host(p.path("endpoint").asText());
        String suffix = ".api.cognitive.microsoft.com";
        if (!host.endsWith(suffix)) {
            return Optional.of(id + ": endpoint " + host + " does not name its region (use <region>" + suffix + ")");
        }
        String region = host.substring(0, host.length() - suffix.length());
        return AZURE_REGIONS.contains(region) ? Optional.empty()
                : Optional.of(id + ": Azure region " + region + " is not in the EU");
    }

    private static Optional<String> documentAi(String id, JsonNode p) {
        String location = p.path("location").asText("us");
        if (!DOCUMENT_AI_LOCATION.equals(location)) {
            return Optional.of(id + ": Document AI location " + location + " is not the EU's");
        }
        return p.has("endpoint") && !host(p.path("endpoint").asText()).startsWith(location + "-")
                ? Optional.of(id + ": endpoint " + p.path("endpoint").asText() + " is not the " + location + " one")
                : Optional.empty();
    }

    private static String host(String endpoint) {
        if (endpoint.startsWith("env:") || endpoint.startsWith("file:")) {
            return endpoint;
        }
        String host = URI.create(endpoint).getHost();
        return host == null ? endpoint : host;
    }
}
