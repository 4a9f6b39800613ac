package org.freerpacapture.inference.ppocr;

import org.freerpacapture.inference.ppocr.orient.PageTurn;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /**
     * A receipt sent turned is turned back without loss, so once its turn is judged right it reads exactly as it
     * does upright: the same text line for line.
     */
    @Test
    void receipts_sent_upside_down_or_sideways_read_exactly_as_upright() throws Exception {
        int receipts = 20;
        SroieEval.Run upright = SroieEval.run(PpOcrProviderTest.SROIE, PpOcrModel.V4, PpOcrOptions.defaults(), receipts);
        for (PageTurn turn : List.of(PageTurn.QUARTER, PageTurn.UPSIDE_DOWN, PageTurn.THREE_QUARTERS)) {
            SroieEval.Run turned = SroieEval.run(PpOcrProviderTest.SROIE, PpOcrModel.V4, PpOcrOptions.defaults(),
                    receipts, turn);
            System.out.println("SROIE dev, first " + receipts + " sent " + turn + ": " + turned.score());
            for (String receipt : upright.predictions().keySet()) {
                assertEquals(texts(upright, receipt), texts(turned, receipt), turn + ", receipt " + receipt);
            }
        }
    }

    private static List<Object> texts(SroieEval.Run run, String receipt) {
        return run.predictions().get(receipt).stream().map(line -> line.get("text")).toList();
    }
}
