package org.freerpacapture.inference.screen;

import org.freerpacapture.ocr.Polygon;
import org.freerpacapture.ocr.Word;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small form drawn here, light and dark, at device scale 1 and 1.5: every control is found with its kind and
 * box, and nothing else is (labels, the text inside the controls).
 */
class ControlDetectorTest {

    private static final int TOLERANCE = 2;

    @ParameterizedTest(name = "{0} at {1}x")
    @CsvSource({"light, 1.0", "dark, 1.0", "light, 1.5", "dark, 1.5"})
    void finds_each_control_of_a_form_with_its_kind_and_box(String theme, double scale) {
        Form form = new Form("dark".equals(theme), scale);
        form.label("Vendor", 40, 47);
        form.input(200, 40, 300, 34, "Book Ta K Sdn Bhd");
        form.label("Currency", 40, 107);
        form.select(200, 100, 160, 34, "MYR");
        form.checkbox(40, 170, 18);
        form.label("Paid in full", 68, 169);
        form.button(200, 230, 120, 40, "Submit");

        List<Control> found = new ControlDetector().detect(form.image, form.words);

        assertEquals(4, found.size(), found.toString());
        expect(found.get(0), ControlType.INPUT, 200, 40, 300, 34, scale);
        expect(found.get(1), ControlType.DROPDOWN, 200, 100, 160, 34, scale);
        expect(found.get(2), ControlType.CHECKBOX, 40, 170, 18, 18, scale);
        expect(found.get(3), ControlType.BUTTON, 200, 230, 120, 40, scale);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"light", "dark"})
    void a_table_row_is_no_control_though_it_is_a_wide_box_with_text(String theme) {
        Form form = new Form("dark".equals(theme), 1);
        form.row(20, 100, 600, 38, "#75178", "Henrik Thornton", "204.06 EUR");

        assertEquals(List.of(), new ControlDetector().detect(form.image, form.words));
    }

    private static void expect(Control c, ControlType type, int x, int y, int w, int h, double scale) {
        assertEquals(type, c.type(), c.toString());
        assertNear(x * scale, c.left(), c);
        assertNear(y * scale, c.top(), c);
        assertNear((x + w) * scale, c.right(), c);
        assertNear((y + h) * scale, c.bottom(), c);
    }

    private static void assertNear(double expected, int actual, Control c) {
        assertTrue(Math.abs(expected - actual) <= TOLERANCE, "expected " + expected + ", got " + actual + " in " + c);
    }

    /** A form painted with Java2D, with the word boxes an OCR engine would report. */
    private static final class Form {
        final BufferedImage image;
        final List<Word> words = new ArrayList<>();
        private final Graphics2D g;
        private final double scale;
        private final Color ink;
        private final Color field;
        private final Color line;

        Form(boolean dark, double scale) {
            this.scale = scale;
            image = new BufferedImage((int) (640 * scale), (int) (300 * scale), BufferedImage.TYPE_3BYTE_BGR);
            g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(scale, scale);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
            ink = dark ? new Color(0xe3e5e8) : new Color(0x1d2329);
            field = dark ? new Color(0x2b2d31) : Color.WHITE;
            line = dark ? new Color(0x6d717a) : new Color(0x8c96a0);
            g.setColor(dark ? new Color(0x1e1f22) : new Color(0xf6f7f9));
            g.fillRect(0, 0, 640, 300);
        }

        void label(String text, int x, int top) {
            text(text, x, top, ink);
        }

        void input(int x, int y, int w, int h, String value) {
            box(x, y, w, h, field, line);
            text(value, x + 9, y + (h - 20) / 2, ink);
        }

        void select(int x, int y, int w, int h, String value) {
            input(x, y, w, h, value);
            g.setColor(ink);
            g.setStroke(new BasicStroke(2));
            int cx = x + w - 16;
            int cy = y + h / 2;
            g.drawPolyline(new int[]{cx - 5, cx, cx + 5}, new int[]{cy - 3, cy + 2, cy - 3}, 3);
        }

        /** A bordered table row with its cells' texts spread across it. */
        void row(int x, int y, int w, int h, String... cells) {
            box(x, y, w, h, field, line);
            for (int i = 0; i < cells.length; i++) {
                text(cells[i], x + 12 + i * (w / cells.length), y + (h - 20) / 2, ink);
            }
        }

        void checkbox(int x, int y, int side) {
            box(x, y, side, side, field, line);
        }

        void button(int x, int y, int w, int h, String text) {
            box(x, y, w, h, new Color(0x2563eb), new Color(0x2563eb));
            int width = g.getFontMetrics().stringWidth(text);
            text(text, x + (w - width) / 2, y + (h - 20) / 2, Color.WHITE);
        }

        private void box(int x, int y, int w, int h, Color fill, Color border) {
            g.setColor(fill);
            g.fillRoundRect(x, y, w, h, 6, 6);
            g.setColor(border);
            g.setStroke(new BasicStroke(1));
            g.drawRoundRect(x, y, w - 1, h - 1, 6, 6);
        }

        /** Draws a line of text in a 20 px high row and records each word's box, as OCR reports them. */
        private void text(String text, int x, int top, Color color) {
            g.setColor(color);
            FontMetrics fm = g.getFontMetrics();
            int baseline = top + 15;
            g.drawString(text, x, baseline);
            int at = x;
            for (String word : text.split(" ")) {
                int w = fm.stringWidth(word);
                words.add(new Word(word, 0.99,
                        Polygon.rectangle(at * scale, (top + 1) * scale, (at + w) * scale, (top + 19) * scale)));
                at += w + fm.stringWidth(" ");
            }
        }
    }
}
