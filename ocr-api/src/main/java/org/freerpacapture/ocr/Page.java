package org.freerpacapture.ocr;

import java.util.List;

/**
 * One page of the unified result.
 *
 * @param pageNumber 1-based, as in the document sent
 * @param width      page width in {@code unit}
 * @param height     page height in {@code unit}
 * @param unit       always {@code pixel}: cloud coordinates are converted to the page as sent
 * @param angle      the page's text angle in degrees, clockwise
 */
public record Page(int pageNumber, int width, int height, String unit, double angle, List<Line> lines,
                   List<KeyValuePair> keyValuePairs, List<Table> tables) {

    public Page {
        lines = List.copyOf(lines);
        keyValuePairs = List.copyOf(keyValuePairs);
        tables = List.copyOf(tables);
    }

    public static Page ofLines(int pageNumber, int width, int height, List<Line> lines) {
        return new Page(pageNumber, width, height, "pixel", 0, lines, List.of(), List.of());
    }

    /** Mean line confidence, the cascade's measure; 0 for a page with no lines. */
    public double meanLineConfidence() {
        return lines.stream().mapToDouble(Line::confidence).average().orElse(0);
    }
}
