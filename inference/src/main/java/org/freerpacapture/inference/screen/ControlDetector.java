package org.freerpacapture.inference.screen;

import org.freerpacapture.inference.ppocr.runtime.OpenCv;
import org.freerpacapture.ocr.Polygon;
import org.freerpacapture.ocr.Word;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds interface controls in a screenshot from its pixels: text inputs, buttons, checkboxes (with radios and
 * toggles) and dropdowns.
 *
 * <p>Controls are closed boxes: a border, or a fill that differs from what is around it. A morphological gradient
 * marks every grey-level step, light on dark as well as dark on light, so one pass serves both themes; the outer
 * contours of the marked pixels whose area nearly fills their bounding rectangle are the boxes (rounded corners,
 * pills and circles still fill most of it). The text the OCR read tells the rest apart: a box inside a word is a
 * glyph, a box whose words lie far apart is a table row, a box with its text centred is a button, an empty small
 * square (or pill) is a checkbox, a wide box is an input, and an input with a lone mark near its right edge is a
 * dropdown. A one-character word is taken for a mark rather than text, since OCR reads a radio as O and a ticked
 * box as √. Sizes are in pixels and span 1× to 2× device scale.
 *
 * <p>Pure function of its arguments, safe to call from several threads; blocking CPU work, so call it on a worker
 * pool.
 */
public final class ControlDetector {

    /** Grey-level step that counts as an edge: low enough for the faint input borders of dark themes. */
    private static final double EDGE_STEP = 12;
    /** Step between a mark (text, chevron) and the background inside a box. */
    private static final int INK_STEP = 40;
    private static final double MIN_FILL = 0.72;
    private static final double GLYPH_TEXT_SHARE = 0.5;
    private static final double FIELD_TEXT_SHARE = 0.3;
    private static final double SAME_BOX_IOU = 0.7;
    private static final int MIN_SIDE = 9;
    private static final int MAX_TICK_SIDE = 40;
    private static final int MIN_FIELD_HEIGHT = 16;
    private static final int MAX_FIELD_HEIGHT = 80;
    private static final int MAX_AREA_HEIGHT = 200;
    private static final double MAX_WIDTH_SHARE = 0.9;
    /**
     * Most boxes kept, largest first: merging near-identical boxes is quadratic, and a noisy or hostile image can
     * outline hundreds of thousands; a dense screen outlines a few thousand, letters included.
     */
    static final int MAX_BOXES = 20_000;

    public List<Control> detect(BufferedImage image, List<Word> text) {
        OpenCv.load();
        Mat bgr = OpenCv.toMat(image);
        try {
            return detect(bgr, text);
        } finally {
            bgr.release();
        }
    }

    /**
     * @param bgr  the screenshot, 8-bit BGR
     * @param text the words read on it, in the same pixels
     * @return the controls in reading order (top to bottom, then left to right)
     */
    public List<Control> detect(Mat bgr, List<Word> text) {
        Mat gray = new Mat();
        Imgproc.cvtColor(bgr, gray, Imgproc.COLOR_BGR2GRAY);
        try {
            List<Box> words = text.stream().map(Box::around).toList();
            List<Box> boxes = closedBoxes(gray).stream().filter(b -> textShare(b, words) < GLYPH_TEXT_SHARE).toList();
            return classify(gray, boxes, words);
        } finally {
            gray.release();
        }
    }

    /** Closed boxes, largest first, one per outline (the inner edge of a border is dropped for the outer one). */
    private static List<Box> closedBoxes(Mat gray) {
        Mat edges = new Mat();
        Mat kernel = Imgproc.getStructuringElement(Imgproc.MORPH_RECT, new Size(3, 3));
        Mat hierarchy = new Mat();
        List<MatOfPoint> contours = new ArrayList<>();
        try {
            Imgproc.morphologyEx(gray, edges, Imgproc.MORPH_GRADIENT, kernel);
            Imgproc.threshold(edges, edges, EDGE_STEP, 255, Imgproc.THRESH_BINARY);
            Imgproc.findContours(edges, contours, hierarchy, Imgproc.RETR_LIST, Imgproc.CHAIN_APPROX_SIMPLE);
        } finally {
            edges.release();
            kernel.release();
            hierarchy.release();
        }
        int maxWidth = (int) (gray.cols() * MAX_WIDTH_SHARE);
        List<Box> boxes = new ArrayList<>();
        for (MatOfPoint contour : contours) {
            Rect r = Imgproc.boundingRect(contour);
            if (r.height >= MIN_SIDE && r.width >= MIN_SIDE && r.height <= MAX_AREA_HEIGHT && r.width <= maxWidth
                    && Imgproc.contourArea(contour) >= MIN_FILL * r.area()) {
                // The gradient marks one pixel either side of a step: the box is one pixel in from the outline.
                boxes.add(new Box(r.x + 1, r.y + 1, r.x + r.width - 1, r.y + r.height - 1));
            }
            contour.release();
        }
        boxes.sort(Comparator.comparingDouble(Box::area).reversed());
        List<Box> distinct = new ArrayList<>();
        for (Box b : boxes.subList(0, Math.min(boxes.size(), MAX_BOXES))) {
            if (distinct.stream().noneMatch(d -> d.iou(b) >= SAME_BOX_IOU)) {
                distinct.add(b);
            }
        }
        return distinct;
    }

