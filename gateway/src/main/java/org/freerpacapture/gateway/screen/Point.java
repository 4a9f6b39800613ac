package org.freerpacapture.gateway.screen;

import org.freerpacapture.ocr.Polygon;

/** A click point in page pixels, rounded to 0.1 px like polygons on the wire. */
public record Point(double x, double y) {

    public Point {
        x = Math.round(x * 10) / 10.0;
        y = Math.round(y * 10) / 10.0;
    }

    public static Point centerOf(Polygon polygon) {
        return new Point(polygon.centerX(), polygon.centerY());
    }
}
