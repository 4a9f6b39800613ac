package org.freerpacapture.inference.ppocr.detect;

import org.freerpacapture.ocr.Polygon;

/**
 * A detected text region: four corners clockwise from the top-left, in page pixels.
 *
 * @param xy    x0,y0 (top-left), x1,y1 (top-right), x2,y2 (bottom-right), x3,y3 (bottom-left)
 * @param score mean detection probability inside the box
 */
public record Quad(float[] xy, float score) {

    public float x(int i) {
        return xy[2 * i];
    }

    public float y(int i) {
        return xy[2 * i + 1];
    }

    /** Length of the top edge, the crop's width. */
    float topWidth() {
        return (float) Math.max(Math.hypot(x(0) - x(1), y(0) - y(1)), Math.hypot(x(2) - x(3), y(2) - y(3)));
    }

    /** Length of the left edge, the crop's height. */
    float sideHeight() {
        return (float) Math.max(Math.hypot(x(0) - x(3), y(0) - y(3)), Math.hypot(x(1) - x(2), y(1) - y(2)));
    }

    /**
     * The point at fraction {@code t} (0 = left edge, 1 = right edge) along the top or bottom edge; words are boxed
     * by cutting the line's quad at their start and end fractions.
     */
    float[] along(float t, boolean bottom) {
        int a = bottom ? 3 : 0;
        int b = bottom ? 2 : 1;
        return new float[]{x(a) + (x(b) - x(a)) * t, y(a) + (y(b) - y(a)) * t};
    }

    /**
     * The part of the quad between fractions x0..x1 of its width and y0..y1 of its height (bilinear, so it follows a
     * tilted or perspective box).
     */
    public Quad sub(float x0, float x1, float y0, float y1) {
        float[] tl = point(x0, y0);
        float[] tr = point(x1, y0);
        float[] br = point(x1, y1);
        float[] bl = point(x0, y1);
        return new Quad(new float[]{tl[0], tl[1], tr[0], tr[1], br[0], br[1], bl[0], bl[1]}, score);
    }

    private float[] point(float u, float v) {
        float[] top = along(u, false);
        float[] bottom = along(u, true);
        return new float[]{top[0] + (bottom[0] - top[0]) * v, top[1] + (bottom[1] - top[1]) * v};
    }

    /** The part of the quad between fractions t0 and t1 of its width. */
    public Quad slice(float t0, float t1) {
        float[] tl = along(t0, false);
        float[] tr = along(t1, false);
        float[] br = along(t1, true);
        float[] bl = along(t0, true);
        return new Quad(new float[]{tl[0], tl[1], tr[0], tr[1], br[0], br[1], bl[0], bl[1]}, score);
    }

    public Polygon toPolygon() {
        double[] d = new double[8];
        for (int i = 0; i < 8; i++) {
            d[i] = Math.round(xy[i]);
        }
        return Polygon.of(d);
    }
}
