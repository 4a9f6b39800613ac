package org.freerpacapture.gateway.tenants;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.support.RoutedGateway;
import org.freerpacapture.gateway.support.TestPolicies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token buckets over real HTTP: what a caller sending faster than its plan gets, and how it is told. */
class RateLimitsOverHttpTest {

    @TempDir
    Path dir;
    private Vertx vertx;
    private RoutedGateway gateway;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void five_a_second_with_a_burst_of_ten_admits_fifty_to_seventy_of_two_hundred_sent_in_ten_seconds()
            throws Exception {
        start("{\"tenants\": {\"default\": {\"requestsPerSecond\": {\"rate\": 5, \"burst\": 10}}}}");
        List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            long due = start + i * 50_000_000L; // 20 a second
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            sent.add(gateway.analyze(null));
        }
        int accepted = 0;
        int limited = 0;
        for (Future<HttpResponse<Buffer>> f : sent) {
            HttpResponse<Buffer> r = f.await(30, TimeUnit.SECONDS);
            assertEquals("10", r.getHeader("RateLimit-Limit"), "every answer says the limit");
            assertNotNull(r.getHeader("RateLimit-Remaining"));
            assertNotNull(r.getHeader("RateLimit-Reset"));
            if (r.statusCode() == 200) {
                accepted++;
            } else {
                assertEquals(429, r.statusCode(), r.bodyAsString());
                assertEquals("rate_limited", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
                assertEquals("1", r.getHeader("Retry-After"));
                assertEquals("0", r.getHeader("RateLimit-Remaining"));
                limited++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("rate limit 5/s burst 10: %d accepted, %d refused of 200 in %.1f s%n", accepted, limited,
                seconds);
        assertEquals(200, accepted + limited, "nothing else happened");
        assertTrue(accepted >= 50 && accepted <= 70, accepted + " accepted");
    }

    @Test
    void a_document_with_more_pages_than_the_tenant_may_read_now_waits_its_turn() throws Exception {
        start("{\"tenants\": {\"default\": {\"pagesPerSecond\": {\"rate\": 0.5, \"burst\": 2}}}}");
        assertEquals(200, gateway.analyzeNow(null).statusCode());
        assertEquals(200, gateway.analyzeNow(null).statusCode());
        HttpResponse<Buffer> third = gateway.analyzeNow(null);
        assertEquals(429, third.statusCode(), third.bodyAsString());
        assertTrue(third.bodyAsJsonObject().getJsonObject("error").getString("message")
                .contains("tenant 'default' pages"), third.bodyAsString());
        assertEquals("2", third.getHeader("Retry-After"), "one page at half a page a second");
    }

    @Test
    void a_tenant_without_limits_gets_no_rate_limit_headers() throws Exception {
        start("{\"tenants\": {\"someone-else\": {\"requestsPerSecond\": {\"rate\": 1}}}}");
        for (int i = 0; i < 20; i++) {
            HttpResponse<Buffer> r = gateway.analyzeNow(null);
            assertEquals(200, r.statusCode());
            assertEquals(null, r.getHeader("RateLimit-Limit"));
        }
    }

    private void start(String plans) throws Exception {
        Path file = dir.resolve("tenants.json");
        Files.writeString(file, plans);
        gateway = RoutedGateway.start(vertx, TestPolicies.single("{\"kind\": \"test\", \"latencyMs\": 1}"),
                c -> c.withTenancy(GatewayConfig.Tenancy.NONE.withPlansFile(file)));
    }
}
