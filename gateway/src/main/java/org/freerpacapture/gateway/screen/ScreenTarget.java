package org.freerpacapture.gateway.screen;

import org.freerpacapture.ocr.Polygon;

/**
 * The control a found label belongs to.
 *
 * @param type    the kind of control asked for with {@code ?target=}
 * @param polygon its box in page pixels
 * @param center  the click point
 * @param score   how plainly it belongs to the label, 0..1: 1 when the label is on it, less the farther it sits
 *                and the worse it lines up
 */
public record ScreenTarget(String type, Polygon polygon, Point center, double score) {
}
