package org.freerpacapture.inference.ppocr;

import org.freerpacapture.inference.Line;
import org.freerpacapture.inference.Word;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a decoded crop into a line with words: each word boxed from its characters' time steps, and a space put
 * back wherever two neighbouring characters are visibly apart.
 *
 * <p>The recognizer often drops spaces in receipt text ({@code T: 03-2093 7358} read as {@code T:03-20937358}).
 * The CTC time steps say where each character sits; the crop's ink says whether the stretch between two of them is
 * blank. A blank run at least {@code gapRatio} × the text height wide is a space: letter spacing stays well below
 * that in any font, a space is about half the height or more.
 */
final class WordSplitter {
    private final float gapRatio;

    WordSplitter(float gapRatio) {
        this.gapRatio = gapRatio;
    }

    /**
     * @param decoded  the recognizer's output for this crop
     * @param quad     the line's box on the page
     * @param stepPx   input pixels per time step (input width / steps)
     * @param usedPx   width of the input actually covered by the crop (the rest is padding)
     * @param ink      the crop's ink columns and text height
     */
    Line toLine(CtcDecoder.Decoded decoded, Quad quad, float stepPx, float usedPx, InkProfile ink) {
        List<CtcDecoder.Glyph> glyphs = decoded.glyphs();
        // Trim spaces the recognizer emitted at either end.
        int from = 0;
        int to = glyphs.size();
        while (from < to && glyphs.get(from).isSpace()) from++;
        while (to > from && glyphs.get(to - 1).isSpace()) to--;
        glyphs = glyphs.subList(from, to);

        // Input pixels to crop pixels; the crop was resized to the input height keeping its aspect ratio.
        float toCrop = ink.width() / usedPx;
        float minGap = gapRatio * ink.textHeight();

        List<List<CtcDecoder.Glyph>> words = new ArrayList<>();
        List<CtcDecoder.Glyph> current = new ArrayList<>();
        CtcDecoder.Glyph previous = null;
        for (CtcDecoder.Glyph g : glyphs) {
            if (g.isSpace()) {
                if (!current.isEmpty()) {
                    words.add(current);
                    current = new ArrayList<>();
                }
                previous = null;
                continue;
            }
            if (previous != null && ink.widestGap(Math.round(center(previous) * stepPx * toCrop),
                    Math.round(center(g) * stepPx * toCrop)) >= minGap) {
                words.add(current);
                current = new ArrayList<>();
            }
            current.add(g);
            previous = g;
        }
        if (!current.isEmpty()) {
            words.add(current);
        }

        List<Word> out = new ArrayList<>(words.size());
        StringBuilder text = new StringBuilder();
        double probSum = 0;
        int count = 0;
        for (List<CtcDecoder.Glyph> w : words) {
            StringBuilder wt = new StringBuilder();
            double sum = 0;
            for (CtcDecoder.Glyph g : w) {
                wt.append(g.token());
                sum += g.probability();
            }
            float start = Math.max(0f, (w.get(0).firstStep() - 0.5f) * stepPx / usedPx);
            float end = Math.min(1f, (w.get(w.size() - 1).lastStep() + 1.5f) * stepPx / usedPx);
            if (end <= start) {
                end = Math.min(1f, start + 0.01f);
            }
            out.add(new Word(wt.toString(), round(sum / w.size()), quad.slice(start, end).toPolygon()));
            if (text.length() > 0) text.append(' ');
            text.append(wt);
            probSum += sum;
            count += w.size();
        }
        double confidence = count == 0 ? 0 : probSum / count;
        return new Line(text.toString(), round(confidence), quad.toPolygon(), out);
    }

    private static float center(CtcDecoder.Glyph g) {
        return (g.firstStep() + g.lastStep()) / 2f;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
