package org.freerpacapture.inference.ppocr.recognize;

import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

public class CtcDecoderTest {
    // blank=0, A=1, B=2, space=3
    private static final CtcDictionary DICT = CtcDictionary.fromKeysFile("A\nB".getBytes(StandardCharsets.UTF_8));

    /** One row per time step: the arg-max class gets {@code p}, the rest share what is left. */
    private static FloatBuffer steps(int[] classes, float p) {
        int c = DICT.size();
        FloatBuffer fb = FloatBuffer.allocate(classes.length * c);
        for (int t = 0; t < classes.length; t++) {
            for (int k = 0; k < c; k++) {
                fb.put(t * c + k, k == classes[t] ? p : (1 - p) / (c - 1));
            }
        }
        return fb;
    }

    @Test
    void dictionary_has_blank_first_and_space_last() {
        assertEquals(4, DICT.size());
        assertEquals("", DICT.token(0));
        assertEquals(" ", DICT.token(3));
    }

    @Test
    void repeated_steps_collapse_and_blanks_separate_doubles() {
        CtcDecoder decoder = new CtcDecoder(DICT);
        CtcDecoder.Decoded d = decoder.decode(steps(new int[]{1, 1, 0, 1, 2, 2, 0}, 0.9f), 0, 7, 4);
        assertEquals("AAB", d.text());
        assertEquals(0, d.glyphs().get(0).firstStep());
        assertEquals(1, d.glyphs().get(0).lastStep());
        assertEquals(3, d.glyphs().get(1).firstStep());
        assertEquals(4, d.glyphs().get(2).firstStep());
        assertEquals(5, d.glyphs().get(2).lastStep());
        assertEquals(0.9f, d.score(), 1e-6);
    }

    @Test
    void all_blank_decodes_to_nothing_with_score_zero() {
        CtcDecoder.Decoded d = new CtcDecoder(DICT).decode(steps(new int[]{0, 0, 0}, 0.8f), 0, 3, 4);
        assertEquals("", d.text());
        assertEquals(0f, d.score());
    }

    @Test
    void steps_whose_blank_is_near_one_half_decode_to_their_arg_max() {
        // A at 0.6, then a blank at 0.6, which is sure without a look at the other classes.
        assertEquals("A", new CtcDecoder(DICT).decode(steps(new int[]{1, 0}, 0.6f), 0, 2, 4).text());
        // At exactly one half nothing is sure: A wins its step by 0.001, the blank the next one.
        CtcDecoder.Decoded halves = new CtcDecoder(DICT).decode(
                FloatBuffer.wrap(new float[]{0.499f, 0.5f, 0.001f, 0f, 0.5f, 0.499f, 0.001f, 0f}), 0, 2, 4);
        assertEquals("A", halves.text());
        assertEquals(0, halves.glyphs().get(0).lastStep());
    }

    @Test
    void batch_items_are_read_at_their_own_offset() {
        int[] both = {1, 0, 0, 2, 2, 0};
        CtcDecoder.Decoded second = new CtcDecoder(DICT).decode(steps(both, 0.7f), 1, 3, 4);
        assertEquals("B", second.text());
    }

    @Test
    void each_character_keeps_the_runner_ups_of_its_most_confident_step() {
        int c = DICT.size();
        // Steps: A 0.6 (B 0.3), A 0.9 (B 0.05), blank. The runner-ups come from the second, surer step.
        float[][] rows = {{0.05f, 0.6f, 0.3f, 0.05f}, {0.02f, 0.9f, 0.05f, 0.03f}, {0.97f, 0.01f, 0.01f, 0.01f}};
        FloatBuffer fb = FloatBuffer.allocate(rows.length * c);
        for (float[] row : rows) {
            fb.put(row);
        }
        CtcDecoder.Glyph a = new CtcDecoder(DICT).decode(fb.rewind(), 0, rows.length, c).glyphs().get(0);
        assertEquals("A", a.token());
        assertEquals(2, a.alternatives().size());
        assertEquals("B", a.alternatives().get(0).token());
        assertEquals(0.05f, a.alternatives().get(0).probability(), 1e-6);
        assertEquals(" ", a.alternatives().get(1).token());
    }
}
