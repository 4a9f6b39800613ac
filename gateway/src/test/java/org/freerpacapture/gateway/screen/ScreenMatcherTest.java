package org.freerpacapture.gateway.screen;

import org.freerpacapture.gateway.support.ScriptedProvider;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.Polygon;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScreenMatcherTest {

    private static final List<Page> SCREEN = List.of(Page.ofLines(1, 800, 600, List.of(
            ScriptedProvider.line(10, 20, 0.98, "TOTAL", "RM", "9.00"),
            ScriptedProvider.line(10, 60, 0.90, "Subtotal", "RM", "8.00"),
            ScriptedProvider.line(10, 100, 0.95, "Save", "as", "draft"),
            ScriptedProvider.line(10, 140, 0.95, "Café", "Crème"))));

    private final ScreenMatcher matcher = ScreenMatcher.defaults();

    @Test
    void a_word_inside_a_line_matches_fully_and_clicks_on_that_word() {
        ScreenMatch best = matcher.find("TOTAL", SCREEN).get(0);

        assertEquals("TOTAL", best.text());
        assertEquals(1.0, best.score());
        assertEquals(new Point(35, 30), best.center());
        assertEquals(Polygon.rectangle(10, 20, 60, 40), best.polygon());
    }

    @Test
    void matches_are_ranked_by_similarity() {
        List<ScreenMatch> found = matcher.find("total", SCREEN);

        assertEquals(List.of("TOTAL", "Subtotal"), found.stream().map(ScreenMatch::text).toList());
        assertEquals(0.625, found.get(1).score());
    }

    @Test
    void a_run_of_consecutive_words_matches_with_its_own_box() {
        ScreenMatch best = matcher.find("save as", SCREEN).get(0);

        assertEquals("Save as", best.text());
        assertEquals(1.0, best.score());
        assertEquals(Polygon.of(10, 100, 120, 100, 120, 120, 10, 120), best.polygon());
        assertEquals(new Point(65, 110), best.center());
    }

    @Test
    void a_whole_line_matches_when_asked_for_whole() {
        ScreenMatch best = matcher.find("Save as draft", SCREEN).get(0);

        assertEquals("Save as draft", best.text());
        assertEquals(1.0, best.score());
    }

    @Test
    void accents_case_and_spaces_do_not_matter() {
        ScreenMatch best = matcher.find("cafe creme", SCREEN).get(0);

        assertEquals("Café Crème", best.text());
        assertEquals(1.0, best.score());
    }

    @Test
    void one_misread_letter_still_matches_below_one() {
        ScreenMatch best = matcher.find("TOTAI", SCREEN).get(0);

        assertEquals("TOTAL", best.text());
        assertEquals(0.8, best.score());
    }

    @Test
    void weak_matches_are_dropped_below_min_score() {
        assertTrue(matcher.find("invoice", SCREEN).isEmpty());
        assertEquals(1, new ScreenMatcher(0.9, 5).find("total", SCREEN).size());
    }

    @Test
    void each_line_reports_one_match_and_the_limit_caps_the_list() {
        List<ScreenMatch> rm = new ScreenMatcher(0.6, 5).find("RM", SCREEN);
        assertEquals(2, rm.size(), "two lines hold RM, each counted once");
        assertEquals(1, new ScreenMatcher(0.6, 1).find("RM", SCREEN).size());
    }

    @Test
    void lines_without_words_are_matched_as_lines() {
        Line bare = new Line("Submit", 0.9, Polygon.rectangle(0, 0, 100, 30), List.of());
        ScreenMatch best = matcher.find("submit", List.of(Page.ofLines(1, 100, 30, List.of(bare)))).get(0);

        assertEquals("Submit", best.text());
        assertEquals(new Point(50, 15), best.center());
    }

    @Test
    void blank_query_finds_nothing() {
        assertTrue(matcher.find("   ", SCREEN).isEmpty());
    }

    @Test
    void min_score_outside_zero_to_one_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new ScreenMatcher(1.5, 5));
    }
}
