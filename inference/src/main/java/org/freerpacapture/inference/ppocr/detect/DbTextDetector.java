package org.freerpacapture.inference.ppocr.detect;

import org.freerpacapture.inference.ppocr.runtime.OnnxModel;
import org.freerpacapture.inference.ppocr.runtime.TensorBuffers;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.RotatedRect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * DB (differentiable binarisation) text detection: resize, normalise, run, then turn the probability map into
 * boxes (threshold, contours, minimum-area rectangles, box score, unclip, map back to the page).
 *
 * <p>Follows PaddleOCR's {@code DBPostProcess}. Unclipping offsets the box by area × ratio / perimeter with round
 * joins and takes the minimum-area rectangle again; for a rectangle that is exactly the rectangle grown by the
 * offset on every side, so no polygon-clipping library is needed.
 */
public final class DbTextDetector {
    // ImageNet statistics, applied in array order to a BGR image as the reference does.
    private static final double[] MEAN = {0.485, 0.456, 0.406};
    private static final double[] STD = {0.229, 0.224, 0.225};
    private static final int MAX_CANDIDATES = 1000;

    /** Detection knobs; see docs/decisions.md for the measured choices. */
    public record Settings(int limitSideLen, boolean limitMin, int maxSideLen, float thresh, float boxThresh,
                    float unclipRatio, boolean dilate, boolean scoreByContour) {
    }

    /** What detection found and how it got there. */
    public record Detection(List<Quad> boxes, int inputWidth, int inputHeight) {
    }

    private final OnnxModel model;
    private final Settings settings;
    /**
     * Pages are detected one at a time. Side by side, two large pages each had their activations in ONNX Runtime's
     * arena, which keeps its peak for ever, and each inference thread kept its own input and output buffers at the
     * largest page it had seen; in turn, the arena holds one run's worth and there is one pair of buffers. A run
     * already uses every core: the c=8 peak RSS is about 100 MiB lower for 2–4% fewer pages/s at c=4 and c=8
     * (docs/benchmarks/history/BENCHMARKS-2026-11.md, "Gateway memory"). Only the resize happens before the turn.
     */
    private final Lock turn = new ReentrantLock();
    private final TensorBuffers.Slot input = new TensorBuffers.Slot();
    private final TensorBuffers.Slot output = new TensorBuffers.Slot();

    public DbTextDetector(OnnxModel model, Settings settings) {
        this.model = model;
        this.settings = settings;
    }

    public Detection detect(Mat bgr) {
        return detect(bgr, settings);
    }

    /**
     * Detects at the settings' resolution, then, for a page scaled down to be detected whose lines are mostly long
     * and small in the scaled image (set prose: letters, reports), once more at up to {@code fineSideLen}: boxes
     * found in a coarse map are too loose or too tight for a long line of small print, and its crop loses letters.
     * Receipts' lines are short and keep the coarse boxes. {@code fineSideLen} 0 never detects again.
     */
    public Detection detect(Mat bgr, int fineSideLen) {
        Detection coarse = detect(bgr, settings);
        double scale = (double) coarse.inputWidth() / bgr.cols();
        if (fineSideLen <= settings.limitSideLen() || scale >= FINE_BELOW_SCALE
                || !smallLongLines(coarse.boxes(), scale)) {
            return coarse;
        }
        Settings fine = new Settings(fineSideLen, false, settings.maxSideLen(), settings.thresh(), settings.boxThresh(),
                settings.unclipRatio(), settings.dilate(), settings.scoreByContour());
        return detect(bgr, fine);
    }

    /** Pages scaled by less than this for detection may be detected again finer. */
    static final double FINE_BELOW_SCALE = 0.9;
    /** A line this many times as long as it is high is long. */
    static final double LONG_LINE = 15;
    /** Share of the lines that must be long. */
    static final double LONG_SHARE = 0.2;
    /** Median box height in the detection input, in pixels, under which the print counts as small. */
    static final double SMALL_PRINT_PX = 24;

