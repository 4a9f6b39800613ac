package org.freerpacapture.inference.ppocr.layout;

import org.freerpacapture.inference.ppocr.detect.Quad;
import org.freerpacapture.inference.ppocr.recognize.CtcDecoder;
import org.freerpacapture.inference.ppocr.repair.LatinTextRepair;
import org.freerpacapture.inference.ppocr.repair.TextRepair;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a decoded crop into a line with words: each word boxed from its characters' time steps, and a space put
 * back wherever two neighbouring characters are visibly apart.
 *
 * <p>The recognizer often drops spaces in receipt text ({@code T: 03-2093 7358} read as {@code T:03-20937358}).
 * The CTC time steps say where each character sits; the crop's ink says how wide the blank stretch between two of
 * them is. A blank counts as a space when it is at least {@code minRatio} × the text height wide and either stands
 * out from the line's own letter spacing ({@code outlier} × its median gap) or is wide outright ({@code wideRatio}
 * × the text height). The rule and its constants were fitted on 16,000 character boundaries of the SROIE dev
 * receipts (docs/decisions.md): fixed thresholds alone either tear narrow letters apart or miss tight spaces.
 */
public final class WordSplitter {
    private final float minRatio;
    private final float outlier;
    private final float wideRatio;
    private final float lineBreakRatio;
    private static final float BAND_PAD = 0.15f;
    /** A field label: a word of letters (and dots, {@code No.}) followed by a colon, perhaps the value after it. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z][A-Za-z.]+\\s?:.*");

    /**
     * @param lineBreakRatio a blank this many text heights wide splits the detected box into separate lines, as
     *                       a reader sees {@code TOTAL          12.50} as two fields; after a value, a label
     *                       ({@code TEL: 07-386 7524   FAX: 07-386 3793}) already splits at a wide space
     *                       ({@code wideRatio})
     */
    public WordSplitter(float minRatio, float outlier, float wideRatio, float lineBreakRatio) {
        this.minRatio = minRatio;
        this.outlier = outlier;
        this.wideRatio = wideRatio;
        this.lineBreakRatio = lineBreakRatio;
    }

