package org.freerpacapture.gateway.kafka;

import io.vertx.core.Future;
import org.freerpacapture.gateway.http.ApiException;
import org.freerpacapture.ocr.Deadline;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Fetches a document a request names by reference instead of carrying it: {@code s3://bucket/key} or an
 * {@code https://} URL on a host the operator allows.
 */
public interface DocumentSources {

    /**
     * A fetched document.
     *
     * @param bytes       its content
     * @param contentType the media type the source gave, or empty
     */
    record Fetched(byte[] bytes, String contentType) {
    }

    /**
     * Fetches {@code source} before {@code deadline}, at most {@code maxBytes} of it. Fails with an
     * {@link ApiException}: 4xx when the source can never be read (not allowed, not found, too large), 5xx when
     * trying again may help (unreachable, throttled).
     */
    Future<Fetched> fetch(URI source, long maxBytes, Deadline deadline);

    /**
     * {@code s3://bucket/key} or {@code https://host/path}, else empty. {@code http://} is taken too, for the
     * fetch to refuse unless the operator lets it reach a loopback fake ({@code GATEWAY_PROVIDER_LOOPBACK}).
     */
    static Optional<URI> parse(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean s3 = scheme.equals("s3") && uri.getHost() != null && uri.getPath() != null
                    && uri.getPath().length() > 1;
            boolean https = (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
                    && uri.getUserInfo() == null;
            return s3 || https ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Sources that refuse every fetch: for gateways that read inline documents only. */
    DocumentSources NONE = (source, maxBytes, deadline) -> Future.failedFuture(new ApiException(422,
            "source_not_allowed", "this gateway reads no documents by reference; send the document inline as"
            + " \"data\""));
}
