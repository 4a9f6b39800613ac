package org.freerpacapture.gateway.observability;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.freerpacapture.gateway.Gateway;
import org.freerpacapture.gateway.admin.AdminApi;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.support.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production wiring ({@link Gateway#start(Vertx, GatewayConfig, Observability)}) with the real local engine:
 * a receipt read in the caller's trace down to its stages, and {@code GET /metrics} on the admin port, which
 * needs no admin token.
 */
class GatewayObservabilityTest {

    @Test
    void the_wired_gateway_traces_a_real_read_and_serves_its_metrics_on_the_admin_port() throws Exception {
        Spans spans = new Spans();
        Observability observability = Observability.of(Telemetry.of(spans.sdk), ProviderPrices.NONE);
        Vertx vertx = observability.newVertx(new VertxOptions());
        GatewayConfig config = GatewayConfig.defaults().withHost("127.0.0.1").withHttpPort(0).withAdminPort(0)
                .withAdminToken("admin-secret-token").withWarmup(false)
                .withPools(new GatewayConfig.Pools(2, 8, 2, 8));
        Gateway gateway = Gateway.start(vertx, config, observability).await(30, TimeUnit.SECONDS);
        try {
            gateway.ready().await(60, TimeUnit.SECONDS);
            WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1"));
            HttpResponse<Buffer> read = client.post(gateway.port(), "127.0.0.1", HttpApi.DOCUMENTS_ANALYZE)
                    .putHeader("Content-Type", "image/jpeg").putHeader("traceparent", TracingTest.TRACEPARENT)
                    .sendBuffer(Buffer.buffer(Fixtures.receiptJpeg())).await(60, TimeUnit.SECONDS);
            assertEquals(200, read.statusCode(), read.bodyAsString());
            assertTrue(read.getHeader("traceparent").startsWith("00-" + TracingTest.TRACE_ID + "-"));

            SpanData route = spans.named(SpanNames.ROUTE, spans.server(TracingTest.TRACE_ID));
            String provider = read.getHeader("X-Provider");
            assertEquals(provider, route.getAttributes().get(SpanNames.PROVIDER));
            SpanData call = spans.named(SpanNames.PROVIDER_CALL, route);
            SpanData detect = spans.named(SpanNames.DETECT, call);
            assertTrue(detect.getAttributes().get(SpanNames.CROPS) > 10, "a receipt has many text regions");
            assertTrue(spans.named(SpanNames.RECOGNIZE, call).getAttributes().get(SpanNames.BATCHES) >= 1);

            HttpResponse<Buffer> scraped = client.get(gateway.adminPort(), "127.0.0.1", AdminApi.METRICS).send()
                    .await(10, TimeUnit.SECONDS);
            assertEquals(200, scraped.statusCode(), "no admin token needed to scrape");
            Exposition metrics = Exposition.parse(scraped.bodyAsString());
            assertEquals(1, metrics.value(GatewayMetrics.REQUESTS, Map.of("provider", provider, "outcome", "ok")));
            for (String stage : List.of("detect", "classify", "recognize")) {
                assertEquals(1, metrics.value(GatewayMetrics.STAGE_DURATION + "_count",
                        Map.of("provider", provider, "stage", stage)), stage);
            }
            assertFalse(metrics.named(GatewayMetrics.QUEUE_DEPTH).isEmpty());
            assertEquals(8, metrics.value(GatewayMetrics.QUEUE_CAPACITY, Map.of()));
            assertEquals(401, client.get(gateway.adminPort(), "127.0.0.1", AdminApi.ROUTING).send()
                    .await(10, TimeUnit.SECONDS).statusCode(), "the rest of the admin API still needs the token");
            assertEquals(404, client.get(gateway.port(), "127.0.0.1", AdminApi.METRICS).send()
                    .await(10, TimeUnit.SECONDS).statusCode(), "the public port does not serve the metrics");
            client.close();
        } finally {
            gateway.stop().await(20, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
            observability.close();
        }
    }
}
