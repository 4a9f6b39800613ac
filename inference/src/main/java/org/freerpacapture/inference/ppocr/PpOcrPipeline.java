package org.freerpacapture.inference.ppocr;

import ai.onnxruntime.OrtEnvironment;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.StageListener;
import org.freerpacapture.ocr.StageTiming;
import org.freerpacapture.ocr.Task;
import org.freerpacapture.models.ModelManifest;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;

/**
 * The PP-OCR pipeline for one page: DB detection → perspective crops → the page turned upright if it was sent
 * turned ({@link PageTurn}) → optional 0/180° correction of each line → CTC recognition → reading order, words and
 * restored spaces. Blocking; runs on the inference pool.
 */
final class PpOcrPipeline implements AutoCloseable {
    private static final float ROW_TOLERANCE_PX = 10f;
    /**
     * A blank this many text heights wide is a space whatever the line's letter spacing, and the widest blank that
     * is still one: lines of a row closer than this are one line, and a label after a value this far away starts
     * a field of its own (measured on the SROIE dev receipts, docs/decisions.md).
     */
    private static final float WIDE_SPACE_RATIO = 0.8f;

    private final OnnxModel detModel;
    private final OnnxModel recModel;
    private final OnnxModel clsModel;
    private final DbTextDetector detector;
    private final AngleClassifier classifier;
    private final boolean correctEachLine;
    private final TextRecognizer recognizer;
    private final WordSplitter splitter;
    private final RowJoiner rows;
    private final PpOcrOptions options;
    private final int dictionarySize;

    PpOcrPipeline(PpOcrModel model, PpOcrOptions options, ModelManifest manifest) {
        this(model, options, manifest, OnnxModel.SessionSettings.measured(options.intraOpThreads()),
                OnnxModel.SessionSettings.measured(1));
    }

    /**
     * With explicit session settings, for measuring them against each other: {@code detection} for the detector,
     * {@code recognition} for the recognizer and the angle classifier, whose batches run in parallel.
     */
    PpOcrPipeline(PpOcrModel model, PpOcrOptions options, ModelManifest manifest,
                  OnnxModel.SessionSettings detection, OnnxModel.SessionSettings recognition) {
        OpenCv.load();
        this.options = options;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        CtcDictionary dictionary = CtcDictionary.fromKeysFile(manifest.read("ppocr-keys"));
        this.dictionarySize = dictionary.size();
        this.detModel = new OnnxModel(env, model.detectionId(), manifest.read(model.detectionId()), detection);
        this.recModel = new OnnxModel(env, model.recognitionId(), manifest.read(model.recognitionId()), recognition);
        // Always loaded: it judges every page's turn, and with the option it also corrects each line.
        this.clsModel = new OnnxModel(env, "ppocr-cls", manifest.read("ppocr-cls"), recognition);
        this.correctEachLine = options.useAngleClassifier();
        long classes = recModel.outputShapeHint()[2];
        if (classes != dictionary.size()) {
            throw new IllegalStateException("recognition model " + model.recognitionId() + " has " + classes
                    + " classes but the dictionary gives " + dictionary.size());
        }
        this.detector = new DbTextDetector(detModel, options.detectorSettings());
        this.classifier = new AngleClassifier(clsModel, 6, 0.9f);
        this.recognizer = new TextRecognizer(recModel, dictionary, options.recBatchSize(), 3200);
        this.rows = new RowJoiner(WIDE_SPACE_RATIO);
        this.splitter = new WordSplitter(options.spaceGapRatio(), 2.5f, WIDE_SPACE_RATIO, options.lineBreakRatio(),
                new WordRepair(ReceiptLexicon.bundled()));
    }

    int dictionarySize() {
        return dictionarySize;
    }

    /** Per-stage time and counts of a request's pages, for timings; each finished stage is also told to a listener. */
    static final class StageClock {
        private final String provider;
        private final StageListener listener;
        double detectMs;
        double classifyMs;
        double recognizeMs;
        int crops;
        int recBatches;

        StageClock() {
            this("", StageListener.NONE);
        }

        StageClock(String provider, StageListener listener) {
            this.provider = provider;
            this.listener = listener;
        }

        private void told(String stage, int page, long start, long end, int crops, int batches, int batchSize) {
            if (listener != StageListener.NONE) {
                listener.stageDone(new StageTiming(provider, stage, page, start, end, crops, batches, batchSize));
            }
        }
    }

    Page read(PageImage page, StageClock clock) {
        return read(page, Task.DOCUMENT, clock, IdleThreads.NONE);
    }

