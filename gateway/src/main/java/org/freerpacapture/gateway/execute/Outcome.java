package org.freerpacapture.gateway.execute;

import org.freerpacapture.gateway.routing.BudgetDetour;
import org.freerpacapture.ocr.OcrResult;

import java.util.List;
import java.util.Objects;

/**
 * What executing a request produced, and how: the result plus the routing facts the response reports.
 *
 * @param result         the pages read
 * @param route          name of the route that matched
 * @param variant        name of the variant that served
 * @param escalated      whether cascade re-read some pages with another provider
 * @param escalatedPages 1-based numbers of the re-read pages
 * @param fallbackFrom   id of the provider that failed before this one served, or {@code null}
 * @param budget         the paid provider a spent cloud budget left out, or {@code null} when none was
 */
public record Outcome(OcrResult result, String route, String variant, boolean escalated,
                      List<Integer> escalatedPages, String fallbackFrom, BudgetDetour budget) {

    public Outcome {
        Objects.requireNonNull(result, "result");
        escalatedPages = List.copyOf(escalatedPages);
    }

    /** Within budget. */
    public Outcome(OcrResult result, String route, String variant, boolean escalated, List<Integer> escalatedPages,
                   String fallbackFrom) {
        this(result, route, variant, escalated, escalatedPages, fallbackFrom, null);
    }

    /** Served as planned: no cascade, no fallback. */
    public static Outcome direct(OcrResult result, String route, String variant) {
        return new Outcome(result, route, variant, false, List.of(), null);
    }
}
