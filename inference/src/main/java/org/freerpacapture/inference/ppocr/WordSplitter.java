package org.freerpacapture.inference.ppocr;

import org.freerpacapture.inference.Line;
import org.freerpacapture.inference.Word;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a decoded crop into a line with words: each word boxed from its characters' time steps, and a space put
 * back wherever two characters stand visibly further apart than the line's own character pitch.
 *
 * <p>The recognizer often drops spaces in receipt text ({@code T: 03-2093 7358} read as {@code T:03-20937358});
 * the CTC time steps still show the gap. A gap counts as a space when the distance between two neighbouring
 * characters' centres exceeds {@code gapFactor} times the line's median pitch, and at least
 * {@code minGapHeights} of the crop height (so tightly set text is not torn apart).
 */
final class WordSplitter {
    private final float gapFactor;
    private final float minGapHeights;

    WordSplitter(float gapFactor, float minGapHeights) {
        this.gapFactor = gapFactor;
        this.minGapHeights = minGapHeights;
    }

    /**
     * @param decoded  the recognizer's output for this crop
     * @param quad     the line's box on the page
     * @param stepPx   input pixels per time step (input width / steps)
     * @param usedPx   width of the input actually covered by the crop (the rest is padding)
     * @param inputH   input height (48)
     */
    Line toLine(CtcDecoder.Decoded decoded, Quad quad, float stepPx, float usedPx, float inputH) {
        List<CtcDecoder.Glyph> glyphs = decoded.glyphs();
        // Trim spaces the recognizer emitted at either end.
        int from = 0;
        int to = glyphs.size();
        while (from < to && glyphs.get(from).isSpace()) from++;
        while (to > from && glyphs.get(to - 1).isSpace()) to--;
        glyphs = glyphs.subList(from, to);

        float pitch = medianPitch(glyphs);
        float minGap = Math.max(pitch * stepPx * gapFactor, inputH * minGapHeights);

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
            if (previous != null && pitch > 0 && (center(g) - center(previous)) * stepPx > minGap) {
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

    /** Median distance, in time steps, between the centres of neighbouring characters of the same word. */
    static float medianPitch(List<CtcDecoder.Glyph> glyphs) {
        float[] d = new float[glyphs.size()];
        int n = 0;
        for (int i = 1; i < glyphs.size(); i++) {
            CtcDecoder.Glyph a = glyphs.get(i - 1);
            CtcDecoder.Glyph b = glyphs.get(i);
            if (!a.isSpace() && !b.isSpace()) {
                d[n++] = center(b) - center(a);
            }
        }
        if (n == 0) {
            return 0;
        }
        Arrays.sort(d, 0, n);
        return n % 2 == 1 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
