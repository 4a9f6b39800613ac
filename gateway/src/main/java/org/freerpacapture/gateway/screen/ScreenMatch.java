package org.freerpacapture.gateway.screen;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.freerpacapture.ocr.Polygon;

/**
 * Where a searched text was found on a screen.
 *
 * @param query      the text searched for, as sent
 * @param text       the text found: a word, several consecutive words, or a whole line
 * @param score      similarity of the normalized texts, 0..1
 * @param pageNumber 1-based page
 * @param center     the click point
 * @param polygon    the box of the found text
 * @param confidence the OCR confidence of the found text (mean over its words)
 * @param target     with {@code ?target=}, the control of that kind the text labels; absent when none qualifies
 */
public record ScreenMatch(String query, String text, double score, int pageNumber, Point center, Polygon polygon,
                          double confidence, @JsonInclude(JsonInclude.Include.NON_NULL) ScreenTarget target) {

    public ScreenMatch withTarget(ScreenTarget found) {
        return new ScreenMatch(query, text, score, pageNumber, center, polygon, confidence, found);
    }
}
