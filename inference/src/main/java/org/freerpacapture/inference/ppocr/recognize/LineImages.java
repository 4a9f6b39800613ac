package org.freerpacapture.inference.ppocr.recognize;

import org.freerpacapture.inference.ppocr.runtime.TensorBuffers;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs line crops into a {@code [N,3,H,W]} tensor the way the classifier and the recognizer expect: each crop
 * resized keeping its aspect ratio to a share of height H (width capped at W), scaled to [-1, 1], zero-padded on the
 * right. When the crop takes less than the whole height, the rows above and below it take the mean colour of the
 * crop's own top and bottom rows, so the margin looks like the paper around the line.
 */
public final class LineImages {
    private LineImages() {
    }

    /** Rows of an input {@code h} high that a crop fills when it takes {@code textShare} of the height. */
    static int textHeight(int h, double textShare) {
        return Math.max(1, Math.min(h, (int) Math.round(h * textShare)));
    }

    /**
     * Width in input pixels that crop {@code crop} covers when it fills {@code textShare} of height {@code h},
     * capped at {@code maxW}.
     */
    static int resizedWidth(Mat crop, int h, double textShare, int maxW) {
        double ratio = (double) crop.cols() / Math.max(1, crop.rows());
        return Math.max(1, Math.min(maxW, (int) Math.ceil(textHeight(h, textShare) * ratio)));
    }

    /**
     * Writes the crops into {@code buffer} (zeroed first), each filling {@code textShare} of the height, centred,
     * and returns each crop's resized width.
     */
    public static int[] pack(List<Mat> crops, ByteBuffer buffer, int h, int w, double textShare) {
        int n = crops.size();
        int plane = h * w;
        // Zero is mid-grey after normalisation: the reference pads with it.
        for (int i = 0; i < n * 3 * plane * Float.BYTES; i += 8) {
            buffer.putLong(i, 0L);
        }
        int th = textHeight(h, textShare);
        int[] widths = new int[n];
        for (int i = 0; i < n; i++) {
            Mat crop = crops.get(i);
            int rw = resizedWidth(crop, h, textShare, w);
            widths[i] = rw;
            Mat resized = new Mat();
            // Bicubic to enlarge, area averaging to shrink: receipt print is mostly 15 to 30 px high, and bilinear
            // enlargement to 48 px blurs thin strokes (SROIE dev: word F1 0.915 → 0.923, docs/decisions.md).
            int interpolation = crop.rows() < th ? Imgproc.INTER_CUBIC : Imgproc.INTER_AREA;
            Imgproc.resize(crop, resized, new Size(rw, th), 0, 0, interpolation);
            if (th < h) {
                Mat framed = withMargins(resized, (h - th) / 2, h - th - (h - th) / 2);
                resized.release();
                resized = framed;
            }
            List<Mat> channels = new ArrayList<>(3);
            Core.split(resized, channels);
            for (int c = 0; c < 3; c++) {
                Mat full = TensorBuffers.floatPlane(buffer, (i * 3 + c) * plane, h, w);
                Mat target = full.colRange(0, rw);
                channels.get(c).convertTo(target, CvType.CV_32F, 2.0 / 255.0, -1.0);
                target.release();
                full.release();
                channels.get(c).release();
            }
            resized.release();
        }
        return widths;
    }

    /** {@code line} with {@code top} rows of its top row's mean colour above it and {@code bottom} of its bottom's below. */
    private static Mat withMargins(Mat line, int top, int bottom) {
        Mat first = line.row(0);
        Mat last = line.row(line.rows() - 1);
        Mat above = new Mat();
        Mat framed = new Mat();
        Core.copyMakeBorder(line, above, top, 0, 0, 0, Core.BORDER_CONSTANT, Core.mean(first));
        Core.copyMakeBorder(above, framed, 0, bottom, 0, 0, Core.BORDER_CONSTANT, Core.mean(last));
        first.release();
        last.release();
        above.release();
        return framed;
    }
}
