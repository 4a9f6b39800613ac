package org.freerpacapture.gateway.deploy;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** {@code kubectl kustomize}: a kustomization directory rendered as {@code kubectl apply -k} would send it. */
final class Kustomize {

    private static final long TIMEOUT_SECONDS = 60;

    private Kustomize() {
    }

    /** {@code KUBECTL} when set, else the first {@code kubectl} on {@code PATH}. */
    static Optional<Path> kubectl() {
        String named = System.getenv("KUBECTL");
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The kubectl to render with. Without one the calling test is skipped with the reason; in CI ({@code CI=true}),
     * where {@code .ci/run} installs it, its absence fails the test instead.
     */
    static Path requireKubectl() {
        Optional<Path> kubectl = kubectl();
        if (kubectl.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("kubectl is not on PATH, and .ci/run should have installed it");
        }
        Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not on PATH (nor named by KUBECTL): the k8s/ "
                + "manifests were not rendered or checked. Install kubectl 1.27 or later (kustomize v5) to "
                + "check them.");
        return kubectl.get();
    }

    /** The YAML of every object the kustomization at {@code dir} makes; a failed render fails with kubectl's words. */
    static String render(Path dir) throws IOException, InterruptedException {
        Path kubectl = requireKubectl();
        Path out = Files.createTempFile("kustomize", ".yaml");
        Path err = Files.createTempFile("kustomize", ".err");
        try {
            Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("kubectl kustomize " + dir + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                fail("kubectl kustomize " + dir + " failed (exit " + p.exitValue() + "): "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
