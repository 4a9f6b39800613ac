package org.freerpacapture.gateway.screen;

import org.freerpacapture.inference.screen.ControlType;
import org.freerpacapture.ocr.Polygon;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds the control a label belongs to, as forms are laid out: an input, dropdown or button to the label's right on
 * the same row or below it in the same column; a checkbox just left or right of its label. A control that holds the
 * label (a button's own text) belongs to it outright.
 *
 * <p>Distances are measured in label heights, so the rules hold at any device scale. Each candidate scores
 * {@code (1 − gap / reach) × alignment}; the best wins, and none qualifies past the reach.
 *
 * <p>A text seen twice on a screen ("Customer" on a tab and beside a field) is meant where it labels a control of
 * the kind asked for, so of equally good matches those with a target rank first.
 */
public final class TargetFinder {

    /** Labels in a column left of their fields sit several heights from them. */
    private static final double REACH_RIGHT = 15;
    /** A label above its field sits just over it. */
    private static final double REACH_BELOW = 3;
    /** A checkbox sits next to its label, on either side. */
    private static final double REACH_TICK = 3;
    /** The extra distance, in label heights, a checkbox right of its label is counted as. */
    private static final double LEFT_FIRST = 0.5;
    /** How far a side-by-side control may start inside the label's own box (a tight OCR box). */
    private static final double OVERLAP = 0.5;

    private TargetFinder() {
    }

    /**
     * Each match with its target, ranked by score, then those with a target first, then in their order; at most
     * {@code limit}.
     *
     * @param found every match of one searched text, best first
     */
    public static List<ScreenMatch> label(List<ScreenMatch> found, ControlType type, List<ScreenControl> controls,
                                          int limit) {
        return found.stream()
                .map(match -> match.withTarget(targetOf(match, type, controls).orElse(null)))
                .sorted(Comparator.comparingDouble((ScreenMatch match) -> -match.score())
                        .thenComparing(match -> match.target() == null))
                .limit(limit)
                .toList();
    }

    public static Optional<ScreenTarget> targetOf(ScreenMatch label, ControlType type, List<ScreenControl> controls) {
        Box l = Box.of(label.polygon());
        ScreenTarget best = null;
        for (ScreenControl control : controls) {
            if (control.pageNumber() != label.pageNumber() || !control.type().equals(type.wireName())) {
                continue;
            }
            double score = score(l, Box.of(control.polygon()), type);
            if (score > 0 && (best == null || score > best.score())) {
                best = new ScreenTarget(control.type(), control.polygon(), control.center(),
                        Math.round(score * 1000) / 1000.0);
            }
        }
        return Optional.ofNullable(best);
    }

    private static double score(Box l, Box c, ControlType type) {
        if (c.contains(l.centerX(), l.centerY())) {
            return 1;
        }
        double h = l.height();
        boolean sameRow = l.centerY() >= c.top && l.centerY() <= c.bottom
                || c.centerY() >= l.top && c.centerY() <= l.bottom;
        double rowAlignment = 1 - Math.abs(l.centerY() - c.centerY()) / Math.max(c.height(), h);
        if (type == ControlType.CHECKBOX) {
            if (!sameRow) {
                return 0;
            }
            // A checkbox usually comes first: between two equally near, the one on the left is the label's.
            double gap = c.left >= l.right - OVERLAP * h ? c.left - l.right + LEFT_FIRST * h : l.left - c.right;
            return gap < -OVERLAP * h ? 0 : reach(gap, REACH_TICK * h) * rowAlignment;
        }
        double right = sameRow && c.left >= l.right - OVERLAP * h
                ? reach(c.left - l.right, REACH_RIGHT * h) * rowAlignment : 0;
        boolean sameColumn = l.left < c.right && l.right > c.left && l.left >= c.left - 2 * h;
        double below = sameColumn && c.top >= l.bottom - OVERLAP * h
                ? reach(c.top - l.bottom, REACH_BELOW * h) * (1 - Math.min(1, Math.abs(l.left - c.left) / c.width()))
                : 0;
        return Math.max(right, below);
    }

    private static double reach(double gap, double reach) {
        return Math.max(0, 1 - Math.max(0, gap) / reach);
    }

    private record Box(double left, double top, double right, double bottom) {

        static Box of(Polygon p) {
            return new Box(p.minX(), p.minY(), p.maxX(), p.maxY());
        }

        double width() {
            return right - left;
        }

        double height() {
            return bottom - top;
        }

        double centerX() {
            return (left + right) / 2;
        }

        double centerY() {
            return (top + bottom) / 2;
        }

        boolean contains(double x, double y) {
            return x >= left && x <= right && y >= top && y <= bottom;
        }
    }
}