    /** Whether {@code boxes}, found at {@code scale}, are mostly long lines of small print in the scaled image. */
    static boolean smallLongLines(List<Quad> boxes, double scale) {
        if (boxes.size() < 5) {
            return false;
        }
        double[] heights = new double[boxes.size()];
        int longLines = 0;
        for (int i = 0; i < boxes.size(); i++) {
            Quad q = boxes.get(i);
            heights[i] = q.sideHeight();
            if (q.topWidth() >= LONG_LINE * q.sideHeight()) {
                longLines++;
            }
        }
        Arrays.sort(heights);
        double mapHeight = heights[heights.length / 2] * scale;
        return longLines >= LONG_SHARE * boxes.size() && mapHeight < SMALL_PRINT_PX;
    }

    private Detection detect(Mat bgr, Settings settings) {
        int srcH = bgr.rows();
        int srcW = bgr.cols();
        int[] size = inputSize(srcW, srcH, settings);
        int w = size[0];
        int h = size[1];

        Mat resized = new Mat();
        Imgproc.resize(bgr, resized, new Size(w, h));
        List<Mat> channels = new ArrayList<>(3);
        Core.split(resized, channels);
        resized.release();
        turn.lock();
        try {
            long[] inShape = {1, 3, h, w};
            ByteBuffer in = input.floats(inShape);
            for (int c = 0; c < 3; c++) {
                Mat plane = TensorBuffers.floatPlane(in, c * h * w, h, w);
                channels.get(c).convertTo(plane, CvType.CV_32F, 1.0 / (255.0 * STD[c]), -MEAN[c] / STD[c]);
                plane.release();
            }
            // The probability map is as large as the input; it is read in place, as a matrix over the output buffer.
            long[] outShape = {1, 1, h, w};
            ByteBuffer out = output.floats(outShape);
            List<Quad> boxes = model.runInto(in.asFloatBuffer(), inShape, out, outShape,
                    (written, shape) -> {
                        Mat prob = TensorBuffers.floatPlane(out, 0, h, w);
                        try {
                            return boxesFromMap(prob, srcW, srcH);
                        } finally {
                            prob.release();
                        }
                    });
            return new Detection(boxes, w, h);
        } finally {
            turn.unlock();
            channels.forEach(Mat::release);
        }
    }

    /** The reference resize rule: scale by the limit, then round each side to a multiple of 32. */
    public static int[] inputSize(int srcW, int srcH, Settings s) {
        double ratio = 1.0;
        int longer = Math.max(srcW, srcH);
        int shorter = Math.min(srcW, srcH);
        if (s.limitMin()) {
            if (shorter < s.limitSideLen()) {
                ratio = (double) s.limitSideLen() / shorter;
            }
        } else if (longer > s.limitSideLen()) {
            ratio = (double) s.limitSideLen() / longer;
        }
        if (longer * ratio > s.maxSideLen()) {
            ratio = (double) s.maxSideLen() / longer;
        }
        int h = (int) (srcH * ratio);
        int w = (int) (srcW * ratio);
        h = Math.max((int) Math.round(h / 32.0) * 32, 32);
        w = Math.max((int) Math.round(w / 32.0) * 32, 32);
        return new int[]{w, h};
    }

