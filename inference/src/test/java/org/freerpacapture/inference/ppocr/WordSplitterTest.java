package org.freerpacapture.inference.ppocr;

import org.freerpacapture.inference.Line;
import org.freerpacapture.inference.Word;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordSplitterTest {
    private static final Quad LINE = new Quad(new float[]{100, 10, 420, 10, 420, 58, 100, 58}, 0.9f);

    /** Glyphs at the given time-step centres, one step wide each. */
    private static CtcDecoder.Decoded glyphs(String text, int[] steps) {
        List<CtcDecoder.Glyph> g = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            g.add(new CtcDecoder.Glyph(String.valueOf(text.charAt(i)), steps[i], steps[i], 0.9f));
        }
        return new CtcDecoder.Decoded(g, 40, 0.9f);
    }

    @Test
    void a_visible_gap_the_recognizer_dropped_becomes_a_space() {
        // "T:03-2093" then a gap of two pitches, then "7358": read as T:03-20937358 by the recognizer.
        String text = "T:03-20937358";
        int[] steps = {1, 4, 7, 10, 13, 16, 19, 22, 25, 34, 37, 40, 43};
        Line line = new WordSplitter(1.5f, 0.3f).toLine(glyphs(text, steps), LINE, 8f, 400f, 48f);
        assertEquals("T:03-2093 7358", line.text());
        assertEquals(2, line.words().size());
    }

    @Test
    void evenly_set_characters_stay_one_word() {
        String text = "TOTAL";
        Line line = new WordSplitter(1.5f, 0.3f).toLine(glyphs(text, new int[]{2, 5, 8, 11, 14}), LINE, 8f, 400f, 48f);
        assertEquals("TOTAL", line.text());
        assertEquals(1, line.words().size());
    }

    @Test
    void spaces_the_recognizer_emits_split_words_and_each_word_is_boxed_inside_the_line() {
        List<CtcDecoder.Glyph> g = List.of(
                new CtcDecoder.Glyph("R", 2, 2, 0.9f), new CtcDecoder.Glyph("M", 5, 5, 0.8f),
                new CtcDecoder.Glyph(" ", 7, 7, 0.9f),
                new CtcDecoder.Glyph("9", 9, 9, 0.9f), new CtcDecoder.Glyph(".", 12, 12, 0.9f),
                new CtcDecoder.Glyph("0", 15, 15, 0.9f));
        Line line = new WordSplitter(1.5f, 0.3f).toLine(new CtcDecoder.Decoded(g, 40, 0.88f), LINE, 8f, 320f, 48f);
        assertEquals("RM 9.0", line.text());
        Word rm = line.words().get(0);
        Word amount = line.words().get(1);
        assertEquals("RM", rm.text());
        assertEquals(0.85, rm.confidence(), 1e-3);
        assertTrue(rm.polygon().maxX() < amount.polygon().minX(), "words are boxed left to right without overlap");
        assertTrue(rm.polygon().minX() >= LINE.x(0) && amount.polygon().maxX() <= LINE.x(1));
    }

    @Test
    void leading_and_trailing_spaces_are_trimmed() {
        List<CtcDecoder.Glyph> g = List.of(new CtcDecoder.Glyph(" ", 0, 0, 0.9f),
                new CtcDecoder.Glyph("A", 3, 3, 0.9f), new CtcDecoder.Glyph(" ", 6, 6, 0.9f));
        Line line = new WordSplitter(1.5f, 0.3f).toLine(new CtcDecoder.Decoded(g, 40, 0.9f), LINE, 8f, 320f, 48f);
        assertEquals("A", line.text());
    }
}
