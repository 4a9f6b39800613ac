package org.freerpacapture.inference.ppocr.orient;

import org.freerpacapture.inference.ppocr.detect.CropExtractor;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.Polygon;
import org.freerpacapture.ocr.Word;
import org.opencv.core.Core;
import org.opencv.core.Mat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * How the text of a page as sent is turned, a quarter turn at a time clockwise, and how to read it upright. Scanners
 * fed the wrong way round and phones held sideways without an EXIF orientation give such pages; read as they are,
 * their lines come out as noise (upside down) or one word per line (sideways).
 *
 * <p>The turn is judged from the page's detected lines. Mostly tall boxes mean sideways text: the page is turned a
 * quarter counter-clockwise and detected again. Then the angle classifier votes over the longest lines, which are
 * now flat, and a page it finds upside down is turned half round and detected again. An upright page costs one
 * classifier batch or two.
 */
public enum PageTurn {
    UPRIGHT(0, -1),
    /** The text's tops point right: turned a quarter clockwise. */
    QUARTER(90, Core.ROTATE_90_COUNTERCLOCKWISE),
    UPSIDE_DOWN(180, Core.ROTATE_180),
    /** The text's tops point left. */
    THREE_QUARTERS(270, Core.ROTATE_90_CLOCKWISE);

    /** Lines voted on: the longest, which carry the most letters; two classifier batches. */
    static final int SAMPLE = 12;
    /**
     * Mean probability of "upside down" over the sample above which a page is read turned half round: above the
     * middle, since most pages come upright. All 50 dev receipts: at most 0.22 upright, at least 0.82 upside down
     * (docs/decisions.md, "Pages read the right way up").
     */
    static final double UPSIDE_DOWN_VOTE = 0.6;

    /** Clockwise, as the result's {@code angle}. */
    public final int degrees;
    private final int undo;

    PageTurn(int degrees, int undo) {
        this.degrees = degrees;
        this.undo = undo;
    }

    /**
     * Whether most of the line length {@link CropExtractor} cut is in tall boxes (turned a quarter to be read), so
     * a few short stray boxes do not decide.
     */
    public static boolean sideways(List<CropExtractor.Crop> crops) {
        double tall = 0;
        double flat = 0;
        for (CropExtractor.Crop c : crops) {
            if (c.rotated()) {
                tall += c.image().cols();
            } else {
                flat += c.image().cols();
            }
        }
        return tall > flat;
    }

    /** Whether the classifier finds the page's longest flat lines upside down; never with fewer than two lines. */
    public static boolean upsideDown(List<CropExtractor.Crop> crops, AngleClassifier classifier) {
        List<Mat> sample = longestFlatLines(crops, SAMPLE);
        return sample.size() >= 2 && mean(classifier.upsideDown(sample)) > UPSIDE_DOWN_VOTE;
    }

    /**
     * Whether the page's longest flat lines read better turned half round than as sent: the recognizer's mean
     * confidence over them, each way, by more than {@value #READS_BETTER_BY}. The classifier judges a line from a
     * fixed-size thumbnail, which a long document line squeezed into it no longer shows; the recognizer reads the
     * whole line, and reads upside-down text with little confidence.
     *
     * @param confidence the recognizer's confidence in each of the given line images, in their order
     */
    public static boolean readsBetterTurned(List<CropExtractor.Crop> crops,
                                            Function<List<Mat>, double[]> confidence) {
        List<Mat> sample = longestFlatLines(crops, CONFIRM_SAMPLE);
        if (sample.size() < 2) {
            return false;
        }
        List<Mat> turned = new ArrayList<>(sample.size());
        try {
            for (Mat line : sample) {
                Mat t = new Mat();
                Core.rotate(line, t, Core.ROTATE_180);
                turned.add(t);
            }
            return mean(confidence.apply(turned)) > mean(confidence.apply(sample)) + READS_BETTER_BY;
        } finally {
            turned.forEach(Mat::release);
        }
    }

    /** The images of the {@code limit} longest crops that were not turned to be cut: they carry the most letters. */
    private static List<Mat> longestFlatLines(List<CropExtractor.Crop> crops, int limit) {
        return crops.stream()
                .filter(c -> !c.rotated())
                .map(CropExtractor.Crop::image)
                .sorted(Comparator.comparingInt(Mat::cols).reversed())
                .limit(limit)
                .toList();
    }

    /** Lines the recognizer reads both ways to confirm a half turn: the longest, a batch's worth. */
    static final int CONFIRM_SAMPLE = 6;
    /** How much more confident the recognizer must be in the turned lines: when unsure, read the page as sent. */
    static final double READS_BETTER_BY = 0.1;

    /** This turn and then {@code more} (the constants go round a quarter at a time). */
    public PageTurn plus(PageTurn more) {
        return values()[(ordinal() + more.ordinal()) % 4];
    }

    /** The page as sent turned upright, a new matrix. */
    public Mat upright(Mat sent) {
        if (this == UPRIGHT) {
            return sent.clone();
        }
        Mat out = new Mat();
        Core.rotate(sent, out, undo);
        return out;
    }

    /** A page read upright, with its polygons put back on the page as sent and its angle set. */
    public Page onPageAsSent(Page upright, int sentWidth, int sentHeight) {
        if (this == UPRIGHT) {
            return upright; // read as sent, the common case: nothing to copy
        }
        List<Line> lines = new ArrayList<>(upright.lines().size());
        for (Line line : upright.lines()) {
            List<Word> words = new ArrayList<>(line.words().size());
            for (Word w : line.words()) {
                words.add(new Word(w.text(), w.confidence(), onPageAsSent(w.polygon(), sentWidth, sentHeight)));
            }
            lines.add(new Line(line.text(), line.confidence(), onPageAsSent(line.polygon(), sentWidth, sentHeight),
                    words));
        }
        return new Page(upright.pageNumber(), sentWidth, sentHeight, upright.unit(), degrees, lines,
                upright.keyValuePairs(), upright.tables());
    }

    /**
     * A polygon on the upright page moved back onto the page as sent. Turning keeps the points clockwise and the
     * first one at the text's top-left corner, as the cloud services give them for turned pages.
     */
    public Polygon onPageAsSent(Polygon p, int sentWidth, int sentHeight) {
        double[] xy = new double[2 * p.size()];
        for (int i = 0; i < p.size(); i++) {
            double x = p.x(i);
            double y = p.y(i);
            switch (this) {
                case UPRIGHT -> {
                    xy[2 * i] = x;
                    xy[2 * i + 1] = y;
                }
                case QUARTER -> { // upright = sent turned counter-clockwise
                    xy[2 * i] = sentWidth - y;
                    xy[2 * i + 1] = x;
                }
                case UPSIDE_DOWN -> {
                    xy[2 * i] = sentWidth - x;
                    xy[2 * i + 1] = sentHeight - y;
                }
                case THREE_QUARTERS -> { // upright = sent turned clockwise
                    xy[2 * i] = y;
                    xy[2 * i + 1] = sentHeight - x;
                }
            }
        }
        return Polygon.of(xy);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }
}
