package org.freerpacapture.gateway.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What docs/deployment.md tells operators to configure outside the manifests, read back for the tests. */
final class DeploymentDocs {

    static final Path FILE = Repo.ROOT.resolve("docs/deployment.md");
    /** The per-pod metric the in-flight component scales on. */
    static final String IN_FLIGHT_METRIC = "gateway_inference_in_flight";

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern SERIES = Pattern.compile("\\bgateway_[a-z_]+");

    private DeploymentDocs() {
    }

    /** The series the documented prometheus-adapter rule sums into {@link #IN_FLIGHT_METRIC}. */
    @SuppressWarnings("unchecked")
    static Set<String> inFlightSeries() {
        Matcher block = YAML_BLOCK.matcher(read());
        while (block.find()) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(block.group(1));
            if (doc instanceof Map<?, ?> map && map.get("rules") instanceof List<?> rules) {
                for (Object rule : rules) {
                    Map<String, Object> r = (Map<String, Object>) rule;
                    if (IN_FLIGHT_METRIC.equals(((Map<String, Object>) r.get("name")).get("as"))) {
                        Set<String> series = new TreeSet<>();
                        Matcher m = SERIES.matcher(r.get("seriesQuery") + " " + r.get("metricsQuery"));
                        while (m.find()) {
                            series.add(m.group());
                        }
                        return series;
                    }
                }
            }
        }
        throw new AssertionError(FILE + " has no prometheus-adapter rule making " + IN_FLIGHT_METRIC);
    }

    private static String read() {
        try {
            return Files.readString(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
