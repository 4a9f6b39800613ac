package org.freerpacapture.inference.ppocr.layout;

import org.freerpacapture.inference.ppocr.detect.Quad;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

public class ReadingOrderTest {
    private static Quad box(String label, float x, float y) {
        return new Quad(new float[]{x, y, x + 50, y, x + 50, y + 20, x, y + 20}, label.hashCode());
    }

    @Test
    void rows_read_top_to_bottom_and_boxes_in_a_row_left_to_right_even_when_slightly_higher() {
        Quad total = box("TOTAL", 10, 100);
        Quad amount = box("9.00", 300, 96); // 4 px higher than TOTAL, same visual row
        Quad header = box("HEADER", 100, 10);
        Quad footer = box("FOOTER", 20, 200);
        List<Quad> sorted = ReadingOrder.sort(List.of(footer, amount, total, header), 10f);
        assertEquals(List.of(header, total, amount, footer), sorted);
    }

    @Test
    void boxes_further_apart_than_the_tolerance_keep_vertical_order() {
        Quad upperRight = box("A", 300, 100);
        Quad lowerLeft = box("B", 10, 115);
        assertEquals(List.of(upperRight, lowerLeft), ReadingOrder.sort(List.of(lowerLeft, upperRight), 10f));
    }
}
