package org.freerpacapture.gateway.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EditDistanceTest {

    @Test
    void counts_insertions_deletions_and_substitutions() {
        assertEquals(0, EditDistance.between("", ""));
        assertEquals(1, EditDistance.between("total", "totai"));
        assertEquals(3, EditDistance.between("kitten", "sitting"));
        assertEquals(5, EditDistance.between("", "total"));
        assertEquals(5, EditDistance.between(null, "total"));
    }

    @Test
    void counts_code_points() {
        assertEquals(1, EditDistance.between("€1", "$1"));
        assertEquals(1, EditDistance.between("a\uD83D\uDE00", "a"), "an emoji is one character");
    }
}