    private List<Quad> boxesFromMap(Mat prob, int srcW, int srcH) {
        int mapH = prob.rows();
        int mapW = prob.cols();
        Mat bitmap = new Mat();
        Imgproc.threshold(prob, bitmap, settings.thresh(), 255, Imgproc.THRESH_BINARY);
        bitmap.convertTo(bitmap, CvType.CV_8UC1);
        if (settings.dilate()) {
            Imgproc.dilate(bitmap, bitmap, Mat.ones(2, 2, CvType.CV_8UC1));
        }
        List<MatOfPoint> contours = new ArrayList<>();
        Mat hierarchy = new Mat();
        Imgproc.findContours(bitmap, contours, hierarchy, Imgproc.RETR_LIST, Imgproc.CHAIN_APPROX_SIMPLE);
        hierarchy.release();
        bitmap.release();

        List<Quad> boxes = new ArrayList<>();
        int n = Math.min(contours.size(), MAX_CANDIDATES);
        for (int i = 0; i < n; i++) {
            MatOfPoint contour = contours.get(i);
            MatOfPoint2f contour2f = new MatOfPoint2f(contour.toArray());
            RotatedRect rect = Imgproc.minAreaRect(contour2f);
            contour2f.release();
            if (Math.min(rect.size.width, rect.size.height) < 3) {
                continue;
            }
            Point[] pts = orderedCorners(rect);
            float score = boxScore(prob, settings.scoreByContour() ? contour.toArray() : pts);
            if (score < settings.boxThresh()) {
                continue;
            }
            RotatedRect grown = unclip(rect, settings.unclipRatio());
            if (Math.min(grown.size.width, grown.size.height) < 3 + 2) {
                continue;
            }
            Point[] g = orderedCorners(grown);
            float[] xy = new float[8];
            for (int k = 0; k < 4; k++) {
                xy[2 * k] = clamp((float) Math.round(g[k].x / mapW * srcW), 0, srcW - 1);
                xy[2 * k + 1] = clamp((float) Math.round(g[k].y / mapH * srcH), 0, srcH - 1);
            }
            Quad q = new Quad(xy, score);
            if (q.topWidth() <= 3 || q.sideHeight() <= 3) {
                continue;
            }
            boxes.add(q);
        }
        contours.forEach(Mat::release);
        return boxes;
    }

    /** Grows a rectangle by the DB unclip distance (area × ratio / perimeter) on every side. */
    static RotatedRect unclip(RotatedRect rect, float ratio) {
        double w = rect.size.width;
        double h = rect.size.height;
        double distance = w * h * ratio / (2 * (w + h));
        return new RotatedRect(rect.center, new Size(w + 2 * distance, h + 2 * distance), rect.angle);
    }

    /** Corners as top-left, top-right, bottom-right, bottom-left (the reference's {@code get_mini_boxes}). */
    static Point[] orderedCorners(RotatedRect rect) {
        Point[] p = new Point[4];
        rect.points(p);
        Arrays.sort(p, (a, b) -> Double.compare(a.x, b.x));
        Point tl;
        Point bl;
        Point tr;
        Point br;
        if (p[1].y > p[0].y) {
            tl = p[0];
            bl = p[1];
        } else {
            tl = p[1];
            bl = p[0];
        }
        if (p[3].y > p[2].y) {
            tr = p[2];
            br = p[3];
        } else {
            tr = p[3];
            br = p[2];
        }
        return new Point[]{tl, tr, br, bl};
    }

    /**
     * Mean probability inside a polygon: the box's four corners ({@code box_score_fast}) or the contour itself
     * ({@code slow}), which scores curved and slanted receipt lines fairly instead of diluting them with the
     * background their rectangle also covers.
     */
    private static float boxScore(Mat prob, Point[] pts) {
        int h = prob.rows();
        int w = prob.cols();
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (Point p : pts) {
            minX = Math.min(minX, p.x);
            maxX = Math.max(maxX, p.x);
            minY = Math.min(minY, p.y);
            maxY = Math.max(maxY, p.y);
        }
        int xmin = clampInt((int) Math.floor(minX), 0, w - 1);
        int xmax = clampInt((int) Math.ceil(maxX), 0, w - 1);
        int ymin = clampInt((int) Math.floor(minY), 0, h - 1);
        int ymax = clampInt((int) Math.ceil(maxY), 0, h - 1);
        Mat mask = Mat.zeros(ymax - ymin + 1, xmax - xmin + 1, CvType.CV_8UC1);
        Point[] shifted = new Point[pts.length];
        for (int k = 0; k < pts.length; k++) {
            shifted[k] = new Point((int) (pts[k].x - xmin), (int) (pts[k].y - ymin));
        }
        MatOfPoint poly = new MatOfPoint(shifted);
        Imgproc.fillPoly(mask, List.of(poly), new Scalar(1));
        Mat roi = prob.submat(ymin, ymax + 1, xmin, xmax + 1);
        Scalar mean = Core.mean(roi, mask);
        poly.release();
        mask.release();
        roi.release();
        return (float) mean.val[0];
    }

    private static float clamp(float v, float lo, float hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static int clampInt(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
