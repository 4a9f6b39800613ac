package org.freerpacapture.gateway.http;

import io.vertx.core.MultiMap;
import org.freerpacapture.gateway.screen.ScreenMatcher;
import org.freerpacapture.inference.screen.ControlType;
import org.freerpacapture.ocr.Feature;
import org.freerpacapture.inference.document.PageSelection;

import java.util.EnumSet;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The query parameters of an analyze request, checked before any work is done.
 *
 * @param pages    {@code ?pages=} page selection (PDF, TIFF); all pages when absent
 * @param features {@code ?features=forms,tables}
 * @param find     {@code ?find=} texts to locate (screens), repeatable
 * @param minScore {@code ?minScore=} least similarity a match needs (screens)
 * @param limit    {@code ?limit=} most matches per searched text (screens)
 * @param target   {@code ?target=} the kind of control each match is the label of (screens), if any
 */
public record AnalyzeQuery(PageSelection pages, Set<Feature> features, List<String> find, double minScore, int limit,
                           Optional<ControlType> target) {

    public AnalyzeQuery {
        features = Set.copyOf(features);
        find = List.copyOf(find);
    }

    public static AnalyzeQuery parse(MultiMap params) {
        String pageSpec = params.get("pages");
        // Parsed here, on intake, so a bad selection is refused before any decoding.
        PageSelection pages = pageSpec == null || pageSpec.isBlank() ? PageSelection.all()
                : PageSelection.parse(pageSpec);
        Set<Feature> features = EnumSet.noneOf(Feature.class);
        for (String list : params.getAll("features")) {
            for (String name : list.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                features.add(Feature.parse(name).orElseThrow(() -> ApiException.badRequest("unknown_feature",
                        "unknown feature '" + name.trim() + "'; known: forms, tables")));
            }
        }
        List<String> find = params.getAll("find").stream().filter(f -> !f.isBlank()).toList();
        double minScore = number(params.get("minScore"), "minScore", ScreenMatcher.DEFAULT_MIN_SCORE, 0, 1);
        double limit = number(params.get("limit"), "limit", ScreenMatcher.DEFAULT_LIMIT, 1, 100);
        if (limit != Math.rint(limit)) {
            throw ApiException.badRequest("invalid_parameter", "limit must be a whole number, got '"
                    + params.get("limit") + "'");
        }
        return new AnalyzeQuery(pages, features, find, minScore, (int) limit, target(params.get("target")));
    }

    private static Optional<ControlType> target(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(ControlType.parse(name).orElseThrow(() -> ApiException.badRequest("unknown_target",
                "unknown target '" + name.trim() + "'; known: " + Arrays.stream(ControlType.values())
                        .map(ControlType::wireName).collect(Collectors.joining(", ")))));
    }

    private static double number(String text, String name, double fallback, double min, double max) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest("invalid_parameter", name + " must be a number from " + fmt(min) + " to "
                + fmt(max) + ", got '" + text + "'");
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
