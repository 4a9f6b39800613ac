package org.freerpacapture.gateway.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import org.freerpacapture.gateway.config.TrustedProxies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The region a request is served in: the replica's own, unless a trusted proxy names another in
 * {@value #HEADER}. Routes that keep a region's documents on its providers match on this, so a caller must not be
 * able to choose it: from any other peer the header is ignored, never refused, since callers that send it by habit
 * are still served.
 */
final class RequestRegion {

    /** A trusted proxy names the region the request is served in; from anyone else it is ignored. */
    static final String HEADER = "X-Region";

    private static final Logger LOG = LoggerFactory.getLogger(RequestRegion.class);

    private final String own;
    private final TrustedProxies trusted;
    private final Runnable ignored;

    /**
     * @param own     the replica's region ({@code GATEWAY_REGION}), or null
     * @param ignored counts a header ignored because its sender is not trusted
     */
    RequestRegion(String own, TrustedProxies trusted, Runnable ignored) {
        this.own = own;
        this.trusted = trusted;
        this.ignored = ignored;
    }

    /** The region {@code request} is served in; the peer is the connection's, not a forwarded-for header's. */
    String of(HttpServerRequest request) {
        String named = request.getHeader(HEADER);
        if (named == null || named.isBlank()) {
            return own;
        }
        SocketAddress peer = request.remoteAddress();
        String address = peer == null ? null : peer.hostAddress();
        if (trusted.trusts(address)) {
            return named.trim();
        }
        ignored.run();
        LOG.debug("{} ignored from {}: not a trusted proxy (GATEWAY_TRUSTED_PROXIES); served in region {}", HEADER,
                address, own);
        return own;
    }
}
