package org.freerpacapture.inference.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PageSelectionTest {

    @Test
    void ranges_and_single_pages_select_exactly_those_pages() {
        PageSelection selection = PageSelection.parse("1-3,5");

        assertEquals("1-3,5", selection.toString());
        assertEquals(java.util.List.of(1, 2, 3, 5),
                IntStream.rangeClosed(0, 8).filter(selection::includes).boxed().toList());
    }

    @Test
    void a_single_page_selects_only_that_page() {
        PageSelection selection = PageSelection.parse("2");

        assertTrue(selection.includes(2));
        assertFalse(selection.includes(1));
        assertFalse(selection.includes(3));
        assertEquals("2", selection.toString());
    }

    @Test
    void spaces_around_numbers_are_tolerated_and_a_one_page_range_prints_as_a_page() {
        assertEquals("1,4-6,9", PageSelection.parse(" 1 , 4 - 6, 9-9 ").toString());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"all", "ALL", "  "})
    void absent_blank_or_all_selects_every_page(String spec) {
        PageSelection selection = PageSelection.parse(spec);

        assertSame(PageSelection.all(), selection);
        assertEquals("all", selection.toString());
        assertTrue(selection.includes(1));
        assertTrue(selection.includes(10_000));
        assertFalse(selection.includes(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "3-1", "x", "1-", "-3", ",", "1,,2", "1,", "-1", "+1", "1-2-3", "0-2", "1.5", "a-b",
            "9999999999", "2-x", "1;2"})
    void malformed_specs_are_refused_with_invalid_pages(String spec) {
        DocumentException e = assertThrows(DocumentException.class, () -> PageSelection.parse(spec));

        assertEquals("invalid_pages", e.code());
        assertEquals(400, e.httpStatus());
        assertTrue(e.getMessage().contains("1-3,5"), "the message shows the expected syntax: " + e.getMessage());
    }

    @Test
    void an_absurdly_long_spec_is_refused_without_echoing_it_whole() {
        String spec = "1,".repeat(500) + "1";

        DocumentException e = assertThrows(DocumentException.class, () -> PageSelection.parse(spec));

        assertEquals("invalid_pages", e.code());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void equal_specs_give_equal_selections() {
        assertEquals(PageSelection.parse("1-3,5"), PageSelection.parse("1-3, 5"));
    }
}
