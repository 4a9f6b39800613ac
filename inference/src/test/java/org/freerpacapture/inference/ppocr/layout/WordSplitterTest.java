package org.freerpacapture.inference.ppocr.layout;

import org.freerpacapture.inference.ppocr.detect.Quad;
import org.freerpacapture.inference.ppocr.recognize.CtcDecoder;
import org.freerpacapture.inference.ppocr.repair.TextRepair;
import org.freerpacapture.inference.ppocr.runtime.OpenCv;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Word;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class WordSplitterTest {
    private static final Quad LINE = new Quad(new float[]{100, 10, 420, 10, 420, 58, 100, 58}, 0.9f);
    private static final WordSplitter SPLITTER = new WordSplitter(0.3f, 2.5f, 0.8f, 2.0f);

    /** Glyphs at the given time steps; with stepPx 8 and a crop as wide as the input, glyph i sits at 8·step px. */
    private static CtcDecoder.Decoded glyphs(String text, int[] steps) {
        List<CtcDecoder.Glyph> g = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            g.add(new CtcDecoder.Glyph(String.valueOf(text.charAt(i)), steps[i], steps[i], 0.9f));
        }
        return new CtcDecoder.Decoded(g, 50, 0.9f);
    }

    /** Ink everywhere in [0, width) except the given blank column ranges. */
    private static InkProfile inkExcept(int width, int textHeight, int[]... blanks) {
        boolean[] ink = new boolean[width];
        java.util.Arrays.fill(ink, true);
        for (int[] b : blanks) {
            for (int x = b[0]; x < b[1]; x++) ink[x] = false;
        }
        return InkProfile.ofColumns(ink, textHeight);
    }

    @Test
    void a_visibly_blank_stretch_the_recognizer_read_through_becomes_a_space() {
        // Read as T:03-20937358; the crop shows 16 blank columns (text 30 px high) between "3" (step 25) and "7" (step 28).
        String text = "T:03-20937358";
        int[] steps = {1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37};
        InkProfile ink = inkExcept(400, 30, new int[]{25 * 8 + 4, 25 * 8 + 20});
        Line line = SPLITTER.toLines(glyphs(text, steps), LINE, 8f, 400f, ink, TextRepair.NONE).get(0);
        assertEquals("T:03-2093 7358", line.text());
        assertEquals(List.of("T:03-2093", "7358"), line.words().stream().map(Word::text).toList());
    }

    @Test
    void blanks_around_narrow_digits_and_decimal_points_do_not_split_a_number() {
        // "80.90" in a fixed-width font: 10 blank columns (a third of the 30 px text height) around the point.
        InkProfile ink = inkExcept(400, 30, new int[]{4 * 8, 4 * 8 + 10}, new int[]{7 * 8 + 2, 7 * 8 + 12});
        Line line = SPLITTER.toLines(glyphs("80.90", new int[]{1, 4, 7, 10, 13}), LINE, 8f, 400f, ink, TextRepair.NONE).get(0);
        assertEquals("80.90", line.text());
    }

    @Test
    void an_amount_keeps_the_space_before_its_currency() {
        // "5 EUR" read as 5EUR: 10 blank columns (a third of the 30 px text height) before "E", 6 between the letters.
        InkProfile ink = inkExcept(400, 30, new int[]{2 * 8 + 3, 2 * 8 + 13}, new int[]{5 * 8 + 5, 5 * 8 + 11},
                new int[]{8 * 8 + 5, 8 * 8 + 11});
        Line line = SPLITTER.toLines(glyphs("5EUR", new int[]{1, 4, 7, 10}), LINE, 8f, 400f, ink, TextRepair.NONE).get(0);
        assertEquals("5 EUR", line.text());
        // A code printed tight stays one word.
        InkProfile tight = inkExcept(400, 30, new int[]{2 * 8 + 3, 2 * 8 + 7}, new int[]{5 * 8 + 5, 5 * 8 + 9});
        assertEquals("4DJ", SPLITTER.toLines(glyphs("4DJ", new int[]{1, 4, 7}), LINE, 8f, 400f, tight, TextRepair.NONE)
                .get(0).text());
    }

    @Test
    void letter_spacing_narrower_than_the_ratio_keeps_one_word() {
        // 4 blank columns between letters of 30 px high text: 0.13 of the height.
        InkProfile ink = inkExcept(400, 30, new int[]{20, 24}, new int[]{44, 48}, new int[]{68, 72}, new int[]{92, 96});
        Line line = SPLITTER.toLines(glyphs("TOTAL", new int[]{1, 4, 7, 10, 13}), LINE, 8f, 400f, ink, TextRepair.NONE).get(0);
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
        Line line = SPLITTER.toLines(new CtcDecoder.Decoded(g, 40, 0.88f), LINE, 8f, 320f, inkExcept(320, 30), TextRepair.NONE).get(0);
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
        Line line = SPLITTER.toLines(new CtcDecoder.Decoded(g, 40, 0.9f), LINE, 8f, 320f, inkExcept(320, 30), TextRepair.NONE).get(0);
        assertEquals("A", line.text());
    }

    @Test
    void a_blank_wider_than_the_line_break_ratio_splits_the_box_into_two_lines_with_their_own_boxes() {
        // "TEL:1" ... 80 blank columns (text 30 px high) ... "FAX:2"
        String text = "TEL:1FAX:2";
        int[] steps = {1, 4, 7, 10, 13, 27, 30, 33, 36, 39};
        InkProfile ink = inkExcept(400, 30, new int[]{13 * 8 + 6, 27 * 8 - 6});
        List<Line> lines = SPLITTER.toLines(glyphs(text, steps), LINE, 8f, 400f, ink, TextRepair.NONE);
        assertEquals(List.of("TEL:1", "FAX:2"), lines.stream().map(Line::text).toList());
        assertTrue(lines.get(0).polygon().maxX() < lines.get(1).polygon().minX());
        assertTrue(lines.get(0).polygon().minX() >= LINE.x(0) && lines.get(1).polygon().maxX() <= LINE.x(1));
    }

    @Test
    void ink_profile_of_a_rendered_line_finds_the_word_gap_and_the_text_height() {
        OpenCv.load();
        BufferedImage img = new BufferedImage(300, 40, BufferedImage.TYPE_3BYTE_BGR);
        var g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 300, 40);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 24));
        g.drawString("03-2093", 4, 28);
        g.drawString("7358", 4 + 8 * 15 + 20, 28);
        g.dispose();
        InkProfile ink = InkProfile.of(OpenCv.toMat(img));
        assertTrue(ink.textHeight() >= 12 && ink.textHeight() <= 26, "text height " + ink.textHeight());
        int gap = ink.widestGap(0, 300 - 1);
        assertTrue(gap >= 0.3f * ink.textHeight(), "the word gap is wide: " + gap);
        // White text on a dark screen is read the same way.
        BufferedImage dark = new BufferedImage(300, 40, BufferedImage.TYPE_3BYTE_BGR);
        var d = dark.createGraphics();
        d.setColor(new Color(20, 20, 40));
        d.fillRect(0, 0, 300, 40);
        d.setColor(Color.WHITE);
        d.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 24));
        d.drawString("03-2093", 4, 28);
        d.dispose();
        InkProfile inverted = InkProfile.of(OpenCv.toMat(dark));
        assertTrue(inverted.textHeight() <= 26, "ink is the minority: " + inverted.textHeight());
    }

    @Test
    void a_label_after_a_value_starts_a_field_of_its_own_at_a_wide_space() {
        // "TEL:07-3867524 FAX:07-3863793": a blank of one text height (30 px) before "FAX", less than a line break.
        String text = "TEL:07-3867524FAX:07-3863793";
        int[] steps = new int[text.length()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = 1 + 3 * i + (i >= 14 ? 4 : 0);
        }
        int blankFrom = steps[13] * 8 + 8;
        InkProfile ink = inkExcept(800, 30, new int[]{blankFrom, blankFrom + 30});
        List<Line> lines = SPLITTER.toLines(glyphs(text, steps), LINE, 8f, 800f, ink, TextRepair.NONE);
        assertEquals(List.of("TEL:07-3867524", "FAX:07-3863793"), lines.stream().map(Line::text).toList());
        // The same blank before a word that is no label keeps one line.
        String plain = "TEL:07-3867524ABC07-3863793";
        List<Line> one = SPLITTER.toLines(glyphs(plain, java.util.Arrays.copyOf(steps, plain.length())), LINE, 8f,
                800f, ink, TextRepair.NONE);
        assertEquals(List.of("TEL:07-3867524 ABC07-3863793"), one.stream().map(Line::text).toList());
    }
}
