package org.freerpacapture.inference.ppocr.recognize;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

public class TextRecognizerPlanTest {

    private static List<List<Integer>> plan(int... paddedWidths) {
        List<Integer> order = IntStream.range(0, paddedWidths.length).boxed().toList();
        return TextRecognizer.plan(order, i -> paddedWidths[i], 6);
    }

    @Test
    void short_crops_fill_batches_of_six() {
        assertEquals(List.of(List.of(0, 1, 2, 3, 4, 5), List.of(6)), plan(160, 160, 160, 160, 160, 160, 160));
    }

    @Test
    void wide_crops_share_a_batch_only_within_the_width_budget() {
        // 3 × 320 px fill the 960 px budget: a fourth starts a new batch, and a crop 640 px wide cannot share one.
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6), List.of(7)),
                plan(160, 160, 320, 320, 320, 320, 640, 3200));
        assertEquals(List.of(List.of(0, 1), List.of(2)), plan(480, 480, 488));
    }

    @Test
    void no_crops_no_batches() {
        assertEquals(List.of(), plan());
    }
}
