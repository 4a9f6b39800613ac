package org.freerpacapture.inference.ppocr.layout;

import org.freerpacapture.inference.ppocr.detect.Quad;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders detected boxes top to bottom, then left to right within a visual row, as the reference pipeline does:
 * a stable sort by the top-left corner, then neighbours whose tops are within {@code rowTolerance} pixels are
 * swapped into x order (RapidOCR's {@code sorted_boxes}).
 */
public final class ReadingOrder {
    private ReadingOrder() {
    }

    public static List<Quad> sort(List<Quad> boxes, float rowTolerance) {
        List<Quad> out = new ArrayList<>(boxes);
        out.sort(Comparator.<Quad>comparingDouble(q -> q.y(0)).thenComparingDouble(q -> q.x(0)));
        for (int i = 0; i < out.size() - 1; i++) {
            for (int j = i; j >= 0; j--) {
                Quad a = out.get(j);
                Quad b = out.get(j + 1);
                if (Math.abs(b.y(0) - a.y(0)) < rowTolerance && b.x(0) < a.x(0)) {
                    out.set(j, b);
                    out.set(j + 1, a);
                } else {
                    break;
                }
            }
        }
        return out;
    }
}
