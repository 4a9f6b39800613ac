package org.freerpacapture.inference.ppocr;

/**
 * Tunables of the local pipeline. The defaults are the values measured best on receipts (docs/decisions.md).
 *
 * @param detLimitSideLen   detection resize target for the chosen side
 * @param detLimitMin       true: scale up so the shorter side reaches the limit; false: scale down the longer side
 * @param detMaxSideLen     hard cap of the detection input's longer side
 * @param detThresh         probability-map binarisation threshold
 * @param detBoxThresh      minimum mean probability inside a box
 * @param unclipRatio       how far boxes are grown after detection
 * @param useAngleClassifier run the 0/180° classifier on each crop
 * @param recBatchSize      crops per recognition batch
 * @param dropScore         lines recognized with a lower score are dropped
 * @param spaceGapFactor    a gap wider than this many character pitches is a space
 * @param spaceMinGapHeights ...and wider than this fraction of the line height
 * @param intraOpThreads    ONNX Runtime threads per inference
 */
public record PpOcrOptions(int detLimitSideLen, boolean detLimitMin, int detMaxSideLen, float detThresh,
                           float detBoxThresh, float unclipRatio, boolean useAngleClassifier, int recBatchSize,
                           float dropScore, float spaceGapFactor, float spaceMinGapHeights, int intraOpThreads) {

    public static PpOcrOptions defaults() {
        return new PpOcrOptions(960, false, 4000, 0.3f, 0.6f, 1.5f, false, 6, 0.5f, 1.7f, 0.5f,
                Runtime.getRuntime().availableProcessors());
    }

    public PpOcrOptions withIntraOpThreads(int threads) {
        return new PpOcrOptions(detLimitSideLen, detLimitMin, detMaxSideLen, detThresh, detBoxThresh, unclipRatio,
                useAngleClassifier, recBatchSize, dropScore, spaceGapFactor, spaceMinGapHeights, threads);
    }

    DbTextDetector.Settings detectorSettings() {
        return new DbTextDetector.Settings(detLimitSideLen, detLimitMin, detMaxSideLen, detThresh, detBoxThresh,
                unclipRatio, false, Boolean.parseBoolean(System.getProperty("ppocr.det.slowScore", "false")));
    }
}
