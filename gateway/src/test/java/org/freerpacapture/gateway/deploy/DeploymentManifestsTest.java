package org.freerpacapture.gateway.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.config.GatewayConfigLoader;
import org.freerpacapture.gateway.config.Setting;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.observability.ProviderPrices;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The base and every region's overlay, rendered by {@code kubectl kustomize} and bound to typed models, hold the
 * gateway's invariants: its probes, its drain, its measured memory and cores, its ports, its settings.
 */
class DeploymentManifestsTest {

    static final List<String> TARGETS = RenderedManifests.TARGETS;

    private static final long MIB = 1024L * 1024L;

    @ParameterizedTest
    @FieldSource("TARGETS")
    void probes_ask_the_gateways_own_health_endpoints_on_its_public_port(String target) {
        Rendered r = RenderedManifests.of(target);
        Container gateway = r.gateway();
        GatewayConfig settings = r.settings();

        assertProbe(gateway, gateway.getStartupProbe(), HttpApi.HEALTH_LIVE, settings.httpPort());
        assertProbe(gateway, gateway.getLivenessProbe(), HttpApi.HEALTH_LIVE, settings.httpPort());
        assertProbe(gateway, gateway.getReadinessProbe(), HttpApi.HEALTH_READY, settings.httpPort());
        assertEquals(Map.of("http", settings.httpPort(), "admin", settings.adminPort()), ports(gateway));
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void the_grace_period_outlasts_the_pause_the_drain_and_the_shutdown(String target) {
        Rendered r = RenderedManifests.of(target);
        GatewayConfig settings = r.settings();
        List<String> preStop = r.gateway().getLifecycle().getPreStop().getExec().getCommand();
        assertEquals("sleep", preStop.get(0));
        Duration stopping = Duration.ofSeconds(Long.parseLong(preStop.get(1)))
                .plus(settings.connections().drainReadyDelay()).plus(settings.shutdownTimeout());
        long grace = r.pod().getTerminationGracePeriodSeconds();

        assertTrue(grace > stopping.toSeconds(), "terminationGracePeriodSeconds " + grace + " must exceed preStop "
                + preStop.get(1) + " s + drain + shutdown = " + stopping.toSeconds() + " s");
        Probe readiness = r.gateway().getReadinessProbe();
        assertTrue(settings.connections().drainReadyDelay().toSeconds()
                        > (long) readiness.getPeriodSeconds() * readiness.getFailureThreshold(),
                "the drain must outlast the readiness probe's period times its failure threshold");
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void memory_covers_the_measured_peak_and_the_whole_heap_and_cores_match_the_threads(String target)
            throws IOException {
        Rendered r = RenderedManifests.of(target);
        Map<String, Quantity> requests = r.gateway().getResources().getRequests();
        Map<String, Quantity> limits = r.gateway().getResources().getLimits();
        long peak = SourceManifests.podPeakRssMib();
        long heap = maxHeapMib(Dockerfile.read().entrypoint());

        assertTrue(mib(requests.get("memory")) >= peak, "the request must reserve the measured peak " + peak + " MiB");
        assertTrue(mib(limits.get("memory")) >= peak + heap, "the limit must hold the measured peak " + peak
                + " MiB plus the heap the JVM may still grow (" + heap + " MiB)");
        BigDecimal cores = Quantity.getAmountInBytes(limits.get("cpu"));
        assertEquals(0, cores.compareTo(Quantity.getAmountInBytes(requests.get("cpu"))), "CPU request = limit");
        GatewayConfig.Pools pools = r.settings().pools();
        for (int threads : List.of(pools.inferenceThreads(), pools.ortIntraThreads(), pools.decodeThreads())) {
            assertEquals(cores.intValueExact(), threads, "threads per pool follow the CPU limit");
        }
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void runs_locked_down_with_only_tmp_and_the_policy_writable(String target) {
        Rendered r = RenderedManifests.of(target);
        PodSpec pod = r.pod();
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());

        for (Container c : concat(pod.getInitContainers(), pod.getContainers())) {
            SecurityContext sc = c.getSecurityContext();
            assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), c.getName());
            assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), c.getName());
            assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), c.getName());
            assertNotNull(c.getResources().getLimits().get("memory"), c.getName());
        }
        Map<String, String> writable = r.gateway().getVolumeMounts().stream()
                .filter(m -> !Boolean.TRUE.equals(m.getReadOnly()))
                .collect(Collectors.toMap(VolumeMount::getName, VolumeMount::getMountPath));
        assertEquals(Map.of("tmp", "/tmp", "policy", "/var/lib/gateway"), writable);
        writable.keySet().forEach(v -> assertNotNull(pod.getVolumes().stream().filter(x -> x.getName().equals(v))
                .findFirst().orElseThrow().getEmptyDir(), v + " must be an emptyDir"));
        assertTrue(r.settings().policyFile().startsWith("/var/lib/gateway"), "the policy file must be writable");
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void spreads_over_zones_scales_by_autoscaler_and_drains_one_at_a_time(String target) {
        Rendered r = RenderedManifests.of(target);
        Map<String, String> podLabels = r.deployment().getSpec().getTemplate().getMetadata().getLabels();

        assertNull(r.deployment().getSpec().getReplicas(), "the autoscaler owns the replica count");
        assertEquals(0, r.deployment().getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());
        TopologySpreadConstraint zones = r.pod().getTopologySpreadConstraints().stream()
                .filter(t -> t.getTopologyKey().equals("topology.kubernetes.io/zone")).findFirst().orElseThrow();
        assertEquals("DoNotSchedule", zones.getWhenUnsatisfiable());
        assertTrue(podLabels.entrySet().containsAll(zones.getLabelSelector().getMatchLabels().entrySet()));

        PodDisruptionBudget pdb = r.one(PodDisruptionBudget.class, Rendered.APP);
        assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal());
        assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()));

        HorizontalPodAutoscaler hpa = r.one(HorizontalPodAutoscaler.class, Rendered.APP);
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals(Rendered.APP, hpa.getSpec().getScaleTargetRef().getName());
        assertTrue(hpa.getSpec().getMinReplicas() >= 2, "one replica lost or drained must leave one serving");
        assertTrue(hpa.getSpec().getMaxReplicas() > hpa.getSpec().getMinReplicas());
        assertTrue(hpa.getSpec().getMetrics().stream().anyMatch(m -> m.getResource() != null
                && m.getResource().getName().equals("cpu")));
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void the_admin_port_is_neither_in_the_public_service_nor_open_to_all(String target) {
        Rendered r = RenderedManifests.of(target);
        int admin = r.settings().adminPort();
        Service publicService = r.one(Service.class, Rendered.APP);
        Service adminService = r.one(Service.class, Rendered.APP + "-admin");

        for (ServicePort p : publicService.getSpec().getPorts()) {
            assertFalse(p.getPort() == admin || refersTo(p.getTargetPort(), "admin", admin), "public: " + p);
        }
        assertEquals("ClusterIP", publicService.getSpec().getType());
        assertEquals("ClusterIP", adminService.getSpec().getType());
        assertTrue(adminService.getSpec().getPorts().stream().allMatch(p -> refersTo(p.getTargetPort(), "admin",
                admin)));

        NetworkPolicy policy = r.one(NetworkPolicy.class, Rendered.APP);
        assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            assertFalse(rule.getPorts().isEmpty(), "a rule without ports admits every port");
            boolean adminRule = rule.getPorts().stream().map(NetworkPolicyPort::getPort)
                    .anyMatch(p -> refersTo(p, "admin", admin));
            if (adminRule) {
                assertFalse(rule.getFrom().isEmpty(), "the admin port must not be open to every source");
                rule.getFrom().forEach(DeploymentManifestsTest::assertNarrow);
            }
        }
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void every_gateway_variable_set_is_a_setting_and_the_gateway_loads_them(String target) {
        Rendered r = RenderedManifests.of(target);
        Set<String> known = Arrays.stream(Setting.values()).map(Setting::envName).collect(Collectors.toSet());
        known.add(GatewayConfigLoader.CONFIG_FILE_VARIABLE);
        known.add(ProviderPrices.ENV);

        Set<String> unknown = new TreeSet<>();
        for (String name : r.environment().keySet()) {
            if (name.startsWith("GATEWAY_") && !known.contains(name)
                    && !name.startsWith(GatewayConfigLoader.KAFKA_CLIENT_PREFIX)) {
                unknown.add(name);
            }
        }
        assertEquals(Set.of(), unknown, "not in the settings inventory (Setting, docs/configuration.md)");
        assertNotNull(r.settings(), "the gateway's loader refuses a value with an exception naming it");
        assertEquals(false, r.settings().providerSafety().loopback(), "loopback endpoints are for tests");
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void secrets_are_referenced_never_written(String target) {
        Rendered r = RenderedManifests.of(target);

        assertEquals(List.of(), r.all(Secret.class), "a Secret in the manifests would put its value in git");
        assertEquals("rpa-gateway-admin", r.gateway().getEnv().stream()
                .filter(v -> v.getName().equals(Setting.ADMIN_TOKEN.envName())).findFirst().orElseThrow()
                .getValueFrom().getSecretKeyRef().getName());
        assertEquals("metadata.name", r.gateway().getEnv().stream()
                .filter(v -> v.getName().equals(Setting.KAFKA_INSTANCE_ID.envName())).findFirst().orElseThrow()
                .getValueFrom().getFieldRef().getFieldPath(), "one Kafka instance id per pod");
        r.gateway().getEnv().stream().filter(v -> v.getValueFrom() == null)
                .forEach(v -> assertFalse(v.getName().contains("TOKEN") || v.getName().contains("KEY")
                        || v.getName().contains("JAAS"), v.getName() + " holds a literal secret"));
    }

    private static void assertProbe(Container c, Probe probe, String path, int port) {
        assertNotNull(probe, c.getName() + " lacks a probe for " + path);
        assertEquals(path, probe.getHttpGet().getPath());
        IntOrString p = probe.getHttpGet().getPort();
        int resolved = p.getIntVal() != null ? p.getIntVal() : ports(c).get(p.getStrVal());
        assertEquals(port, resolved, path + " must be asked on the public port");
    }

    private static Map<String, Integer> ports(Container c) {
        return c.getPorts().stream().collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
    }

    private static boolean refersTo(IntOrString port, String name, int number) {
        return port != null && (Integer.valueOf(number).equals(port.getIntVal()) || name.equals(port.getStrVal()));
    }

    private static void assertNarrow(NetworkPolicyPeer peer) {
        assertNull(peer.getIpBlock(), "the admin port is not opened to address ranges");
        boolean namedPods = peer.getPodSelector() != null && !peer.getPodSelector().getMatchLabels().isEmpty();
        assertTrue(namedPods, "each admin peer names its pods by label: " + peer);
    }

    private static long maxHeapMib(List<String> entrypoint) {
        String xmx = entrypoint.stream().filter(f -> f.startsWith("-Xmx")).findFirst().orElseThrow();
        String size = xmx.substring(4).toLowerCase();
        long n = Long.parseLong(size.replaceAll("[kmg]$", ""));
        return size.endsWith("g") ? n * 1024 : size.endsWith("m") ? n : n / MIB;
    }

    private static long mib(Quantity q) {
        return Quantity.getAmountInBytes(q).longValueExact() / MIB;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
