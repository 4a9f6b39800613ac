package org.freerpacapture.inference.ppocr;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TextRecognizerPlanTest {

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
        // 4 × 400 = 1,600 px fits 1,920; a fifth crop 800 wide would pad all five to 4,000.
        assertEquals(List.of(List.of(0, 1, 2, 3), List.of(4), List.of(5)), plan(160, 160, 160, 400, 800, 3200));
        assertEquals(List.of(List.of(0, 1), List.of(2)), plan(960, 960, 968));
    }

    @Test
    void no_crops_no_batches() {
        assertEquals(List.of(), plan());
    }
}
