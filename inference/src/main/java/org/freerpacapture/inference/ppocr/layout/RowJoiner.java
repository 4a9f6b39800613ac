package org.freerpacapture.inference.ppocr.layout;

import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Polygon;
import org.freerpacapture.ocr.Word;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins neighbouring lines of one visual row into one line when the blank between them is narrower than
 * {@code lineBreakRatio} text heights: the same rule that splits a detected box at a wide blank
 * ({@link WordSplitter}), applied across boxes. The detector separates text wherever ink stops for about a
 * character's width, so {@code 19/10/2018 20:49:59} came out as two lines while a reader, and the annotation of
 * receipts, sees one. A bracket opened on the left and closed on the right says the text goes on across a wider
 * blank, up to {@link #BRACKET_REACH} text heights: {@code * RM 18.77 UNI (} and {@code 2.25)=RM} are one line.
 */
public final class RowJoiner {
    /** Two lines are one row when their vertical extents overlap by this share of the smaller height. */
    private static final double ROW_OVERLAP = 0.6;
    /** … and neither is this much taller than the other (a heading does not join the small print beside it). */
    private static final double MAX_HEIGHT_RATIO = 1.5;
    /** How far, in text heights, an open bracket reaches for its other half on the same row. */
    private static final double BRACKET_REACH = 3.0;

    private final float lineBreakRatio;

    public RowJoiner(float lineBreakRatio) {
        this.lineBreakRatio = lineBreakRatio;
    }

    /** {@code lines} in reading order, with each run of close neighbours on a row joined. */
    public List<Line> join(List<Line> lines) {
        List<Line> out = new ArrayList<>(lines.size());
        for (Line line : lines) {
            int last = out.size() - 1;
            if (last >= 0 && joins(out.get(last), line)) {
                out.set(last, joined(out.get(last), line));
            } else {
                out.add(line);
            }
        }
        return out;
    }

    private boolean joins(Line left, Line right) {
        Polygon a = left.polygon();
        Polygon b = right.polygon();
        double ha = a.maxY() - a.minY();
        double hb = b.maxY() - b.minY();
        double smaller = Math.min(ha, hb);
        if (smaller <= 0 || Math.max(ha, hb) > MAX_HEIGHT_RATIO * smaller) {
            return false;
        }
        double overlap = Math.min(a.maxY(), b.maxY()) - Math.max(a.minY(), b.minY());
        double gap = b.minX() - a.maxX();
        double reach = bracketOpen(left.text(), right.text()) ? BRACKET_REACH : lineBreakRatio;
        return overlap >= ROW_OVERLAP * smaller && gap >= 0 && gap < reach * smaller;
    }

    /** The left text opens a bracket the right one closes, with no other bracket between. */
    static boolean bracketOpen(String left, String right) {
        int open = left.lastIndexOf('(');
        int close = right.indexOf(')');
        return open >= 0 && left.indexOf(')', open) < 0 && close >= 0 && right.lastIndexOf('(', close) < 0;
    }

    /** One line: the left one's left edge, the right one's right edge, the words of both. */
    private static Line joined(Line left, Line right) {
        Polygon a = left.polygon();
        Polygon b = right.polygon();
        Polygon box = Polygon.of(a.x(0), a.y(0), b.x(1), b.y(1), b.x(2), b.y(2), a.x(3), a.y(3));
        List<Word> words = new ArrayList<>(left.words());
        words.addAll(right.words());
        int na = left.text().length();
        int nb = right.text().length();
        double confidence = Math.round((left.confidence() * na + right.confidence() * nb) / Math.max(1, na + nb) * 1e4)
                / 1e4;
        return new Line(left.text() + " " + right.text(), confidence, box, words);
    }
}
