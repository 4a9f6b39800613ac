package org.freerpacapture.inference.ppocr;

/**
 * Tunables of the local pipeline. The defaults are the values measured best on receipts (docs/decisions.md).
 *
 * @param detLimitSideLen   detection resize target for the chosen side
 * @param detLimitMin       true: scale up so the shorter side reaches the limit; false: scale down the longer side
 * @param detMaxSideLen     hard cap of the detection input's longer side
 * @param detThresh         probability-map binarisation threshold
 * @param detBoxThresh      minimum mean probability inside a box
 * @param detScoreByContour score a box by the probability inside its contour rather than its rectangle
 * @param unclipRatio       how far boxes are grown after detection
 * @param useAngleClassifier run the 0/180° classifier on each crop
 * @param recBatchSize      crops per recognition batch
 * @param dropScore         lines recognized with a lower score are dropped
 * @param spaceGapRatio     a blank narrower than this fraction of the text height is never a space
 * @param lineBreakRatio    a blank this many text heights wide inside a box splits it into two lines
 * @param intraOpThreads    ONNX Runtime threads of the detector (recognition sessions run one thread each and
 *                          spread a page's batches over idle inference threads instead)
 */
public record PpOcrOptions(int detLimitSideLen, boolean detLimitMin, int detMaxSideLen, float detThresh,
                           float detBoxThresh, boolean detScoreByContour, float unclipRatio, boolean useAngleClassifier, int recBatchSize,
                           float dropScore, float spaceGapRatio, float lineBreakRatio, int intraOpThreads) {

    public static PpOcrOptions defaults() {
        return new PpOcrOptions(1280, false, 4000, 0.3f, 0.6f, true, 1.5f, false, 6, 0.6f, 0.3f, 2.0f,
                Runtime.getRuntime().availableProcessors());
    }

    public PpOcrOptions withIntraOpThreads(int threads) {
        return new PpOcrOptions(detLimitSideLen, detLimitMin, detMaxSideLen, detThresh, detBoxThresh, detScoreByContour,
                unclipRatio, useAngleClassifier, recBatchSize, dropScore, spaceGapRatio, lineBreakRatio, threads);
    }

    DbTextDetector.Settings detectorSettings() {
        return new DbTextDetector.Settings(detLimitSideLen, detLimitMin, detMaxSideLen, detThresh, detBoxThresh,
                unclipRatio, false, detScoreByContour);
    }
}