    private static List<Control> classify(Mat gray, List<Box> boxes, List<Box> words) {
        List<Control> found = new ArrayList<>();
        for (Box box : boxes) {
            if (found.stream().anyMatch(c -> Box.of(c).contains(box))) {
                continue;
            }
            List<Box> inside = words.stream().filter(w -> !w.mark && box.contains(w.centerX(), w.centerY())).toList();
            ControlType type = kind(gray, box, inside, boxes, words);
            if (type != null) {
                found.add(new Control(type, box.left, box.top, box.right, box.bottom));
            }
        }
        found.sort(Comparator.comparingInt(Control::top).thenComparingInt(Control::left));
        return List.copyOf(found);
    }

    private static ControlType kind(Mat gray, Box box, List<Box> inside, List<Box> boxes, List<Box> words) {
        int w = box.width();
        int h = box.height();
        double aspect = (double) w / h;
        if (inside.isEmpty() && h <= MAX_TICK_SIDE && (aspect >= 0.75 && aspect <= 1.33
                || h >= 12 && aspect >= 1.6 && aspect <= 2.4)) {
            return ControlType.CHECKBOX;
        }
        if (h < MIN_FIELD_HEIGHT || aspect < 1.5 || holdsOtherBoxes(box, boxes, words) || !oneCaption(box, inside)) {
            return null;
        }
        if (h <= MAX_FIELD_HEIGHT && Chevron.at(gray, box, inside)) {
            return ControlType.DROPDOWN;
        }
        if (h <= MAX_FIELD_HEIGHT && !inside.isEmpty() && centred(box, inside)) {
            return ControlType.BUTTON;
        }
        return aspect >= 2.5 ? ControlType.INPUT : null;
    }

    /** A panel or a card around fields is not a field; the letters of a value are not fields. */
    private static boolean holdsOtherBoxes(Box box, List<Box> boxes, List<Box> words) {
        return boxes.stream().anyMatch(b -> b != box && b.area() < box.area() / 2 && box.contains(b)
                && textShare(b, words) < FIELD_TEXT_SHARE && markShare(b, words) < GLYPH_TEXT_SHARE);
    }

    /** Text centred in its box, as on a button; an input's value starts at its left edge. */
    private static boolean centred(Box box, List<Box> inside) {
        int left = inside.stream().mapToInt(b -> b.left).min().orElseThrow();
        int right = inside.stream().mapToInt(b -> b.right).max().orElseThrow();
        int leftGap = left - box.left;
        int rightGap = box.right - right;
        return Math.abs(leftGap - rightGap) <= Math.max(0.15 * box.width(), 0.5 * box.height());
    }

    /** The words read as one caption or value, not as cells: a table row is a wide box too, its texts far apart. */
    private static boolean oneCaption(Box box, List<Box> inside) {
        List<Box> byLeft = inside.stream().sorted(Comparator.comparingInt(Box::left)).toList();
        for (int i = 1; i < byLeft.size(); i++) {
            if (byLeft.get(i).left - byLeft.get(i - 1).right > box.height()) {
                return false;
            }
        }
        return true;
    }

    /**
     * How much of a box the words cover: a box mostly inside a word is one of its letters (an O, a D). Marks are
     * left out: a one-character word may be the box itself, read as a letter (a radio as O, a ticked box as √).
     */
    private static double textShare(Box box, List<Box> words) {
        return words.stream().filter(w -> !w.mark).mapToDouble(w -> w.overlap(box)).max().orElse(0) / box.area();
    }

    /** How much of a box the marks cover. */
    private static double markShare(Box box, List<Box> words) {
        return words.stream().filter(w -> w.mark).mapToDouble(w -> w.overlap(box)).max().orElse(0) / box.area();
    }

    /** The mark a select draws near its right edge: a small, isolated, vertically centred shape. */
    private static final class Chevron {

        private Chevron() {
        }

