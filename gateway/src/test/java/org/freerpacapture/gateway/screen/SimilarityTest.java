package org.freerpacapture.gateway.screen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SimilarityTest {

    @Test
    void identical_strings_score_one() {
        assertEquals(1.0, Similarity.of("total", "total"));
    }

    @Test
    void one_edit_in_five_scores_point_eight() {
        assertEquals(0.8, Similarity.of("total", "totai"), 1e-9);
    }

    @Test
    void empty_strings_do_not_match() {
        assertEquals(0.0, Similarity.of("", ""));
    }

    @Test
    void upper_bound_is_the_length_ratio() {
        assertEquals(0.5, Similarity.upperBound(5, 10));
        assertEquals(0.0, Similarity.upperBound(0, 0));
    }
}
