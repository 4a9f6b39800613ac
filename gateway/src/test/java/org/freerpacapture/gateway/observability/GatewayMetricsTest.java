package org.freerpacapture.gateway.observability;

import io.vertx.core.Vertx;
import org.freerpacapture.adapters.resilience.ResilienceOptions;
import org.freerpacapture.adapters.resilience.ResilientProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayMetricsTest {

    @Test
    void micrometer_names_turn_back_into_the_prometheus_series_names() {
        assertEquals("gateway.requests", GatewayMetrics.name(GatewayMetrics.REQUESTS));
        assertEquals("gateway.request.duration", GatewayMetrics.name(GatewayMetrics.REQUEST_DURATION));
        assertEquals("gateway.estimated.cost.usd", GatewayMetrics.name(GatewayMetrics.COST));
        assertEquals("gateway.inference.queue.depth", GatewayMetrics.name(GatewayMetrics.QUEUE_DEPTH));
    }

    @Test
    void tenants_past_the_first_hundred_are_counted_as_other() {
        try (GatewayMetrics metrics = new GatewayMetrics(ProviderPrices.NONE)) {
            for (int i = 0; i < 150; i++) {
                metrics.request("tenant-" + i, "default", "local", "onnx:ppocr-v4", "ok", Duration.ofMillis(5));
            }
            metrics.request("tenant-7", "default", "local", "onnx:ppocr-v4", "ok", Duration.ofMillis(5));
            Exposition scraped = Exposition.parse(metrics.scrape());
            Set<String> tenants = scraped.named(GatewayMetrics.REQUESTS).stream()
                    .map(s -> s.labels().get("tenant")).collect(Collectors.toSet());
            assertEquals(TenantLabels.MAX + 1, tenants.size(), tenants.toString());
            assertEquals(50, scraped.value(GatewayMetrics.REQUESTS, Map.of("tenant", TenantLabels.OTHER)));
            assertEquals(2, scraped.value(GatewayMetrics.REQUESTS, Map.of("tenant", "tenant-7")));
            assertTrue(tenants.contains("tenant-99") && !tenants.contains("tenant-100"), tenants.toString());
        }
    }

    @Test
    void a_provider_rebuilt_under_the_same_id_replaces_the_series_of_the_old_instance() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (GatewayMetrics metrics = new GatewayMetrics(ProviderPrices.NONE)) {
            ResilientProvider first = new ResilientProvider(vertx, new StagedProvider(), ResilienceOptions.defaults());
            ResilientProvider second = new ResilientProvider(vertx, new StagedProvider(), ResilienceOptions.defaults());
            metrics.watch("cloud:eu", first);
            metrics.watch("cloud:eu", first);
            metrics.watch("cloud:eu", second);
            Exposition scraped = Exposition.parse(metrics.scrape());
            assertEquals(1, scraped.named(GatewayMetrics.CIRCUIT_STATE).size());
            assertEquals(1, scraped.named(GatewayMetrics.PROVIDER_RETRIES).size());
            assertEquals(0, scraped.value(GatewayMetrics.CIRCUIT_STATE, Map.of("provider", "cloud:eu")));
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void the_shadow_agreement_is_the_mean_of_the_last_hundred_comparisons() {
        GatewayMetrics.AgreementWindow window = new GatewayMetrics.AgreementWindow(GatewayMetrics.AGREEMENT_WINDOW);
        assertTrue(Double.isNaN(window.mean()), "no comparison yet");
        for (int i = 0; i < 100; i++) {
            window.add(0.0);
        }
        for (int i = 0; i < 50; i++) {
            window.add(1.0);
        }
        assertEquals(0.5, window.mean(), 1e-12);
    }

    @Test
    void prices_are_read_per_provider_and_unpriced_providers_cost_nothing() {
        ProviderPrices prices = ProviderPrices.parse(" textract:eu-west-1=0.0015, azure:westeurope = 0.001 ");
        assertEquals(0.0015, prices.perPage("textract:eu-west-1"));
        assertEquals(0.001, prices.perPage("azure:westeurope"));
        assertEquals(0.0, prices.perPage("onnx:ppocr-v4"));
        assertEquals(ProviderPrices.NONE, ProviderPrices.parse(""));
        assertThrows(IllegalArgumentException.class, () -> ProviderPrices.parse("textract:eu=cheap"));
        assertThrows(IllegalArgumentException.class, () -> ProviderPrices.parse("textract:eu"));
        assertThrows(IllegalArgumentException.class, () -> ProviderPrices.parse("textract:eu=-1"));
    }
}
