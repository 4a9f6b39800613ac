package org.freerpacapture.gateway.admin;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.support.RawHttp;
import org.freerpacapture.gateway.support.RoutedGateway;
import org.freerpacapture.gateway.support.TestPolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin listener holds slow clients off as the public one does: 408 in the JSON shape, then closed. */
@ExtendWith(VertxExtension.class)
class AdminConnectionsTest {

    @Test
    void a_stalled_policy_upload_and_a_byte_at_a_time_head_get_408(Vertx vertx) throws Exception {
        GatewayConfig.Connections limits = GatewayConfig.Connections.DEFAULTS
                .withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(800), Duration.ofMillis(800));
        try (RoutedGateway g = RoutedGateway.start(vertx, TestPolicies.ab(50, 50))) {
            AdminApi admin = AdminApi.start(vertx, "127.0.0.1", 0, g.routing, Optional.of(RoutedGateway.TOKEN),
                    Optional.empty(), Optional.empty(), GatewayConfig.Tls.NONE, limits).await(10, TimeUnit.SECONDS);
            try {
                try (RawHttp raw = new RawHttp(admin.port())) {
                    RawHttp.Response r = raw.send("PUT " + AdminApi.ROUTING + " HTTP/1.1\r\nHost: gw\r\n"
                            + "Authorization: Bearer " + RoutedGateway.TOKEN + "\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 5000\r\n\r\n{\"routes\": [").read();
                    assertEquals(408, r.status(), r.body());
                    assertEquals("request_timeout", new JsonObject(r.body()).getJsonObject("error").getString("code"));
                    assertTrue(raw.closedByPeer(2_000));
                }
                try (RawHttp raw = new RawHttp(admin.port())) {
                    long start = System.nanoTime();
                    assertTrue(!raw.trickle("GET " + AdminApi.STATS + " HTTP/1.1\r\nHost: gw\r\n\r\n", 100),
                            "the admin listener hangs up before the head is complete");
                    assertTrue((System.nanoTime() - start) / 1_000_000 < 3_000);
                }
            } finally {
                admin.stop().await(10, TimeUnit.SECONDS);
            }
        }
    }
}
