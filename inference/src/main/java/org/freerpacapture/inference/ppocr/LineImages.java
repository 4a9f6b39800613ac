package org.freerpacapture.inference.ppocr;

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
 * resized to height H keeping its aspect ratio (width capped at W), scaled to [-1, 1], zero-padded on the right.
 */
final class LineImages {
    private LineImages() {
    }

    /** Width in input pixels that crop {@code crop} covers at height {@code h}, capped at {@code maxW}. */
    static int resizedWidth(Mat crop, int h, int maxW) {
        double ratio = (double) crop.cols() / Math.max(1, crop.rows());
        return Math.max(1, Math.min(maxW, (int) Math.ceil(h * ratio)));
    }

    /**
     * Writes the crops into {@code buffer} (zeroed first) and returns each crop's resized width.
     */
    static int[] pack(List<Mat> crops, ByteBuffer buffer, int h, int w) {
        int n = crops.size();
        int plane = h * w;
        // Zero is mid-grey after normalisation: the reference pads with it.
        for (int i = 0; i < n * 3 * plane * Float.BYTES; i += 8) {
            buffer.putLong(i, 0L);
        }
        int[] widths = new int[n];
        for (int i = 0; i < n; i++) {
            Mat crop = crops.get(i);
            int rw = resizedWidth(crop, h, w);
            widths[i] = rw;
            Mat resized = new Mat();
            // Bicubic to enlarge, area averaging to shrink: receipt print is mostly 15 to 30 px high, and bilinear
            // enlargement to 48 px blurs thin strokes (SROIE dev: word F1 0.915 → 0.923, docs/decisions.md).
            int interpolation = crop.rows() < h ? Imgproc.INTER_CUBIC : Imgproc.INTER_AREA;
            Imgproc.resize(crop, resized, new Size(rw, h), 0, 0, interpolation);
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
}