    /**
     * @param decoded  the recognizer's output for this crop
     * @param quad     the line's box on the page
     * @param stepPx   input pixels per time step (input width / steps)
     * @param usedPx   width of the input actually covered by the crop (the rest is padding)
     * @param ink      the crop's ink columns and text height
     * @param repair   repairs each word of a Latin-script line ({@link TextRepair#NONE}: words stay as recognized)
     */
    public List<Line> toLines(CtcDecoder.Decoded decoded, Quad quad, float stepPx, float usedPx, InkProfile ink,
                              TextRepair repair) {
        List<CtcDecoder.Glyph> glyphs = decoded.glyphs();
        // Trim spaces the recognizer emitted at either end.
        int from = 0;
        int to = glyphs.size();
        while (from < to && glyphs.get(from).isSpace()) from++;
        while (to > from && glyphs.get(to - 1).isSpace()) to--;
        glyphs = glyphs.subList(from, to);

        // Blank width before each glyph, in crop pixels (input pixels scaled to the crop's own width).
        float toCrop = ink.width() / usedPx;
        int[] gapBefore = new int[glyphs.size()];
        int[] gaps = new int[glyphs.size()];
        int n = 0;
        CtcDecoder.Glyph previous = null;
        for (int i = 0; i < glyphs.size(); i++) {
            CtcDecoder.Glyph g = glyphs.get(i);
            if (g.isSpace()) {
                continue;
            }
            if (previous != null) {
                int left = Math.round(center(previous) * stepPx * toCrop);
                int right = Math.round(center(g) * stepPx * toCrop);
                gapBefore[i] = capitalThenLower(previous, g) ? ink.widestGapWithAscenders(left, right)
                        : ink.widestGap(left, right);
                gaps[n++] = gapBefore[i];
            }
            previous = g;
        }
        java.util.Arrays.sort(gaps, 0, n);
        float medianGap = n == 0 ? 0 : Math.max(1, gaps[n / 2]);
        float textHeight = ink.textHeight();

        List<List<CtcDecoder.Glyph>> words = new ArrayList<>();
        List<Integer> blankBefore = new ArrayList<>();
        List<List<Integer>> wordGaps = new ArrayList<>();
        List<CtcDecoder.Glyph> current = new ArrayList<>();
        List<Integer> currentGaps = new ArrayList<>();
        for (int i = 0; i < glyphs.size(); i++) {
            CtcDecoder.Glyph g = glyphs.get(i);
            if (g.isSpace()) {
                if (!current.isEmpty()) {
                    words.add(current);
                    wordGaps.add(currentGaps);
                    current = new ArrayList<>();
                    currentGaps = new ArrayList<>();
                }
                continue;
            }
            int gap = gapBefore[i];
            CtcDecoder.Glyph last = current.isEmpty() ? null : current.get(current.size() - 1);
            boolean space = last != null
                    && gap >= minGapRatio(last, g) * textHeight
                    && (gap >= outlier * medianGap || gap >= wideRatio * textHeight || digitAndCapital(last, g));
            if (space) {
                words.add(current);
                wordGaps.add(currentGaps);
                current = new ArrayList<>();
                currentGaps = new ArrayList<>();
            }
            if (current.isEmpty()) {
                blankBefore.add(gap);
            }
            currentGaps.add(current.isEmpty() ? 0 : gap);
            current.add(g);
        }
        if (!current.isEmpty()) {
            words.add(current);
            wordGaps.add(currentGaps);
        }

        boolean ideographic = LatinTextRepair.hasIdeograph(decoded.text());
        if (repair != TextRepair.NONE && !ideographic) {
            Words repaired = repaired(words, wordGaps, blankBefore, lineBreakRatio * textHeight, repair);
            words = repaired.glyphs();
            blankBefore = repaired.blankBefore();
        }
        // Boxes hug the text: the detector's box is grown by design, the ink band says where the text really is.
        Quad band = quad.sub(0f, 1f, ink.bandTop(BAND_PAD), ink.bandBottom(BAND_PAD));
        List<Line> lines = new ArrayList<>();
        int segmentStart = 0;
        for (int k = 1; k <= words.size(); k++) {
            if (k == words.size() || blankBefore.get(k) >= lineBreakRatio * textHeight
                    || (blankBefore.get(k) >= wideRatio * textHeight && startsField(words, k))) {
                lines.add(toLine(words.subList(segmentStart, k), band, stepPx, usedPx, ideographic));
                segmentStart = k;
            }
        }
        return lines;
    }

    /** A line's words and the blank before each, in crop pixels. */
    private record Words(List<List<CtcDecoder.Glyph>> glyphs, List<Integer> blankBefore) {
    }

    /**
     * The words after {@code repair}: each repaired (perhaps split in two, the second half after a space), and
     * joined to the word before when the blank between them, narrower than a line break, is no space after all.
     */
    private Words repaired(List<List<CtcDecoder.Glyph>> words, List<List<Integer>> wordGaps, List<Integer> blankBefore,
                           float lineBreakPx, TextRepair repair) {
        List<List<CtcDecoder.Glyph>> out = new ArrayList<>(words.size());
        List<Integer> blanks = new ArrayList<>(words.size());
        for (int k = 0; k < words.size(); k++) {
            List<List<CtcDecoder.Glyph>> parts = repair.repair(words.get(k), wordGaps.get(k));
            int last = out.size() - 1;
            if (last >= 0 && blankBefore.get(k) < lineBreakPx && repair.joins(out.get(last), parts.get(0))) {
                List<CtcDecoder.Glyph> joined = new ArrayList<>(out.get(last));
                joined.addAll(parts.get(0));
                out.set(last, joined);
            } else {
                out.add(parts.get(0));
                blanks.add(blankBefore.get(k));
            }
            for (int p = 1; p < parts.size(); p++) {
                out.add(parts.get(p));
                // A split word's second half follows a space, never a line break.
                blanks.add(0);
            }
        }
        return new Words(out, blanks);
    }

