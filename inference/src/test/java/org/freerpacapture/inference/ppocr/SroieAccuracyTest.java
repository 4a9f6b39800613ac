package org.freerpacapture.inference.ppocr;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads all 50 SROIE dev receipts with the default options and scores them exactly as
 * {@code shared/tools/score_sroie.py} does. Fails when accuracy drops by 0.02 from the figures recorded in
 * docs/BENCHMARKS.md.
 */
@Tag("accuracy")
class SroieAccuracyTest {
    static final double WORD_F1_REACHED = 0.9317;
    static final double LINE_CER_REACHED = 0.0767;

    @Test
    void ppocr_v4_keeps_its_measured_accuracy_on_the_sroie_dev_set() throws Exception {
        SroieEval.Run run = SroieEval.run(PpOcrProviderTest.SROIE, PpOcrModel.V4, PpOcrOptions.defaults(), 50);
        System.out.println("SROIE dev, onnx:ppocr-v4: " + run.score());
        assertTrue(run.score().images() == 50);
        assertTrue(run.score().wordF1() >= WORD_F1_REACHED - 0.02, "word_f1 fell: " + run.score());
        assertTrue(run.score().lineCer() <= LINE_CER_REACHED + 0.02, "line_cer rose: " + run.score());
    }
}
