package org.freerpacapture.inference.ppocr.detect;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which pages are detected a second time, finer: those of long lines of small print, not receipts. */
class FineDetectionTest {

    private static Quad box(float x, float y, float w, float h) {
        return new Quad(new float[]{x, y, x + w, y, x + w, y + h, x, y + h}, 0.9f);
    }

    private static List<Quad> lines(int count, float w, float h) {
        List<Quad> boxes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boxes.add(box(100, 100 + i * 2 * h, w, h));
        }
        return boxes;
    }

    @Test
    void a_scaled_down_page_of_long_lines_of_small_print_is_detected_again() {
        // A photographed letter page, scaled down to be detected: long lines in small boxes.
        assertTrue(DbTextDetector.smallLongLines(lines(30, 1100, 28), 0.63));
    }

    @Test
    void short_lines_large_print_and_few_lines_keep_the_first_detection() {
        List<Quad> receipt = lines(40, 160, 28);
        receipt.addAll(lines(3, 600, 28));
        assertFalse(DbTextDetector.smallLongLines(receipt, 0.63), "a receipt's lines are short");
        assertFalse(DbTextDetector.smallLongLines(lines(30, 1100, 60), 0.63), "print large in the scaled image");
        assertFalse(DbTextDetector.smallLongLines(lines(3, 1100, 28), 0.63), "too few lines to judge");
    }
}