    /**
     * Word {@code k} opens a new field on the row: it is a label ({@code FAX:}, {@code TIME :}) and the word before
     * it ends a value with a digit ({@code TEL: 07-386 7524  FAX: 07-386 3793}).
     */
    private static boolean startsField(List<List<CtcDecoder.Glyph>> words, int k) {
        if (k == 0) {
            return false;
        }
        List<CtcDecoder.Glyph> previous = words.get(k - 1);
        if (!isDigit(previous.get(previous.size() - 1))) {
            return false;
        }
        StringBuilder label = new StringBuilder();
        for (CtcDecoder.Glyph g : words.get(k)) {
            label.append(g.token());
        }
        if (k + 1 < words.size() && words.get(k + 1).get(0).token().equals(":")) {
            label.append(':');
        }
        return LABEL.matcher(label).matches();
    }

    private static Line toLine(List<List<CtcDecoder.Glyph>> words, Quad quad, float stepPx, float usedPx,
                               boolean ideographic) {
        List<Word> out = new ArrayList<>(words.size());
        StringBuilder text = new StringBuilder();
        double probSum = 0;
        int count = 0;
        float first = 1f;
        float last = 0f;
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
            first = Math.min(first, start);
            last = Math.max(last, end);
            String wordText = LatinTextRepair.repair(wt.toString(), ideographic);
            out.add(new Word(wordText, round(sum / w.size()), quad.slice(start, end).toPolygon()));
            if (text.length() > 0) text.append(' ');
            text.append(wordText);
            probSum += sum;
            count += w.size();
        }
        double confidence = count == 0 ? 0 : probSum / count;
        Quad box = words.isEmpty() ? quad : quad.slice(first, last);
        return new Line(text.toString(), round(confidence), box.toPolygon(), out);
    }

    /**
     * The narrowest blank that can be a space between these two characters, in text heights. Narrow glyphs leave
     * wide blanks in fixed-width receipt fonts, so pairs involving digits and punctuation need more: a digit
     * before punctuation is almost always {@code 9.}, {@code 9,} or {@code 9:}; punctuation before a digit is
     * often {@code .90}; digits inside a number ({@code 167104}) sit far apart around a {@code 1}. Measured per
     * pair kind on the SROIE dev receipts (docs/decisions.md).
     */
    private float minGapRatio(CtcDecoder.Glyph left, CtcDecoder.Glyph right) {
        boolean leftDigit = isDigit(left);
        boolean rightDigit = isDigit(right);
        if (leftDigit && rightDigit) {
            return Math.max(minRatio, 0.45f);
        }
        if (leftDigit && isPunctuation(right)) {
            return Math.max(minRatio, 0.8f);
        }
        if (isPunctuation(left) && rightDigit) {
            return Math.max(minRatio, 0.5f);
        }
        return minRatio;
    }

    /** A capital before a lower-case letter, as at the start of a word ({@code There}). */
    private static boolean capitalThenLower(CtcDecoder.Glyph left, CtcDecoder.Glyph right) {
        return left.token().length() == 1 && Character.isUpperCase(left.token().charAt(0))
                && right.token().length() == 1 && Character.isLowerCase(right.token().charAt(0));
    }

    /**
     * A digit beside a capital ({@code 5 EUR}, {@code VAT 20}): a blank there wide enough for a space is one, even
     * where the wide letters of a short capital word make it no outlier among the line's gaps.
     */
    private static boolean digitAndCapital(CtcDecoder.Glyph left, CtcDecoder.Glyph right) {
        return (isDigit(left) && isUpper(right)) || (isUpper(left) && isDigit(right));
    }

    private static boolean isUpper(CtcDecoder.Glyph g) {
        return g.token().length() == 1 && Character.isUpperCase(g.token().charAt(0));
    }

    private static boolean isPunctuation(CtcDecoder.Glyph g) {
        return g.token().length() == 1 && !Character.isLetterOrDigit(g.token().charAt(0));
    }

    private static boolean isDigit(CtcDecoder.Glyph g) {
        return g.token().length() == 1 && Character.isDigit(g.token().charAt(0));
    }

    private static float center(CtcDecoder.Glyph g) {
        return (g.firstStep() + g.lastStep()) / 2f;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
