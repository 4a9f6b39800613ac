package org.freerpacapture.ocr;

/**
 * A form field: a label and its value, as cloud providers report them. The local engine leaves these empty.
 *
 * @param key        the label, with its box (box may be null when the provider gives none)
 * @param value      the value, possibly empty text when the field is blank
 * @param confidence 0..1
 */
public record KeyValuePair(TextSpan key, TextSpan value, double confidence) {

    /** A piece of text and where it is. */
    public record TextSpan(String text, Polygon polygon) {
    }
}
