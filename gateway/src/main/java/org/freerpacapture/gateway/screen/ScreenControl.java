package org.freerpacapture.gateway.screen;

import org.freerpacapture.inference.screen.Control;
import org.freerpacapture.ocr.Polygon;

/**
 * An interface control seen on a screen, with its click point.
 *
 * @param type       {@code input}, {@code button}, {@code checkbox} (radios and toggles too) or {@code dropdown}
 * @param pageNumber 1-based page (screenshots have one)
 * @param polygon    its box in page pixels
 * @param center     the click point: the middle of the box
 */
public record ScreenControl(String type, int pageNumber, Polygon polygon, Point center) {

    public static ScreenControl of(int pageNumber, Control control) {
        return new ScreenControl(control.type().wireName(), pageNumber,
                Polygon.rectangle(control.left(), control.top(), control.right(), control.bottom()),
                new Point(control.centerX(), control.centerY()));
    }
}
