package org.freerpacapture.ocr;

import java.util.List;

/** A line of text in reading order, with its words. Confidence 0..1. */
public record Line(String text, double confidence, Polygon polygon, List<Word> words) {
    public Line {
        words = List.copyOf(words);
    }
}
