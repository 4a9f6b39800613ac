package org.freerpacapture.gateway.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The monitoring the base deploys is the one k8s/observability keeps: same rules, same dashboard, admin port. */
class ObservabilityManifestsTest {

    private static final Path DIR = Repo.ROOT.resolve("k8s/observability");

    @Test
    @SuppressWarnings("unchecked")
    void the_prometheus_rule_carries_the_groups_of_alerts_yaml() throws IOException {
        Map<String, Object> rule = (Map<String, Object>) SourceManifests.yaml(DIR.resolve("prometheusrule.yaml"));
        Map<String, Object> alerts = (Map<String, Object>) SourceManifests.yaml(DIR.resolve("alerts.yaml"));

        assertInstanceOf(PrometheusRule.class, TypedManifests.bind(rule));
        assertEquals(alerts.get("groups"), ((Map<String, Object>) rule.get("spec")).get("groups"));
    }

    @Test
    void the_base_scrapes_metrics_on_the_admin_port_and_ships_the_dashboard() throws IOException {
        Rendered base = RenderedManifests.of(RenderedManifests.BASE);
        List<PodMetricsEndpoint> endpoints = base.one(PodMonitor.class, Rendered.APP).getSpec()
                .getPodMetricsEndpoints();
        ConfigMap dashboard = base.one(ConfigMap.class, "rpa-gateway-dashboard");

        assertEquals(1, endpoints.size());
        assertEquals("admin", endpoints.get(0).getPort());
        assertEquals("/metrics", endpoints.get(0).getPath());
        assertEquals(base.deployment().getSpec().getTemplate().getMetadata().getLabels(),
                base.one(PodMonitor.class, Rendered.APP).getSpec().getSelector().getMatchLabels());
        assertEquals(Files.readString(DIR.resolve("dashboard.json")), dashboard.getData().get("dashboard.json"));
        assertEquals("1", dashboard.getMetadata().getLabels().get("grafana_dashboard"));
        base.one(PrometheusRule.class, Rendered.APP);
    }
}
