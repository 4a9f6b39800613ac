package org.freerpacapture.gateway.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Files of the repository the deployment tests read as written, without kubectl. */
final class SourceManifests {

    static final Path BASE_DEPLOYMENT = Repo.ROOT.resolve("k8s/base/deployment.yaml");
    static final Path README = Repo.ROOT.resolve("README.md");
    static final Path BENCHMARKS = Repo.ROOT.resolve("docs/BENCHMARKS.md");

    /** README's recommended command line: {@code java <flags> -jar gateway/target/gateway.jar}. */
    private static final Pattern README_JAVA =
            Pattern.compile("(?m)^java (-X.+?) -jar gateway/target/gateway\\.jar\\s*$");
    /** BENCHMARKS' {@code JVM="..."}, the flags every figure there was measured with. */
    private static final Pattern BENCHMARKS_JVM = Pattern.compile("(?m)^JVM=\"(.+)\"\\s*$");
    /** The highest RSS measured of a gateway sized as a pod, under receipts and office PDFs (BENCHMARKS). */
    private static final Pattern POD_PEAK_RSS = Pattern.compile("Highest pod RSS measured: \\*\\*(\\d+) MiB\\*\\*");

    private SourceManifests() {
    }

    static Object yaml(Path file) throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    static Deployment baseDeployment() throws IOException {
        return (Deployment) TypedManifests.bind(yaml(BASE_DEPLOYMENT));
    }

    static List<String> readmeJvmFlags() throws IOException {
        return List.of(only(README_JAVA, README).split(" "));
    }

    static List<String> benchmarkJvmFlags() throws IOException {
        return List.of(only(BENCHMARKS_JVM, BENCHMARKS).split(" "));
    }

    static long podPeakRssMib() throws IOException {
        return Long.parseLong(only(POD_PEAK_RSS, BENCHMARKS));
    }

    /** Every {@code settings.env} under {@code k8s/}. */
    static List<Path> settingsFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Repo.ROOT.resolve("k8s"))) {
            return files.filter(p -> p.getFileName().toString().equals("settings.env")).sorted().toList();
        }
    }

    private static String only(Pattern pattern, Path file) throws IOException {
        Matcher m = pattern.matcher(Files.readString(file));
        if (!m.find()) {
            throw new AssertionError(file + " no longer has a line matching " + pattern);
        }
        String found = m.group(1);
        if (m.find()) {
            throw new AssertionError(file + " has more than one line matching " + pattern);
        }
        return found;
    }
}
