package org.freerpacapture.inference.ppocr.repair;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class LatinTextRepairTest {

    @Test
    void full_width_punctuation_on_a_latin_line_becomes_ascii() {
        assertEquals("NO.:(1)", LatinTextRepair.repair("NO.：（1）", false));
        assertEquals("A,B.", LatinTextRepair.repair("A、B。", false));
    }

    @Test
    void lines_with_ideographs_keep_their_full_width_punctuation() {
        assertTrue(LatinTextRepair.hasIdeograph("物出门，得不退还"));
        assertFalse(LatinTextRepair.hasIdeograph("TOTAL：9.00"));
        assertEquals("退还：", LatinTextRepair.repair("退还：", true));
    }

    @Test
    void zero_inside_a_word_is_the_letter_o_and_o_inside_a_number_is_zero() {
        assertEquals("INVOICE", LatinTextRepair.repair("INV0ICE", false));
        assertEquals("10.50", LatinTextRepair.repair("1O.50", false));
        assertEquals("2018", LatinTextRepair.repair("2O18", false));
    }

    @Test
    void codes_that_mix_letters_and_digits_are_left_alone() {
        assertEquals("T0049", LatinTextRepair.repair("T0049", false));
        assertEquals("A1", LatinTextRepair.repair("A1", false));
        assertEquals("500ML", LatinTextRepair.repair("500ML", false));
        assertEquals("N0", LatinTextRepair.repair("N0", false));
    }
}
