package org.freerpacapture.inference.ppocr.layout;

import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Polygon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a page set in two columns column by column: the lines of the left column, then those of the right, between
 * any lines that span both (a title, a summary, a footer), which keep their place. Lines come in row order (top to
 * bottom, left to right), which reads two columns across, alternating between them.
 *
 * <p>A page counts as two columns only when a blank at least a text height wide, which few lines cross, runs between
 * lines on both sides, and the lines on each side fill their column (median width at least {@value #FILL} of it), as
 * set prose does. Table cells and form labels do not fill theirs, so tables and forms keep their row order.
 */
public final class ColumnOrder {
    /** Least share of its column's width the median line on each side fills. */
    static final double FILL = 0.6;
    /** Least lines on each side. */
    static final int MIN_LINES = 4;
    /** Most of the lines that may span both columns. */
    static final double MAX_SPANNING = 0.2;

    private ColumnOrder() {
    }

    /** {@code lines} (in row order) in column order, or as they are when the page is not set in two columns. */
    public static List<Line> order(List<Line> lines) {
        if (lines.size() < 2 * MIN_LINES) {
            return lines;
        }
        double left = Double.MAX_VALUE;
        double right = -Double.MAX_VALUE;
        double[] heights = new double[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            Polygon p = lines.get(i).polygon();
            left = Math.min(left, p.minX());
            right = Math.max(right, p.maxX());
            heights[i] = p.maxY() - p.minY();
        }
        Arrays.sort(heights);
        double textHeight = heights[heights.length / 2];
        double gutter = gutter(lines, left, right, textHeight);
        if (Double.isNaN(gutter)) {
            return lines;
        }
        List<Line> out = new ArrayList<>(lines.size());
        List<Line> first = new ArrayList<>();
        List<Line> second = new ArrayList<>();
        for (Line line : lines) {
            Polygon p = line.polygon();
            if (p.maxX() <= gutter) {
                first.add(line);
            } else if (p.minX() >= gutter) {
                second.add(line);
            } else {
                out.addAll(first);
                out.addAll(second);
                first.clear();
                second.clear();
                out.add(line);
            }
        }
        out.addAll(first);
        out.addAll(second);
        return out;
    }

    /**
     * The x of a gutter between two columns of set text, or NaN: tried at the middle of every blank between a
     * line's right end in the page's middle half and the nearest line start right of it.
     */
    private static double gutter(List<Line> lines, double left, double right, double textHeight) {
        double width = right - left;
        List<double[]> candidates = new ArrayList<>();
        for (Line a : lines) {
            double end = a.polygon().maxX();
            if (end < left + 0.25 * width || end > left + 0.75 * width) {
                continue;
            }
            double start = Double.MAX_VALUE;
            for (Line b : lines) {
                double s = b.polygon().minX();
                if (s >= end + textHeight && s < start) {
                    start = s;
                }
            }
            if (start != Double.MAX_VALUE) {
                double x = (end + start) / 2;
                candidates.add(new double[]{x, start - end, crossing(lines, x)});
            }
        }
        // The gutter is the blank fewest lines cross (only those spanning both columns do), then the widest.
        candidates.sort((x, y) -> x[2] != y[2] ? Double.compare(x[2], y[2]) : Double.compare(y[1], x[1]));
        for (double[] c : candidates) {
            if (c[2] <= MAX_SPANNING * lines.size() && isColumnGutter(lines, c[0], left, right)) {
                return c[0];
            }
        }
        return Double.NaN;
    }

    /** How many lines run across {@code x}. */
    private static int crossing(List<Line> lines, double x) {
        int n = 0;
        for (Line line : lines) {
            if (line.polygon().minX() < x && line.polygon().maxX() > x) {
                n++;
            }
        }
        return n;
    }

    private static boolean isColumnGutter(List<Line> lines, double x, double left, double right) {
        List<Double> firstWidths = new ArrayList<>();
        List<Double> secondWidths = new ArrayList<>();
        for (Line line : lines) {
            Polygon p = line.polygon();
            if (p.maxX() <= x) {
                firstWidths.add(p.maxX() - p.minX());
            } else if (p.minX() >= x) {
                secondWidths.add(p.maxX() - p.minX());
            }
        }
        if (firstWidths.size() < MIN_LINES || secondWidths.size() < MIN_LINES) {
            return false;
        }
        return median(firstWidths) >= FILL * (x - left) && median(secondWidths) >= FILL * (right - x);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
