package org.freerpacapture.inference.ppocr.layout;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * Which columns of a line crop hold ink, and how tall the text is: what "visibly apart" means when a space is
 * put back between two characters. The crop is binarised with Otsu's threshold; the polarity is chosen so that ink
 * is the minority, which also handles light text on dark screens.
 */
public final class InkProfile {
    private final boolean[] ink;
    private final boolean[] tallInk;
    private final int textTop;
    private final int textHeight;
    private final int height;

    /** How far above the band capitals and ascenders reach, in band heights. */
    private static final float ASCENDER_REACH = 0.6f;

    private InkProfile(boolean[] ink, boolean[] tallInk, int textTop, int textHeight, int height) {
        this.ink = ink;
        this.tallInk = tallInk;
        this.textTop = textTop;
        this.textHeight = textHeight;
        this.height = height;
    }

    /** Small crops are first enlarged to this height, so gaps of a pixel or two are not lost to rounding. */
    private static final int MIN_HEIGHT = 48;

    public static InkProfile of(Mat bgrCrop) {
        Mat gray = new Mat();
        Imgproc.cvtColor(bgrCrop, gray, Imgproc.COLOR_BGR2GRAY);
        if (gray.rows() < MIN_HEIGHT) {
            double scale = (double) MIN_HEIGHT / gray.rows();
            Imgproc.resize(gray, gray, new org.opencv.core.Size(Math.max(1, Math.round(gray.cols() * scale)), MIN_HEIGHT),
                    0, 0, Imgproc.INTER_LINEAR);
        }
        Mat bin = new Mat();
        Imgproc.threshold(gray, bin, 0, 1, Imgproc.THRESH_BINARY_INV | Imgproc.THRESH_OTSU);
        int w = bin.cols();
        int h = bin.rows();
        if (Core.countNonZero(bin) * 2 > w * h) {
            Core.subtract(Mat.ones(bin.size(), bin.type()), bin, bin);
        }
        Mat rows = new Mat();
        Core.reduce(bin, rows, 1, Core.REDUCE_SUM, CvType.CV_32S);
        int[] rowSums = new int[h];
        rows.get(0, 0, rowSums);
        rows.release();

        // Text height: the band of rows carrying a real share of the ink (ignores specks and ruled lines' tails).
        int maxRow = 0;
        for (int s : rowSums) maxRow = Math.max(maxRow, s);
        int first = -1;
        int last = -1;
        for (int y = 0; y < h; y++) {
            if (rowSums[y] * 5 >= maxRow && maxRow > 0) {
                if (first < 0) first = y;
                last = y;
            }
        }
        int textTop = first < 0 ? 0 : first;
        int textHeight = first < 0 ? h : last - first + 1;

        // Columns are read inside the band only, so an underline or a ruled border does not fill every gap; and
        // once more with the capitals' and ascenders' rows above it, where a T's or an F's arm covers the gap.
        boolean[] ink = inkColumns(bin, textTop, textTop + textHeight);
        boolean[] tallInk = inkColumns(bin, Math.max(0, textTop - Math.round(ASCENDER_REACH * textHeight)),
                textTop + textHeight);
        gray.release();
        bin.release();
        return new InkProfile(ink, tallInk, textTop, textHeight, h);
    }

    private static boolean[] inkColumns(Mat bin, int fromRow, int toRow) {
        int w = bin.cols();
        Mat band = bin.rowRange(fromRow, toRow);
        Mat cols = new Mat();
        Core.reduce(band, cols, 0, Core.REDUCE_SUM, CvType.CV_32S);
        int[] colSums = new int[w];
        cols.get(0, 0, colSums);
        band.release();
        cols.release();
        boolean[] ink = new boolean[w];
        for (int x = 0; x < w; x++) {
            ink[x] = colSums[x] > 0;
        }
        return ink;
    }

    /** A profile from known columns, for tests and synthetic lines. */
    static InkProfile ofColumns(boolean[] ink, int textHeight) {
        return new InkProfile(ink.clone(), ink.clone(), 0, textHeight, textHeight);
    }

    /** Top of the text band as a fraction of the crop height, with {@code pad} text heights of margin. */
    float bandTop(float pad) {
        return Math.max(0f, (textTop - pad * textHeight) / height);
    }

    /** Bottom of the text band as a fraction of the crop height, with {@code pad} text heights of margin. */
    float bandBottom(float pad) {
        return Math.min(1f, (textTop + textHeight + pad * textHeight) / height);
    }

    int width() {
        return ink.length;
    }

    int textHeight() {
        return textHeight;
    }

    /** The longest run of ink-free columns of the text band in [from, to). */
    int widestGap(int from, int to) {
        return widestGap(ink, from, to);
    }

    /**
     * The longest run of columns in [from, to) free of ink in the band and above it: the blank after a capital
     * whose arm reaches over the next letter ({@code There}, {@code Family}) is narrow here, where the band alone
     * sees only the capital's stem.
     */
    int widestGapWithAscenders(int from, int to) {
        return widestGap(tallInk, from, to);
    }

    private static int widestGap(boolean[] columns, int from, int to) {
        int best = 0;
        int run = 0;
        for (int x = Math.max(0, from); x < Math.min(columns.length, to); x++) {
            run = columns[x] ? 0 : run + 1;
            best = Math.max(best, run);
        }
        return best;
    }
}
