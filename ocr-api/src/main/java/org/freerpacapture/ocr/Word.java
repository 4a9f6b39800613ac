package org.freerpacapture.ocr;

/** A word with its own box, confidence 0..1. */
public record Word(String text, double confidence, Polygon polygon) {
}
