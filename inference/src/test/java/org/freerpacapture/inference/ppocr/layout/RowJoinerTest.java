package org.freerpacapture.inference.ppocr.layout;

import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Polygon;
import org.freerpacapture.ocr.Word;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

public class RowJoinerTest {
    private static final RowJoiner JOINER = new RowJoiner(0.8f);

    private static Line line(String text, double left, double top, double right, double bottom) {
        Polygon box = Polygon.rectangle(left, top, right, bottom);
        return new Line(text, 0.9, box, List.of(new Word(text, 0.9, box)));
    }

    @Test
    void pieces_of_a_row_a_space_apart_become_one_line_with_both_words() {
        // Text 20 px high; a 12 px blank (0.6 text heights) between the date and the time.
        List<Line> joined = JOINER.join(List.of(line("19/10/2018", 10, 100, 120, 120),
                line("20:49:59", 132, 101, 220, 121)));
        assertEquals(1, joined.size());
        assertEquals("19/10/2018 20:49:59", joined.get(0).text());
        assertEquals(List.of("19/10/2018", "20:49:59"), joined.get(0).words().stream().map(Word::text).toList());
        assertEquals(10, joined.get(0).polygon().minX(), 1e-9);
        assertEquals(220, joined.get(0).polygon().maxX(), 1e-9);
    }

    @Test
    void columns_further_apart_other_rows_and_headings_stay_separate() {
        Line qty = line("2", 10, 100, 20, 120);
        Line price = line("12.50", 60, 100, 120, 120);       // 40 px apart: two text heights, a column
        Line below = line("TOTAL", 125, 130, 200, 150);     // next row
        Line heading = line("RECEIPT", 130, 92, 260, 128);  // same row, but 1.8 times as tall
        assertEquals(3, JOINER.join(List.of(qty, price, below)).size());
        assertEquals(2, JOINER.join(List.of(price, heading)).size());
    }

    @Test
    void an_open_bracket_reaches_across_a_column_wide_blank_for_its_closing_half() {
        // 40 px apart (two text heights) is a column gap, unless a bracket opened on the left closes on the right.
        Line unit = line("* RM 18.77 UNI (", 10, 100, 200, 120);
        Line tax = line("2.25)=RM", 240, 100, 330, 120);
        assertEquals(List.of("* RM 18.77 UNI ( 2.25)=RM"), JOINER.join(List.of(unit, tax)).stream().map(Line::text).toList());
        // Brackets closed on each side, or a gap beyond three text heights: columns as before.
        assertEquals(2, JOINER.join(List.of(line("AMOUNT (RM)", 10, 100, 200, 120), line("TAX (RM)", 240, 100, 330, 120))).size());
        assertEquals(2, JOINER.join(List.of(unit, line("2.25)=RM", 270, 100, 360, 120))).size());
    }

    @Test
    void a_bracket_is_open_only_when_its_closing_half_comes_first_on_the_right() {
        assertEquals(true, RowJoiner.bracketOpen("UNI (", "2.25)=RM"));
        assertEquals(false, RowJoiner.bracketOpen("(RM)", "2.25)"));
        assertEquals(false, RowJoiner.bracketOpen("UNI (", "(2.25)"));
        assertEquals(false, RowJoiner.bracketOpen("UNI (", "2.25"));
    }
}
