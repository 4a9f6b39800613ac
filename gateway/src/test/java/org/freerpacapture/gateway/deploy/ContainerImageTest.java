package org.freerpacapture.gateway.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.config.Setting;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.support.GatedReader;
import org.freerpacapture.gateway.support.RunningGateway;
import org.freerpacapture.gateway.support.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Dockerfile against what it must agree with: the gateway's ports, README's JVM flags, the Deployment that runs
 * the image, and the reactor it builds. No container engine runs here; {@code ContainerImageIT} checks what the
 * build makes.
 */
@ExtendWith(VertxExtension.class)
class ContainerImageTest {

    private static final Path HEALTH_SCRIPT = Repo.ROOT.resolve("gateway/src/main/docker/health-live.sh");

    @Test
    void exposes_the_gateways_ports_as_the_deployment_declares_them() throws IOException {
        Set<Integer> gatewayPorts = Set.of(Integer.parseInt(Setting.HTTP_PORT.defaultText()),
                Integer.parseInt(Setting.ADMIN_PORT.defaultText()));
        Set<Integer> declared = gatewayContainer(SourceManifests.baseDeployment()).getPorts().stream()
                .map(ContainerPort::getContainerPort).collect(Collectors.toCollection(TreeSet::new));

        assertEquals(new TreeSet<>(gatewayPorts), Dockerfile.read().exposedPorts());
        assertEquals(new TreeSet<>(gatewayPorts), declared);
    }

    @Test
    void runs_the_jar_with_the_jvm_flags_readme_recommends_and_the_benchmarks_measured() throws IOException {
        Dockerfile dockerfile = Dockerfile.read();
        List<String> entrypoint = dockerfile.entrypoint();
        int jar = entrypoint.indexOf("-jar");
        String copiedJar = dockerfile.copies().stream().filter(c -> c.fromStage().isPresent())
                .map(Dockerfile.Copy::target).filter(t -> t.endsWith("gateway.jar")).findFirst().orElseThrow();

        assertEquals("java", entrypoint.get(0));
        assertEquals(SourceManifests.readmeJvmFlags(), entrypoint.subList(1, jar));
        assertEquals(SourceManifests.benchmarkJvmFlags(), entrypoint.subList(1, jar));
        assertEquals(List.of("-jar", copiedJar), entrypoint.subList(jar, entrypoint.size()));
    }

    @Test
    void the_deployment_keeps_the_images_command_and_adds_no_jvm_options() throws IOException {
        Container gateway = gatewayContainer(SourceManifests.baseDeployment());
        Set<String> jvmVariables = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

        assertTrue(gateway.getCommand().isEmpty(), "command overrides the image's entrypoint: " + gateway.getCommand());
        assertTrue(gateway.getArgs().isEmpty(), "args change the image's command line: " + gateway.getArgs());
        gateway.getEnv().forEach(v -> assertFalse(jvmVariables.contains(v.getName()), v.getName()));
        for (Path settings : SourceManifests.settingsFiles()) {
            for (String line : Files.readAllLines(settings)) {
                jvmVariables.forEach(v -> assertFalse(line.startsWith(v + "="), settings + ": " + line));
            }
        }
    }

    @Test
    void runs_as_the_numeric_non_root_user_the_deployment_requires() throws IOException {
        Matcher user = Pattern.compile("(\\d+):(\\d+)").matcher(Dockerfile.read().user());
        PodSecurityContext pod = SourceManifests.baseDeployment().getSpec().getTemplate().getSpec()
                .getSecurityContext();

        assertTrue(user.matches(), "USER must be numeric uid:gid so runAsNonRoot can check it");
        assertNotEquals(0L, Long.parseLong(user.group(1)));
        assertEquals(Long.parseLong(user.group(1)), pod.getRunAsUser());
        assertEquals(Long.parseLong(user.group(2)), pod.getRunAsGroup());
        assertEquals(Boolean.TRUE, pod.getRunAsNonRoot());
    }

    @Test
    void builds_on_a_jdk_17_and_runs_on_a_jre_17() throws IOException {
        List<Dockerfile.Instruction> froms = Dockerfile.read().all("FROM");

        assertEquals(2, froms.size(), "a build stage and a run stage");
        assertTrue(froms.get(0).arguments().matches("maven:\\S*-temurin-17\\S* AS build"), froms.get(0).arguments());
        assertTrue(froms.get(1).arguments().matches("eclipse-temurin:17-jre\\S*"), froms.get(1).arguments());
    }

    @Test
    void the_build_stage_copies_every_module_of_the_reactor_and_nothing_is_ignored() throws IOException {
        Set<String> copied = new TreeSet<>();
        Dockerfile.read().copies().stream().filter(c -> c.fromStage().isEmpty())
                .forEach(c -> c.sources().forEach(s -> copied.add(s.replaceAll("/$", ""))));
        Matcher module = Pattern.compile("<module>([^<]+)</module>")
                .matcher(Files.readString(Repo.ROOT.resolve("pom.xml")));
        List<String> needed = new ArrayList<>(List.of("pom.xml"));
        while (module.find()) {
            needed.add(module.group(1));
        }
        List<String> ignored = Files.readAllLines(Repo.ROOT.resolve(".dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

        assertTrue(copied.containsAll(needed), "the build stage copies " + copied + ", the reactor needs " + needed);
        for (String path : copied) {
            assertFalse(ignored.contains(path), path + " is copied but .dockerignore leaves it out");
        }
        assertTrue(ignored.contains("**/target"), "local build output must stay out of the build context");
    }

    @Test
    void the_health_check_passes_while_the_gateway_is_live_and_fails_without_it(Vertx vertx) throws Exception {
        Dockerfile dockerfile = Dockerfile.read();
        String installed = dockerfile.copies().stream()
                .filter(c -> c.sources().contains(Repo.ROOT.relativize(HEALTH_SCRIPT).toString()))
                .map(Dockerfile.Copy::target).findFirst().orElseThrow();
        assertEquals(List.of(installed), dockerfile.healthcheckCommand());
        assertTrue(Files.readString(HEALTH_SCRIPT).contains("GET " + HttpApi.HEALTH_LIVE + " "));

        RunningGateway gateway = RunningGateway.start(vertx, RunningGateway.loopbackConfig(), new ScriptedProvider(),
                GatedReader.real());
        int live;
        try {
            live = healthCheck(gateway.server.port());
        } finally {
            gateway.close();
        }
        assertEquals(0, live);
        assertNotEquals(0, healthCheck(closedPort()));
    }

    private static int healthCheck(int port) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", HEALTH_SCRIPT.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("GATEWAY_HTTP_PORT", Integer.toString(port));
        Process p = pb.start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the health check must answer within its timeout");
        return p.exitValue();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Container gatewayContainer(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> Rendered.GATEWAY_CONTAINER.equals(c.getName())).findFirst().orElseThrow();
    }
}
