package org.freerpacapture.gateway.routing;

import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.Polygon;
import org.freerpacapture.ocr.ProviderInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TextAgreementTest {

    private static Line line(String text, double left, double top, double right, double bottom) {
        return new Line(text, 0.9, Polygon.rectangle(left, top, right, bottom), List.of());
    }

    @Test
    void identical_readings_agree_fully() {
        List<Line> a = List.of(line("TOTAL 12.50", 0, 0, 100, 20), line("THANK YOU", 0, 30, 100, 50));
        assertEquals(1.0, TextAgreement.between(a, a));
    }

    @Test
    void both_empty_agree_fully_and_an_empty_primary_against_text_not_at_all() {
        assertEquals(1.0, TextAgreement.between(List.of(), List.of()));
        assertEquals(0.0, TextAgreement.between(List.of(), List.of(line("X", 0, 0, 10, 10))));
    }

    @Test
    void matched_lines_count_their_edit_distance_case_sensitively() {
        List<Line> primary = List.of(line("Total", 0, 0, 100, 20));
        List<Line> shadow = List.of(line("total", 2, 1, 101, 21));
        assertEquals(1 - 1.0 / 5, TextAgreement.between(primary, shadow), 1e-12);
    }

    @Test
    void lines_are_paired_by_box_overlap_not_by_order() {
        List<Line> primary = List.of(line("AAAA", 0, 0, 100, 20), line("BBBB", 0, 100, 100, 120));
        List<Line> shadow = List.of(line("BBBB", 0, 101, 100, 121), line("AAAA", 0, 1, 100, 21));
        assertEquals(1.0, TextAgreement.between(primary, shadow));
    }

    @Test
    void unmatched_lines_count_fully_on_both_sides() {
        // primary "ABCD" has no overlapping partner (IoU < 0.3): 4 errors; shadow's "XY" is an insertion: 2 errors
        List<Line> primary = List.of(line("ABCD", 0, 0, 100, 20), line("EFGH", 0, 50, 100, 70));
        List<Line> shadow = List.of(line("EFGH", 0, 50, 100, 70), line("XY", 0, 15, 100, 35));
        assertEquals(1 - 6.0 / 8, TextAgreement.between(primary, shadow), 1e-12);
    }

    @Test
    void agreement_never_goes_below_zero() {
        List<Line> primary = List.of(line("A", 0, 0, 10, 10));
        List<Line> shadow = List.of(line("A LONG LINE", 500, 500, 600, 600));
        assertEquals(0.0, TextAgreement.between(primary, shadow));
    }

    @Test
    void documents_pair_pages_by_number_and_sum_errors_over_pages() {
        ProviderInfo info = new ProviderInfo("p", "test", "m", "1");
        OcrResult a = new OcrResult(info, List.of(
                Page.ofLines(1, 100, 100, List.of(line("ABCD", 0, 0, 50, 10))),
                Page.ofLines(2, 100, 100, List.of(line("EFGH", 0, 0, 50, 10)))), Map.of());
        OcrResult b = new OcrResult(info, List.of(
                Page.ofLines(1, 100, 100, List.of(line("ABCD", 0, 0, 50, 10)))), Map.of());
        assertEquals(0.5, TextAgreement.between(a, b), 1e-12);
    }
}
