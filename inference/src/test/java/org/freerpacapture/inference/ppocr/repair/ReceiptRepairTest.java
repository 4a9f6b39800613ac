package org.freerpacapture.inference.ppocr.repair;

import org.freerpacapture.inference.ppocr.recognize.CtcDecoder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class ReceiptRepairTest {
    private static final ReceiptRepair REPAIR = new ReceiptRepair(ReceiptLexicon.bundled());

    /** A word of glyphs at 0.95 each; {@code runnerUps[i]} ("Q0.2") gives glyph i a runner-up and its probability. */
    private static List<CtcDecoder.Glyph> word(String text, String... runnerUps) {
        List<CtcDecoder.Glyph> glyphs = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            List<CtcDecoder.Alternative> alts = new ArrayList<>();
            if (i < runnerUps.length && runnerUps[i] != null) {
                alts.add(new CtcDecoder.Alternative(runnerUps[i].substring(0, 1),
                        Float.parseFloat(runnerUps[i].substring(1))));
            }
            glyphs.add(new CtcDecoder.Glyph(String.valueOf(text.charAt(i)), i * 2, i * 2, 0.95f, alts));
        }
        return glyphs;
    }

    private static List<Integer> evenGaps(int n, int wideAt) {
        List<Integer> gaps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            gaps.add(i == 0 ? 0 : i == wideAt ? 9 : 4);
        }
        return gaps;
    }

    private static List<String> texts(List<List<CtcDecoder.Glyph>> words) {
        return words.stream().map(w -> w.stream().map(CtcDecoder.Glyph::token).collect(Collectors.joining()))
                .toList();
    }

    @Test
    void a_misread_receipt_word_takes_the_runner_up_the_recognizer_saw() {
        assertEquals(List.of("Qty"), texts(REPAIR.repair(word("aty", "Q0.17"), evenGaps(3, -1))));
        assertEquals(List.of("AMOUNT"), texts(REPAIR.repair(word("AMOUNI", null, null, null, null, null, "T0.06"),
                evenGaps(6, -1))));
        assertEquals(List.of("Total"), texts(REPAIR.repair(word("Tota!", null, null, null, null, "l0.42"),
                evenGaps(5, -1))));
    }

    @Test
    void a_replaced_character_takes_the_case_of_its_word() {
        assertEquals(List.of("Receipt"), texts(REPAIR.repair(word("Recelpt", null, null, null, null, "I0.2"),
                evenGaps(7, -1))));
        assertEquals(List.of("NO:"), texts(REPAIR.repair(word("N0:", null, "o0.3"), evenGaps(3, -1))));
    }

    @Test
    void without_a_runner_up_or_outside_the_vocabulary_nothing_changes() {
        assertEquals(List.of("aty"), texts(REPAIR.repair(word("aty"), evenGaps(3, -1))));
        // A runner-up below 1% is noise.
        assertEquals(List.of("aty"), texts(REPAIR.repair(word("aty", "Q0.005"), evenGaps(3, -1))));
        // A name the vocabulary does not know stays as read, even with runner-ups.
        assertEquals(List.of("Tampoi"), texts(REPAIR.repair(word("Tampoi", "R0.3", "e0.2"), evenGaps(6, -1))));
    }

    @Test
    void two_receipt_words_run_together_split_at_the_widest_blank() {
        List<List<CtcDecoder.Glyph>> split = REPAIR.repair(word("THANKYOU."), evenGaps(9, 5));
        assertEquals(List.of("THANK", "YOU."), texts(split));
        assertEquals(10, split.get(1).get(0).firstStep(), "the second word keeps its own characters' steps");
        // No wider blank where the halves meet: one word.
        assertEquals(List.of("THANKYOU."), texts(REPAIR.repair(word("THANKYOU."), evenGaps(9, 2))));
    }

    @Test
    void an_amount_takes_runner_up_digits_but_a_code_keeps_its_letters() {
        assertEquals(List.of("15.00"), texts(REPAIR.repair(word("15.0C", null, null, null, null, "00.28"),
                evenGaps(5, -1))));
        assertEquals(List.of("867388-U"), texts(REPAIR.repair(
                word("867388-U", null, null, null, null, null, null, null, "00.3"), evenGaps(8, -1))));
        // The decimals of an amount are not a word: "35.CC" does not become "35.CO".
        assertEquals(List.of("35.CC"), texts(REPAIR.repair(word("35.CC", null, null, null, null, "O0.3"),
                evenGaps(5, -1))));
    }

    @Test
    void the_vocabulary_is_upper_case_words_without_comments() {
        ReceiptLexicon lexicon = ReceiptLexicon.bundled();
        assertTrue(lexicon.contains("total") && lexicon.contains("TOTAL") && lexicon.contains("Invoice"));
        assertTrue(!lexicon.contains("#") && !lexicon.contains(""));
        assertTrue(Set.of("THANK", "YOU", "TAX", "INVOICE").stream().allMatch(lexicon::contains));
    }

    @Test
    void a_space_inside_a_number_or_a_receipt_word_is_taken_back() {
        assertTrue(REPAIR.joins(word("39."), word("80")));
        assertTrue(REPAIR.joins(word("22:"), word("52:33")));
        assertTrue(REPAIR.joins(word("5/"), word("3/2018")));
        assertTrue(REPAIR.joins(word("Cashi"), word("er")));
        assertTrue(REPAIR.joins(word("SU"), word("B-TOTAL")));
        // A label's colon, two words, and words outside the vocabulary keep their space.
        assertTrue(!REPAIR.joins(word("NO.5:"), word("55,57")));
        assertTrue(!REPAIR.joins(word("GST"), word("NO")));
        assertTrue(!REPAIR.joins(word("BAR"), word("WANG")));
        assertTrue(!REPAIR.joins(word("12.50"), word("1.00")));
    }

    @Test
    void words_of_prose_keep_their_letters_and_spaces() {
        // notice and cannot hold two receipt words each, and the widest blank is where they would split.
        assertEquals(List.of("notice"), texts(REPAIR.repair(word("notice"), evenGaps(6, 3))));
        assertEquals(List.of("cannot"), texts(REPAIR.repair(word("cannot"), evenGaps(6, 3))));
        assertTrue(!REPAIR.joins(word("me"), word("at")), "me at is not meat");
        // Receipts print in capitals: there the pieces of a receipt word still join.
        assertTrue(REPAIR.joins(word("PL"), word("EASE")));
        assertTrue(REPAIR.joins(word("ME"), word("AT")));
    }
}
