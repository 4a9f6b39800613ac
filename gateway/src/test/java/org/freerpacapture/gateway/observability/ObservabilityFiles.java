package org.freerpacapture.gateway.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The files under {@code k8s/observability/}: the Grafana dashboard and the Prometheus alert rules. */
final class ObservabilityFiles {

    static final Path DIR = Path.of("../k8s/observability");
    static final Path DASHBOARD = DIR.resolve("dashboard.json");
    static final Path ALERTS = DIR.resolve("alerts.yaml");

    /** Series names are the identifiers in our namespaces; functions, keywords and labels are not. */
    private static final Pattern SERIES = Pattern.compile("\\b((?:gateway|vertx|jvm|process)_[a-zA-Z0-9_]+)");

    private ObservabilityFiles() {
    }

    /** Every PromQL expression of the dashboard's panels. */
    static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.add(target.path("expr").asText());
            }
        }
        return out;
    }

    /** Alert name to expression. */
    @SuppressWarnings("unchecked")
    static Map<String, String> alerts() throws IOException {
        Map<String, Object> doc = new Yaml().load(Files.readString(ALERTS));
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                out.put((String) rule.get("alert"), (String) rule.get("expr"));
            }
        }
        return out;
    }

    static Set<String> seriesIn(String expr) {
        Set<String> out = new TreeSet<>();
        Matcher m = SERIES.matcher(expr);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Every series the dashboard and the alerts query. */
    static Set<String> queriedSeries() throws IOException {
        Set<String> out = new TreeSet<>();
        dashboardQueries().forEach(q -> out.addAll(seriesIn(q)));
        alerts().values().forEach(q -> out.addAll(seriesIn(q)));
        return out;
    }
}
