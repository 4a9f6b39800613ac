package org.freerpacapture.inference.ppocr;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Greedy CTC decoding that keeps where each character was read.
 *
 * <p>Per time step the arg-max class is taken; a step is kept when its class differs from the previous step's
 * (blanks included) and is not the blank, exactly as the reference does. The score is the mean of the kept
 * probabilities. Unlike the reference, each kept character remembers the first and last time step of its run, so
 * words get their own boxes and visibly separate words get the space the recognizer dropped.
 */
final class CtcDecoder {

    /** One character and the time steps [firstStep, lastStep] of its run. */
    record Glyph(String token, int firstStep, int lastStep, float probability) {
        boolean isSpace() {
            return token.isBlank();
        }
    }

    /** One decoded crop. */
    record Decoded(List<Glyph> glyphs, int steps, float score) {
        String text() {
            StringBuilder sb = new StringBuilder();
            for (Glyph g : glyphs) {
                sb.append(g.token());
            }
            return sb.toString();
        }
    }

    private final CtcDictionary dictionary;

    CtcDecoder(CtcDictionary dictionary) {
        this.dictionary = dictionary;
    }

    /**
     * Decodes item {@code n} of a {@code [N, T, C]} probability tensor laid out row-major in {@code probs}.
     */
    Decoded decode(FloatBuffer probs, int n, int steps, int classes) {
        List<Glyph> glyphs = new ArrayList<>();
        int base = n * steps * classes;
        int previous = -1;
        int runStart = -1;
        int runClass = -1;
        float runProb = 0;
        double sum = 0;
        for (int t = 0; t < steps; t++) {
            int offset = base + t * classes;
            int best = 0;
            float bestP = probs.get(offset);
            for (int c = 1; c < classes; c++) {
                float p = probs.get(offset + c);
                if (p > bestP) {
                    bestP = p;
                    best = c;
                }
            }
            if (best != previous) {
                if (runClass > 0) {
                    glyphs.add(new Glyph(dictionary.token(runClass), runStart, t - 1, runProb));
                }
                runClass = best;
                runStart = t;
                runProb = bestP;
                if (best != CtcDictionary.BLANK) {
                    sum += bestP;
                }
            }
            previous = best;
        }
        if (runClass > 0) {
            glyphs.add(new Glyph(dictionary.token(runClass), runStart, steps - 1, runProb));
        }
        float score = glyphs.isEmpty() ? 0f : (float) (sum / glyphs.size());
        return new Decoded(glyphs, steps, score);
    }
}
