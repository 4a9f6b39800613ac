package org.freerpacapture.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.config.TrustedProxies;
import org.freerpacapture.gateway.support.RoutedGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The region a request is served in, over real connections from different loopback addresses: {@code X-Region} moves
 * a request to another region's route only when the connection comes from a trusted proxy; from anyone else, forged
 * forwarding headers included, the replica's own region routes it.
 */
@ExtendWith(VertxExtension.class)
class RequestRegionTest {

    /** EU documents on the EU provider; everything else on the other one. */
    static final String POLICY = """
            {"providers": {"test:eu": {"kind": "test", "lines": ["EU"]}, "test:us": {"kind": "test", "lines": ["US"]}},
             "routes": [{"name": "eu-documents", "match": {"region": ["eu-west"]},
                         "variants": [{"name": "eu", "provider": "test:eu", "weight": 100}]},
                        {"name": "default", "match": {},
                         "variants": [{"name": "us", "provider": "test:us", "weight": 100}]}]}
            """;

    /** Where the gateway listens; the caller connects from the same address, the proxy from another. */
    static final String GATEWAY = "127.0.0.1";
    static final String CALLER = "127.0.0.1";
    static final String PROXY = "127.0.0.2";

    private static HttpResponse<Buffer> analyze(Vertx vertx, String host, int port, String from,
                                                Map<String, String> headers) throws Exception {
        WebClient client = WebClient.create(vertx, new WebClientOptions().setLocalAddress(from));
        try {
            HttpRequest<Buffer> request = client.post(port, host, HttpApi.DOCUMENTS_ANALYZE)
                    .putHeader("Content-Type", "image/png");
            if (host.contains(":")) {
                // The client would write an IPv6 host without brackets, which is not a valid Host header.
                request.putHeader("Host", "[" + host + "]:" + port);
            }
            headers.forEach(request::putHeader);
            HttpResponse<Buffer> r = request.sendBuffer(Buffer.buffer(RoutedGateway.TINY_PNG))
                    .await(20, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.bodyAsString());
            return r;
        } finally {
            client.close();
        }
    }

    @Test
    void an_untrusted_callers_x_region_is_ignored_and_the_replicas_region_routes_it(Vertx vertx) throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, POLICY, c -> c.withRegion("us-east")
                .withTrustedProxies(TrustedProxies.parse(PROXY)))) {
            int port = g.server.port();
            assertEquals("default", analyze(vertx, GATEWAY, port, CALLER, Map.of()).getHeader("X-Route"));
            HttpResponse<Buffer> spoofed = analyze(vertx, GATEWAY, port, CALLER, Map.of(
                    RequestRegion.HEADER, "eu-west",
                    // what a caller writes to look like it came through the proxy: not the connection's peer
                    "X-Forwarded-For", PROXY, "Forwarded", "for=" + PROXY, "X-Real-IP", PROXY));
            assertEquals("default", spoofed.getHeader("X-Route"));
            assertEquals("test:us", spoofed.getHeader("X-Provider"));
            assertEquals("US", spoofed.bodyAsJsonObject().getString("content"));
        }
    }

    @Test
    void a_trusted_proxys_x_region_routes_the_request_and_without_it_the_replicas_region_does(Vertx vertx)
            throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, POLICY, c -> c.withRegion("us-east")
                .withTrustedProxies(TrustedProxies.parse("10.0.0.0/8, " + PROXY + "/32")))) {
            int port = g.server.port();
            HttpResponse<Buffer> named = analyze(vertx, GATEWAY, port, PROXY, Map.of(RequestRegion.HEADER, "eu-west"));
            assertEquals("eu-documents", named.getHeader("X-Route"));
            assertEquals("test:eu", named.getHeader("X-Provider"));
            assertEquals("eu-documents", analyze(vertx, GATEWAY, port, PROXY, Map.of(RequestRegion.HEADER,
                    " EU-West ")).getHeader("X-Route"), "regions compare case-insensitively, trimmed");
            assertEquals("default", analyze(vertx, GATEWAY, port, PROXY, Map.of()).getHeader("X-Route"));
            assertEquals("default", analyze(vertx, GATEWAY, port, CALLER, Map.of(RequestRegion.HEADER, "eu-west"))
                    .getHeader("X-Route"), "the same header from the caller next to the proxy");
        }
    }

    @Test
    void an_eu_replica_keeps_an_untrusted_callers_documents_on_the_eu_route(Vertx vertx) throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, POLICY, c -> c.withRegion("eu-west")
                .withTrustedProxies(TrustedProxies.parse(PROXY)))) {
            int port = g.server.port();
            HttpResponse<Buffer> r = analyze(vertx, GATEWAY, port, CALLER, Map.of(RequestRegion.HEADER, "us-east"));
            assertEquals("eu-documents", r.getHeader("X-Route"));
            assertEquals("test:eu", r.getHeader("X-Provider"));
            assertEquals("default", analyze(vertx, GATEWAY, port, PROXY, Map.of(RequestRegion.HEADER, "us-east"))
                    .getHeader("X-Route"), "a trusted proxy may still send it elsewhere");
        }
    }

    @Test
    void with_no_trusted_proxies_no_peer_names_the_region(Vertx vertx) throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, POLICY, c -> c.withRegion("us-east"))) {
            for (String from : new String[]{CALLER, PROXY}) {
                assertEquals("default", analyze(vertx, GATEWAY, g.server.port(), from,
                        Map.of(RequestRegion.HEADER, "eu-west")).getHeader("X-Route"), from);
            }
        }
    }

    @Test
    void an_ipv6_peer_is_judged_by_its_own_address(Vertx vertx) throws Exception {
        try (RoutedGateway trusting = RoutedGateway.start(vertx, POLICY, c -> c.withHost("::1").withRegion("us-east")
                .withTrustedProxies(TrustedProxies.parse("::1/128")))) {
            assertEquals("eu-documents", analyze(vertx, "::1", trusting.server.port(), "::1",
                    Map.of(RequestRegion.HEADER, "eu-west")).getHeader("X-Route"));
        }
        try (RoutedGateway ipv4Only = RoutedGateway.start(vertx, POLICY, c -> c.withHost("::1").withRegion("us-east")
                .withTrustedProxies(TrustedProxies.parse("127.0.0.0/8")))) {
            assertEquals("default", analyze(vertx, "::1", ipv4Only.server.port(), "::1",
                    Map.of(RequestRegion.HEADER, "eu-west")).getHeader("X-Route"));
        }
    }
}
