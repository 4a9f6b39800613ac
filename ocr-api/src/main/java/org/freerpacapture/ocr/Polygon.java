package org.freerpacapture.ocr;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/**
 * A flat polygon in page pixels, clockwise from the top-left corner: {@code [x0, y0, x1, y1, ...]}.
 * Coordinates are rounded to 0.1 px on the wire; whole numbers print as integers.
 */
public final class Polygon {
    private final double[] xy;

    private Polygon(double[] xy) {
        if (xy.length % 2 != 0) {
            throw new IllegalArgumentException("a polygon needs x,y pairs, got " + xy.length + " numbers");
        }
        this.xy = xy;
    }

    @JsonCreator
    public static Polygon of(double... xy) {
        return new Polygon(xy.clone());
    }

    /** An axis-aligned rectangle as a four-point polygon. */
    public static Polygon rectangle(double left, double top, double right, double bottom) {
        return new Polygon(new double[]{left, top, right, top, right, bottom, left, bottom});
    }

    public int size() {
        return xy.length / 2;
    }

    public double x(int i) {
        return xy[2 * i];
    }

    public double y(int i) {
        return xy[2 * i + 1];
    }

    public double minX() {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < xy.length; i += 2) m = Math.min(m, xy[i]);
        return m;
    }

    public double maxX() {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xy.length; i += 2) m = Math.max(m, xy[i]);
        return m;
    }

    public double minY() {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 1; i < xy.length; i += 2) m = Math.min(m, xy[i]);
        return m;
    }

    public double maxY() {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 1; i < xy.length; i += 2) m = Math.max(m, xy[i]);
        return m;
    }

    /** Mean of the vertices: the click point of a text element. */
    public double centerX() {
        double s = 0;
        for (int i = 0; i < xy.length; i += 2) s += xy[i];
        return xy.length == 0 ? 0 : s / size();
    }

    public double centerY() {
        double s = 0;
        for (int i = 1; i < xy.length; i += 2) s += xy[i];
        return xy.length == 0 ? 0 : s / size();
    }

    /** Intersection over union of the two bounding boxes. */
    public double boxIou(Polygon other) {
        double ix = Math.max(0, Math.min(maxX(), other.maxX()) - Math.max(minX(), other.minX()));
        double iy = Math.max(0, Math.min(maxY(), other.maxY()) - Math.max(minY(), other.minY()));
        double inter = ix * iy;
        double union = (maxX() - minX()) * (maxY() - minY())
                + (other.maxX() - other.minX()) * (other.maxY() - other.minY()) - inter;
        return union > 0 ? inter / union : 0;
    }

    public double[] toArray() {
        return xy.clone();
    }

    @JsonValue
    Number[] wire() {
        Number[] out = new Number[xy.length];
        for (int i = 0; i < xy.length; i++) {
            double r = Math.round(xy[i] * 10) / 10.0;
            out[i] = r == Math.rint(r) && Math.abs(r) < 1e9 ? (Number) (long) r : (Number) r;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Polygon p && Arrays.equals(xy, p.xy);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(xy);
    }

    @Override
    public String toString() {
        return Arrays.toString(wire());
    }
}
