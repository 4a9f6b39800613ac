package org.freerpacapture.ocr;

/** What the caller is reading: a document (scan, photo, PDF) or a screen (a screenshot). */
public enum Task {
    DOCUMENT, SCREEN;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
