package org.freerpacapture.inference.ppocr.detect;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Cuts a detected box out of the page with a perspective warp (cubic interpolation, replicated border), and turns
 * tall crops a quarter counter-clockwise so text runs left to right, as the reference does.
 */
public final class CropExtractor {
    private CropExtractor() {
    }

    /** A crop and whether it was turned to read a vertical box. */
    public record Crop(Mat image, boolean rotated) {
    }

    public static Crop crop(Mat page, Quad q) {
        int w = Math.max(1, (int) q.topWidth());
        int h = Math.max(1, (int) q.sideHeight());
        MatOfPoint2f src = new MatOfPoint2f(
                new Point(q.x(0), q.y(0)), new Point(q.x(1), q.y(1)),
                new Point(q.x(2), q.y(2)), new Point(q.x(3), q.y(3)));
        MatOfPoint2f dst = new MatOfPoint2f(
                new Point(0, 0), new Point(w, 0), new Point(w, h), new Point(0, h));
        Mat m = Imgproc.getPerspectiveTransform(src, dst);
        Mat out = new Mat();
        Imgproc.warpPerspective(page, out, m, new Size(w, h), Imgproc.INTER_CUBIC, Core.BORDER_REPLICATE);
        src.release();
        dst.release();
        m.release();
        if ((double) out.rows() / out.cols() >= 1.5) {
            Mat turned = new Mat();
            Core.rotate(out, turned, Core.ROTATE_90_COUNTERCLOCKWISE);
            out.release();
            return new Crop(turned, true);
        }
        return new Crop(out, false);
    }
}
