package org.freerpacapture.inference.ppocr;

import org.freerpacapture.inference.ppocr.detect.DbTextDetector;
import org.freerpacapture.inference.ppocr.repair.ReceiptRepair;
import org.freerpacapture.inference.ppocr.repair.TextRepair;

/**
 * Tunables of the local pipeline, made with {@link #builder()}. The defaults are the values measured best on the
 * SROIE dev receipts (docs/decisions.md, "The local engine").
 *
 * @param detLimitSideLen    detection resize target for the chosen side
 * @param detLimitMin        true: scale up so the shorter side reaches the limit; false: scale down the longer side
 * @param detMaxSideLen      hard cap of the detection input's longer side
 * @param detFineSideLen     longer side of a second, finer detection of a scaled-down page of long lines of small
 *                           print (0: never)
 * @param detThresh          probability-map binarisation threshold
 * @param detBoxThresh       minimum mean probability inside a box
 * @param detScoreByContour  score a box by the probability inside its contour rather than its rectangle
 * @param unclipRatio        how far boxes are grown after detection
 * @param rowTolerancePx     boxes whose tops are this close are on one row of the reading order
 * @param useAngleClassifier turn each line the 0/180° classifier reads as upside down (the page's turn is judged
 *                           whatever this says)
 * @param clsBatchSize       crops per classifier batch
 * @param clsThreshold       the classifier's least score for turning a line
 * @param recBatchSize       crops per recognition batch
 * @param recMaxWidth        widest recognizer input, in pixels at the model's 48 px height
 * @param dropScore          lines recognized with a lower score are dropped
 * @param spaceGapRatio      a blank narrower than this fraction of the text height is never a space
 * @param spaceOutlier       a blank this many times the line's median letter gap is a space
 * @param wideSpaceRatio     a blank this many text heights wide is a space whatever the letter spacing; lines of a
 *                           row closer than this are one line
 * @param lineBreakRatio     a blank this many text heights wide inside a box splits it into two lines
 * @param textRepair         how documents' words are repaired (screenshots' never are)
 * @param intraOpThreads     ONNX Runtime threads of the detector (recognition sessions run one thread each and
 *                           spread a page's batches over idle inference threads instead)
 */
public record PpOcrOptions(int detLimitSideLen, boolean detLimitMin, int detMaxSideLen, int detFineSideLen,
                           float detThresh,
                           float detBoxThresh, boolean detScoreByContour, float unclipRatio, float rowTolerancePx,
                           boolean useAngleClassifier, int clsBatchSize, float clsThreshold,
                           int recBatchSize, int recMaxWidth, float dropScore,
                           float spaceGapRatio, float spaceOutlier, float wideSpaceRatio, float lineBreakRatio,
                           TextRepair textRepair, int intraOpThreads) {

    public static PpOcrOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        return new Builder().detLimitSideLen(detLimitSideLen).detLimitMin(detLimitMin).detMaxSideLen(detMaxSideLen)
                .detFineSideLen(detFineSideLen).detThresh(detThresh).detBoxThresh(detBoxThresh)
                .detScoreByContour(detScoreByContour)
                .unclipRatio(unclipRatio).rowTolerancePx(rowTolerancePx).useAngleClassifier(useAngleClassifier)
                .clsBatchSize(clsBatchSize).clsThreshold(clsThreshold).recBatchSize(recBatchSize)
                .recMaxWidth(recMaxWidth).dropScore(dropScore).spaceGapRatio(spaceGapRatio)
                .spaceOutlier(spaceOutlier).wideSpaceRatio(wideSpaceRatio).lineBreakRatio(lineBreakRatio)
                .textRepair(textRepair).intraOpThreads(intraOpThreads);
    }

    public PpOcrOptions withIntraOpThreads(int threads) {
        return toBuilder().intraOpThreads(threads).build();
    }

    DbTextDetector.Settings detectorSettings() {
        return new DbTextDetector.Settings(detLimitSideLen, detLimitMin, detMaxSideLen, detThresh, detBoxThresh,
                unclipRatio, false, detScoreByContour);
    }

    /** Named defaults; set only what differs. */
    public static final class Builder {
        private int detLimitSideLen = 1280;
        private boolean detLimitMin = false;
        private int detMaxSideLen = 4000;
        private int detFineSideLen = 2048;
        private float detThresh = 0.3f;
        private float detBoxThresh = 0.6f;
        private boolean detScoreByContour = true;
        private float unclipRatio = 1.5f;
        private float rowTolerancePx = 10f;
        private boolean useAngleClassifier = false;
        private int clsBatchSize = 6;
        private float clsThreshold = 0.9f;
        private int recBatchSize = 6;
        private int recMaxWidth = 3200;
        private float dropScore = 0.6f;
        private float spaceGapRatio = 0.3f;
        private float spaceOutlier = 2.5f;
        private float wideSpaceRatio = 0.8f;
        private float lineBreakRatio = 2.0f;
        private TextRepair textRepair = ReceiptRepair.bundled();
        private int intraOpThreads = Runtime.getRuntime().availableProcessors();

        private Builder() {
        }

        public Builder detLimitSideLen(int v) { detLimitSideLen = v; return this; }
        public Builder detLimitMin(boolean v) { detLimitMin = v; return this; }
        public Builder detMaxSideLen(int v) { detMaxSideLen = v; return this; }
        public Builder detFineSideLen(int v) { detFineSideLen = v; return this; }
        public Builder detThresh(float v) { detThresh = v; return this; }
        public Builder detBoxThresh(float v) { detBoxThresh = v; return this; }
        public Builder detScoreByContour(boolean v) { detScoreByContour = v; return this; }
        public Builder unclipRatio(float v) { unclipRatio = v; return this; }
        public Builder rowTolerancePx(float v) { rowTolerancePx = v; return this; }
        public Builder useAngleClassifier(boolean v) { useAngleClassifier = v; return this; }
        public Builder clsBatchSize(int v) { clsBatchSize = v; return this; }
        public Builder clsThreshold(float v) { clsThreshold = v; return this; }
        public Builder recBatchSize(int v) { recBatchSize = v; return this; }
        public Builder recMaxWidth(int v) { recMaxWidth = v; return this; }
        public Builder dropScore(float v) { dropScore = v; return this; }
        public Builder spaceGapRatio(float v) { spaceGapRatio = v; return this; }
        public Builder spaceOutlier(float v) { spaceOutlier = v; return this; }
        public Builder wideSpaceRatio(float v) { wideSpaceRatio = v; return this; }
        public Builder lineBreakRatio(float v) { lineBreakRatio = v; return this; }
        public Builder textRepair(TextRepair v) { textRepair = v; return this; }
        public Builder intraOpThreads(int v) { intraOpThreads = v; return this; }

        public PpOcrOptions build() {
            return new PpOcrOptions(detLimitSideLen, detLimitMin, detMaxSideLen, detFineSideLen, detThresh,
                    detBoxThresh, detScoreByContour, unclipRatio, rowTolerancePx, useAngleClassifier, clsBatchSize,
                    clsThreshold, recBatchSize, recMaxWidth, dropScore, spaceGapRatio, spaceOutlier, wideSpaceRatio,
                    lineBreakRatio, textRepair, intraOpThreads);
        }
    }
}
