package org.freerpacapture.gateway.deploy;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.observability.GatewayMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each region's entry point (Gateway API plus Envoy Gateway's health check) and its DNS identity: the public API
 * only, probed on {@code /health/ready}, and one record per region under the global name.
 */
class GlobalBalancingManifestsTest {

    static final List<String> REGIONS = RenderedManifests.REGIONS;

    private static final String GLOBAL = "rpa-gateway-global";
    private static final String REGIONAL = "rpa-gateway-regional";
    private static final String DNS = "external-dns.alpha.kubernetes.io/";

    @ParameterizedTest
    @FieldSource("REGIONS")
    void routes_send_only_the_public_api_to_the_public_port_and_drop_x_region(String region) {
        Rendered r = RenderedManifests.of(RenderedManifests.overlay(region));
        GatewayConfig settings = r.settings();
        Listener https = r.one(Gateway.class, Rendered.APP).getSpec().getListeners().get(0);
        assertEquals("HTTPS", https.getProtocol());
        assertEquals(443, https.getPort());

        for (HTTPRoute route : r.all(HTTPRoute.class)) {
            for (HTTPRouteRule rule : route.getSpec().getRules()) {
                for (HTTPBackendRef backend : rule.getBackendRefs()) {
                    assertEquals(Rendered.APP, backend.getName(), "only the public Service is a backend");
                    assertEquals(settings.httpPort(), backend.getPort());
                }
                assertTrue(rule.getFilters().stream().anyMatch(f -> f.getRequestHeaderModifier() != null
                        && f.getRequestHeaderModifier().getRemove().contains("X-Region")), route.getMetadata()
                        .getName() + " must drop a caller's X-Region: the region is the replica's own");
                Duration timeout = Duration.parse("PT" + rule.getTimeouts().getRequest().toUpperCase());
                assertTrue(timeout.compareTo(settings.requestTimeout()) > 0,
                        "the proxy must wait longer than the gateway's own deadline, so callers get its 504");
                Set<String> paths = rule.getMatches().stream().map(m -> m.getPath().getValue())
                        .collect(Collectors.toSet());
                assertTrue(paths.contains(HttpApi.HEALTH_READY), "the DNS health check reaches /health/ready");
                assertFalse(paths.contains("/metrics") || paths.contains("/admin/") || paths.contains("/"), paths
                        .toString());
            }
        }
    }

    @ParameterizedTest
    @FieldSource("REGIONS")
    void the_proxies_probe_every_replica_on_health_ready_and_never_panic(String region) {
        Rendered r = RenderedManifests.of(RenderedManifests.overlay(region));
        EnvoyGateway.BackendTrafficPolicy policy = r.all(EnvoyGateway.BackendTrafficPolicy.class).get(0);

        assertEquals(Set.of(GLOBAL, REGIONAL), policy.spec().targetRefs().stream()
                .map(EnvoyGateway.TargetRef::name).collect(Collectors.toSet()));
        assertEquals(HttpApi.HEALTH_READY, policy.spec().healthCheck().active().http().path());
        assertEquals(List.of(200), policy.spec().healthCheck().active().http().expectedStatuses());
        assertEquals(0, policy.spec().healthCheck().panicThreshold(), "no ready replica must mean 503, not all");
        assertTrue(policy.spec().retry().retryOn().triggers().stream()
                .allMatch(t -> Set.of("connect-failure", "refused-stream").contains(t)),
                "only requests that never reached a gateway are retried");
    }

    @ParameterizedTest
    @FieldSource("REGIONS")
    void the_global_name_has_one_record_per_region_and_the_regional_name_is_the_regions(String region) {
        Rendered r = RenderedManifests.of(RenderedManifests.overlay(region));
        HTTPRoute global = r.one(HTTPRoute.class, GLOBAL);
        HTTPRoute regional = r.one(HTTPRoute.class, REGIONAL);
        Map<String, String> dns = global.getMetadata().getAnnotations();

        assertEquals(List.of("ocr.example.com"), global.getSpec().getHostnames());
        assertEquals(region, dns.get(DNS + "set-identifier"));
        assertTrue(dns.get(DNS + "aws-region").startsWith(region + "-"));
        assertTrue(dns.containsKey(DNS + "aws-health-check-id"), "the record is withdrawn when the region fails");
        assertEquals(region + ".ocr.example.com", regional.getSpec().getHostnames().get(0));
        assertFalse(regional.getMetadata().getAnnotations().containsKey(DNS + "set-identifier"),
                "the region's own name never answers with another region");
    }

    @Test
    void eu_callers_have_a_name_that_never_leaves_the_eu() {
        for (String region : REGIONS) {
            List<String> names = RenderedManifests.of(RenderedManifests.overlay(region))
                    .one(HTTPRoute.class, REGIONAL).getSpec().getHostnames();
            assertEquals(region.startsWith("eu-"), names.contains("eu.ocr.example.com"), region + ": " + names);
        }
    }

    @Test
    void the_in_flight_option_scales_on_series_the_gateway_exports() {
        Rendered r = RenderedManifests.withComponent("us-east", "hpa-in-flight");
        List<MetricSpec> metrics = r.one(HorizontalPodAutoscaler.class, Rendered.APP).getSpec().getMetrics();

        assertTrue(metrics.stream().anyMatch(m -> m.getResource() != null && "cpu".equals(m.getResource().getName())),
                "CPU stays a metric");
        MetricSpec inFlight = metrics.stream().filter(m -> m.getPods() != null).findFirst().orElseThrow();
        assertEquals(DeploymentDocs.IN_FLIGHT_METRIC, inFlight.getPods().getMetric().getName());
        assertTrue(GatewayMetrics.SERIES.containsAll(DeploymentDocs.inFlightSeries()),
                "the adapter rule in docs/deployment.md sums series the gateway exports");
    }
}