        static boolean at(Mat gray, Box box, List<Box> words) {
            int h = box.height();
            // Clear of the border, which is thicker at higher device scales.
            int margin = 2 + h / 10;
            int x0 = Math.max(box.left + margin, box.right - (int) (1.5 * h));
            int x1 = box.right - margin;
            int y0 = box.top + margin;
            int y1 = box.bottom - margin;
            if (x1 - x0 < 4 || y1 - y0 < 4) {
                return false;
            }
            int background = background(gray, box, margin);
            int cols = x1 - x0;
            int rows = y1 - y0;
            byte[] px = new byte[cols * rows];
            Mat strip = gray.submat(y0, y1, x0, x1).clone();
            strip.get(0, 0, px);
            strip.release();
            boolean[] inkColumn = new boolean[cols];
            int top = rows;
            int bottom = -1;
            int runEnd = -1;
            for (int x = cols - 1; x >= 0; x--) {
                for (int y = 0; y < rows; y++) {
                    if (Math.abs((px[y * cols + x] & 0xff) - background) > INK_STEP) {
                        inkColumn[x] = true;
                    }
                }
                if (inkColumn[x] && runEnd < 0) {
                    runEnd = x + 1;
                }
            }
            if (runEnd < 0) {
                return false;
            }
            int runStart = runEnd - 1;
            while (runStart > 0 && (inkColumn[runStart - 1] || runStart > 1 && inkColumn[runStart - 2])) {
                runStart--;
            }
            for (int x = runStart; x < runEnd; x++) {
                for (int y = 0; y < rows; y++) {
                    if (Math.abs((px[y * cols + x] & 0xff) - background) > INK_STEP) {
                        top = Math.min(top, y);
                        bottom = Math.max(bottom, y);
                    }
                }
            }
            int width = runEnd - runStart;
            int height = bottom - top + 1;
            double middle = (top + bottom) / 2.0 + y0;
            boolean shaped = width >= 0.1 * h && width <= 0.7 * h && height <= 0.6 * h
                    && Math.abs(middle - (box.top + box.bottom) / 2.0) <= 0.2 * h;
            boolean isolated = runStart >= 0.2 * h;
            int markLeft = x0 + runStart;
            int markTop = y0 + top;
            int markBottom = y0 + bottom + 1;
            boolean partOfWord = words.stream().anyMatch(word -> word.left < markLeft - width
                    && word.right > markLeft && word.top < markBottom && word.bottom > markTop);
            return shaped && isolated && !partOfWord;
        }

        /** The most common grey level inside the box, inside its border. */
        private static int background(Mat gray, Box box, int margin) {
            Mat inner = gray.submat(box.top + margin, box.bottom - margin, box.left + margin, box.right - margin)
                    .clone();
            byte[] px = new byte[(int) inner.total()];
            inner.get(0, 0, px);
            inner.release();
            int[] counts = new int[256];
            for (byte b : px) {
                counts[b & 0xff]++;
            }
            int best = 0;
            for (int g = 1; g < 256; g++) {
                if (counts[g] > counts[best]) {
                    best = g;
                }
            }
            return best;
        }
    }

    /**
     * An axis-aligned box in whole pixels, right and bottom exclusive.
     *
     * @param mark a word of one character, which may be a control read as a letter
     */
    private record Box(int left, int top, int right, int bottom, boolean mark) {

        Box(int left, int top, int right, int bottom) {
            this(left, top, right, bottom, false);
        }

        static Box around(Word word) {
            Polygon p = word.polygon();
            return new Box((int) Math.floor(p.minX()), (int) Math.floor(p.minY()), (int) Math.ceil(p.maxX()),
                    (int) Math.ceil(p.maxY()), word.text().strip().codePointCount(0, word.text().strip().length()) == 1);
        }

        static Box of(Control c) {
            return new Box(c.left(), c.top(), c.right(), c.bottom());
        }

        int width() {
            return right - left;
        }

        int height() {
            return bottom - top;
        }

        double area() {
            return (double) width() * height();
        }

        double centerX() {
            return (left + right) / 2.0;
        }

        double centerY() {
            return (top + bottom) / 2.0;
        }

        boolean contains(double x, double y) {
            return x >= left && x < right && y >= top && y < bottom;
        }

        /** Within this box, give or take the pixel the outline may add. */
        boolean contains(Box o) {
            return o.left >= left - 1 && o.top >= top - 1 && o.right <= right + 1 && o.bottom <= bottom + 1;
        }

        double overlap(Box o) {
            int w = Math.min(right, o.right) - Math.max(left, o.left);
            int h = Math.min(bottom, o.bottom) - Math.max(top, o.top);
            return w > 0 && h > 0 ? (double) w * h : 0;
        }

        double iou(Box o) {
            double shared = overlap(o);
            return shared / (area() + o.area() - shared);
        }
    }
}
