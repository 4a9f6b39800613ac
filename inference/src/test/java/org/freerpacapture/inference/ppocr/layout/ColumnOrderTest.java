package org.freerpacapture.inference.ppocr.layout;

import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Polygon;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ColumnOrderTest {

    private static Line line(String text, double x0, double y0, double x1) {
        return new Line(text, 0.99, Polygon.rectangle(x0, y0, x1, y0 + 20), List.of());
    }

    private static List<String> texts(List<Line> lines) {
        return lines.stream().map(Line::text).toList();
    }

    /** A title across the page, then two columns of set text in row order (alternating), then a footer. */
    private static List<Line> twoColumnPage() {
        List<Line> page = new ArrayList<>();
        page.add(line("title", 100, 50, 1100));
        for (int row = 0; row < 6; row++) {
            double y = 120 + 30 * row;
            page.add(line("left " + row, 100, y, row == 5 ? 400 : 580));
            page.add(line("right " + row, 620, y, 1100));
        }
        page.add(line("footer", 100, 400, 1100));
        return page;
    }

    @Test
    void two_columns_of_text_are_read_one_after_the_other_between_the_lines_that_span_both() {
        assertEquals(List.of("title", "left 0", "left 1", "left 2", "left 3", "left 4", "left 5",
                        "right 0", "right 1", "right 2", "right 3", "right 4", "right 5", "footer"),
                texts(ColumnOrder.order(twoColumnPage())));
    }

    @Test
    void a_table_whose_cells_do_not_fill_their_columns_keeps_its_rows() {
        List<Line> table = new ArrayList<>();
        for (int row = 0; row < 6; row++) {
            double y = 100 + 30 * row;
            table.add(line("item " + row, 100, y, 260));
            table.add(line("2", 640, y, 660));
            table.add(line("20 EUR", 1000, y, 1100));
        }
        assertEquals(texts(table), texts(ColumnOrder.order(table)));
    }

    @Test
    void a_single_column_page_is_left_as_it_is() {
        List<Line> prose = new ArrayList<>();
        for (int row = 0; row < 10; row++) {
            prose.add(line("line " + row, 100, 100 + 30 * row, row % 3 == 2 ? 700 : 1100));
        }
        assertEquals(texts(prose), texts(ColumnOrder.order(prose)));
    }
}