    /**
     * Reads one page; its recognition batches also run on {@code idle} threads lent to it. A document's page may
     * have been sent turned and is read upright; a screenshot never is, and is read as sent.
     */
    Page read(PageImage page, Task task, StageClock clock, IdleThreads idle) {
        Mat bgr = toMat(page.image());
        Sight sight = null;
        try {
            long t0 = System.nanoTime();
            List<Quad> detected = detect(bgr);
            long t1 = System.nanoTime();
            clock.detectMs += (t1 - t0) / 1e6;
            clock.told("detect", page.pageNumber(), t0, t1, detected.size(), 0, 0);

            sight = new Sight(bgr, detected, cut(bgr, detected));
            // Sideways text is turned flat first, so that the classifier votes on flat lines, as it reads best.
            PageTurn turn = PageTurn.UPRIGHT;
            boolean mayBeTurned = task == Task.DOCUMENT;
            if (mayBeTurned && PageTurn.sideways(sight.crops())) {
                sight = turned(sight, PageTurn.QUARTER);
                turn = PageTurn.QUARTER;
            }
            if (mayBeTurned && PageTurn.upsideDown(sight.crops(), classifier)) {
                sight = turned(sight, PageTurn.UPSIDE_DOWN);
                turn = turn.plusHalf();
            }
            List<Quad> boxes = sight.boxes();
            List<Mat> crops = sight.crops().stream().map(CropExtractor.Crop::image).toList();
            clock.crops += crops.size();
            if (correctEachLine && !crops.isEmpty()) {
                classifier.correct(crops);
            }
            long t2 = System.nanoTime();
            clock.classifyMs += (t2 - t1) / 1e6;
            clock.told("classify", page.pageNumber(), t1, t2, crops.size(), 0, 0);

            int[] batches = new int[1];
            List<TextRecognizer.Recognized> texts = crops.isEmpty() ? List.of() : recognizer.recognize(crops, batches, idle);
            clock.recBatches += batches[0];

            List<Line> lines = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                TextRecognizer.Recognized r = texts.get(i);
                if (r.decoded().score() < options.dropScore()) {
                    continue;
                }
                // The ink is read from the crop as recognized (after any 180° turn), and only for lines kept.
                InkProfile ink = InkProfile.of(crops.get(i));
                for (Line line : splitter.toLines(r.decoded(), boxes.get(i), r.stepPx(), r.usedPx(), ink)) {
                    if (!line.text().isBlank()) {
                        lines.add(line);
                    }
                }
            }
            long t3 = System.nanoTime();
            clock.recognizeMs += (t3 - t2) / 1e6;
            clock.told("recognize", page.pageNumber(), t2, t3, texts.size(), batches[0], options.recBatchSize());
            Page upright = Page.ofLines(page.pageNumber(), sight.image().cols(), sight.image().rows(), rows.join(lines));
            return turn.onPageAsSent(upright, page.width(), page.height());
        } finally {
            if (sight != null) {
                sight.release();
            } else {
                bgr.release();
            }
        }
    }

    /** A page image as the pipeline sees it: its lines in reading order and their crops. */
    private record Sight(Mat image, List<Quad> boxes, List<CropExtractor.Crop> crops) {
        void release() {
            crops.forEach(c -> c.image().release());
            image.release();
        }
    }

    /** The page turned by {@code step} and its lines detected again; {@code sight} is released. */
    private Sight turned(Sight sight, PageTurn step) {
        Mat next = step.upright(sight.image());
        sight.release();
        try {
            List<Quad> boxes = detect(next);
            return new Sight(next, boxes, cut(next, boxes));
        } catch (RuntimeException e) {
            next.release();
            throw e;
        }
    }

    private List<Quad> detect(Mat bgr) {
        return ReadingOrder.sort(detector.detect(bgr).boxes(), ROW_TOLERANCE_PX);
    }

    private static List<CropExtractor.Crop> cut(Mat bgr, List<Quad> boxes) {
        List<CropExtractor.Crop> cut = new ArrayList<>(boxes.size());
        for (Quad q : boxes) {
            cut.add(CropExtractor.crop(bgr, q));
        }
        return cut;
    }

    /** Copies a TYPE_3BYTE_BGR image's bytes into an OpenCV matrix (converting other types first). */
    static Mat toMat(BufferedImage image) {
        BufferedImage bgr = image;
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            var g = bgr.createGraphics();
            g.drawImage(image, 0, 0, null);
            g.dispose();
        }
        byte[] data = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        Mat mat = new Mat(bgr.getHeight(), bgr.getWidth(), CvType.CV_8UC3);
        mat.put(0, 0, data);
        return mat;
    }

    @Override
    public void close() {
        detModel.close();
        recModel.close();
        clsModel.close();
    }
}
