package org.freerpacapture.gateway.screen;

import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.Polygon;
import org.freerpacapture.ocr.Word;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of text on a screen a bot can act on: every line, and every word of it, with its click point.
 *
 * @param type       {@code line} or {@code word}
 * @param pageNumber 1-based page (screenshots have one)
 * @param lineIndex  0-based index of the line on its page; a word shares its line's index
 * @param text       as read
 * @param polygon    its box in page pixels
 * @param center     the click point: mean of the polygon's vertices
 * @param confidence 0..1
 */
public record ScreenElement(String type, int pageNumber, int lineIndex, String text, Polygon polygon,
                            Point center, double confidence) {

    public static final String LINE = "line";
    public static final String WORD = "word";

    /** Lines and their words in reading order, each line followed by its words. */
    public static List<ScreenElement> of(List<Page> pages) {
        List<ScreenElement> out = new ArrayList<>();
        for (Page page : pages) {
            List<Line> lines = page.lines();
            for (int i = 0; i < lines.size(); i++) {
                Line line = lines.get(i);
                out.add(new ScreenElement(LINE, page.pageNumber(), i, line.text(), line.polygon(),
                        Point.centerOf(line.polygon()), line.confidence()));
                for (Word word : line.words()) {
                    out.add(new ScreenElement(WORD, page.pageNumber(), i, word.text(), word.polygon(),
                            Point.centerOf(word.polygon()), word.confidence()));
                }
            }
        }
        return out;
    }
}
