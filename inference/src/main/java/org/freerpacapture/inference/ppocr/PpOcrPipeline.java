package org.freerpacapture.inference.ppocr;

import ai.onnxruntime.OrtEnvironment;
import org.freerpacapture.inference.ppocr.StageClock.Work;
import org.freerpacapture.inference.ppocr.detect.CropExtractor;
import org.freerpacapture.inference.ppocr.detect.CropExtractor.Crop;
import org.freerpacapture.inference.ppocr.detect.DbTextDetector;
import org.freerpacapture.inference.ppocr.detect.Quad;
import org.freerpacapture.inference.ppocr.layout.ColumnOrder;
import org.freerpacapture.inference.ppocr.layout.InkProfile;
import org.freerpacapture.inference.ppocr.layout.ReadingOrder;
import org.freerpacapture.inference.ppocr.layout.RowJoiner;
import org.freerpacapture.inference.ppocr.layout.WordSplitter;
import org.freerpacapture.inference.ppocr.orient.AngleClassifier;
import org.freerpacapture.inference.ppocr.orient.PageTurn;
import org.freerpacapture.inference.ppocr.recognize.CtcDictionary;
import org.freerpacapture.inference.ppocr.recognize.RecognizerChoice;
import org.freerpacapture.inference.ppocr.recognize.TextRecognizer;
import org.freerpacapture.inference.ppocr.recognize.TextRecognizer.Recognition;
import org.freerpacapture.inference.ppocr.recognize.TextRecognizer.Recognized;
import org.freerpacapture.inference.ppocr.repair.TextRepair;
import org.freerpacapture.inference.ppocr.runtime.IdleThreads;
import org.freerpacapture.inference.ppocr.runtime.OnnxModel;
import org.freerpacapture.inference.ppocr.runtime.OpenCv;
import org.freerpacapture.models.ModelManifest;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.Task;
import org.opencv.core.Mat;

import java.util.ArrayList;
import java.util.List;

/**
 * The PP-OCR pipeline for one page: decode → detect → turn upright → recognize → lines in reading order (a
 * document's columns one after the other). Blocking;
 * runs on the inference pool.
 */
final class PpOcrPipeline implements AutoCloseable {
    static final String DECODE = "decode";
    static final String DETECT = "detect";
    static final String CLASSIFY = "classify";
    static final String RECOGNIZE = "recognize";

    private final OnnxModel detModel;
    private final List<OnnxModel> recModels = new ArrayList<>();
    private final OnnxModel clsModel;
    private final DbTextDetector detector;
    private final AngleClassifier classifier;
    private final RecognizerChoice recognizers;
    private final WordSplitter splitter;
    private final RowJoiner rows;
    private final PpOcrOptions options;
    private final int dictionarySize;

    /** A recognition model's bytes and its dictionary's, under the model's manifest id. */
    private record RecognizerFiles(String id, byte[] model, byte[] keys) {
        static RecognizerFiles of(PpOcrModel.Recognizer r, ModelManifest manifest) {
            return new RecognizerFiles(r.modelId(), manifest.read(r.modelId()), manifest.read(r.dictionaryId()));
        }
    }

    PpOcrPipeline(PpOcrModel model, PpOcrOptions options, ModelManifest manifest) {
        this(model, options, manifest, OnnxModel.SessionSettings.measured(options.intraOpThreads()),
                OnnxModel.SessionSettings.measured(1));
    }

    /**
     * With explicit session settings, for measuring them against each other: {@code detection} for the detector,
     * {@code recognition} for the recognizers and the angle classifier, whose batches run in parallel.
     */
    PpOcrPipeline(PpOcrModel model, PpOcrOptions options, ModelManifest manifest,
                  OnnxModel.SessionSettings detection, OnnxModel.SessionSettings recognition) {
        this(model, options, manifest, detection, recognition, RecognizerFiles.of(model.recognizer(), manifest),
                model.secondRecognizer().map(r -> RecognizerFiles.of(r, manifest)).orElse(null));
    }

    /** With one recognizer given instead of the model set's, to measure one against the other. */
    PpOcrPipeline(PpOcrModel model, PpOcrOptions options, ModelManifest manifest, byte[] recognizer, byte[] keys) {
        this(model, options, manifest, OnnxModel.SessionSettings.measured(options.intraOpThreads()),
                OnnxModel.SessionSettings.measured(1), new RecognizerFiles(model.recognizer().modelId(), recognizer,
                        keys), null);
    }

    private PpOcrPipeline(PpOcrModel model, PpOcrOptions options, ModelManifest manifest,
                          OnnxModel.SessionSettings detection, OnnxModel.SessionSettings recognition,
                          RecognizerFiles first, RecognizerFiles second) {
        OpenCv.load();
        this.options = options;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        this.detModel = new OnnxModel(env, model.detectionId(), manifest.read(model.detectionId()), detection);
        // Always loaded: it judges every document page's turn, and with the option it also corrects each line.
        this.clsModel = new OnnxModel(env, "ppocr-cls", manifest.read("ppocr-cls"), recognition);
        TextRecognizer own = recognizer(env, first, recognition);
        this.recognizers = new RecognizerChoice(own, second == null ? null : recognizer(env, second, recognition));
        this.dictionarySize = CtcDictionary.fromKeysFile(first.keys()).size();
        this.detector = new DbTextDetector(detModel, options.detectorSettings());
        this.classifier = new AngleClassifier(clsModel, options.clsBatchSize(), options.clsThreshold());
        this.rows = new RowJoiner(options.wideSpaceRatio());
        this.splitter = new WordSplitter(options.spaceGapRatio(), options.spaceOutlier(), options.wideSpaceRatio(),
                options.lineBreakRatio());
    }

    private TextRecognizer recognizer(OrtEnvironment env, RecognizerFiles files, OnnxModel.SessionSettings settings) {
        CtcDictionary dictionary = CtcDictionary.fromKeysFile(files.keys());
        OnnxModel onnx = new OnnxModel(env, files.id(), files.model(), settings);
        recModels.add(onnx);
        long classes = onnx.outputShapeHint()[2];
        if (classes != dictionary.size()) {
            throw new IllegalStateException("recognition model " + files.id() + " has " + classes
                    + " classes but the dictionary gives " + dictionary.size());
        }
        return new TextRecognizer(onnx, dictionary, options.recBatchSize(), options.recMaxWidth());
    }

    int dictionarySize() {
        return dictionarySize;
    }

    /**
     * Reads one page; its recognition batches also run on {@code idle} threads lent to it. A document's page may
     * have been sent turned and is read upright, its words repaired by {@code repair}; a screenshot is read as
     * sent, its words as the recognizer read them.
     */
    Page read(PageImage page, Task task, TextRepair repair, StageClock clock, IdleThreads idle) {
        int n = page.pageNumber();
        boolean document = task == Task.DOCUMENT;
        try (PageMats mats = new PageMats()) {
            Mat pixels = clock.time(DECODE, n, () -> mats.keep(OpenCv.toMat(page.image())), m -> Work.NONE);
            List<Quad> boxes = clock.time(DETECT, n, () -> detect(pixels), b -> Work.crops(b.size()));
            Sight sight = clock.time(CLASSIFY, n, () -> upright(new Sight(pixels, boxes, mats.cut(pixels, boxes),
                    PageTurn.UPRIGHT), document, mats), s -> Work.crops(s.crops().size()));
            Reading read = clock.time(RECOGNIZE, n, () -> recognize(sight, document ? repair : TextRepair.NONE, idle),
                    r -> new Work(r.crops(), r.batches(), options.recBatchSize()));
            List<Line> ordered = document ? ColumnOrder.order(read.lines()) : read.lines();
            Page upright = Page.ofLines(n, sight.image().cols(), sight.image().rows(), rows.join(ordered));
            return sight.turn().onPageAsSent(upright, page.width(), page.height());
        }
    }

    /** Reads one page as the engine's defaults do, nobody listening to its stages (tests, evaluations). */
    Page read(PageImage page, Task task) {
        return read(page, task, options.textRepair(), StageClock.unheard(), IdleThreads.NONE);
    }

    /** A page image as the pipeline sees it: its lines in reading order, their crops, and how it was turned. */
    private record Sight(Mat image, List<Quad> boxes, List<Crop> crops, PageTurn turn) {
        List<Mat> cropImages() {
            return crops.stream().map(Crop::image).toList();
        }
    }

    /** The lines read off a page, and what reading them took. */
    private record Reading(List<Line> lines, int crops, int batches) {
    }

    private List<Quad> detect(Mat image) {
        return ReadingOrder.sort(detector.detect(image, options.detFineSideLen()).boxes(), options.rowTolerancePx());
    }

    /**
     * A document page turned so its text reads left to right: sideways text is turned flat first, so that the
     * classifier votes on flat lines, as it reads best; then a page the vote finds upside down is turned half round
     * if the recognizer, reading its longest lines both ways, agrees.
     */
    private Sight upright(Sight sight, boolean document, PageMats mats) {
        Sight upright = sight;
        if (document && PageTurn.sideways(upright.crops())) {
            upright = turned(upright, PageTurn.QUARTER, mats);
        }
        if (document && PageTurn.upsideDown(upright.crops(), classifier)
                && PageTurn.readsBetterTurned(upright.crops(), this::confidence)) {
            upright = turned(upright, PageTurn.UPSIDE_DOWN, mats);
        }
        if (options.useAngleClassifier() && !upright.crops().isEmpty()) {
            classifier.correct(upright.cropImages());
        }
        return upright;
    }

    /** The page turned by {@code step} and its lines detected and cut again. */
    private Sight turned(Sight sight, PageTurn step, PageMats mats) {
        Mat image = mats.keep(step.upright(sight.image()));
        List<Quad> boxes = detect(image);
        return new Sight(image, boxes, mats.cut(image, boxes), sight.turn().plus(step));
    }

    /** The recognizer's confidence in each line image. */
    private double[] confidence(List<Mat> lines) {
        return recognizers.first().recognize(lines, IdleThreads.NONE).lines().stream()
                .mapToDouble(r -> r.decoded().score()).toArray();
    }

    private Reading recognize(Sight sight, TextRepair repair, IdleThreads idle) {
        List<Mat> crops = sight.cropImages();
        Recognition recognition = recognizers.recognize(crops, idle);
        List<Line> lines = new ArrayList<>(crops.size());
        for (int i = 0; i < crops.size(); i++) {
            Recognized r = recognition.lines().get(i);
            if (r.decoded().score() < options.dropScore()) {
                continue;
            }
            // The ink is read from the crop as recognized (after any 180° turn), and only for lines kept.
            InkProfile ink = InkProfile.of(crops.get(i));
            for (Line line : splitter.toLines(r.decoded(), sight.boxes().get(i), r.stepPx(), r.usedPx(), ink, repair)) {
                if (!line.text().isBlank()) {
                    lines.add(line);
                }
            }
        }
        return new Reading(lines, crops.size(), recognition.batches());
    }

    /** Every matrix made while reading one page, released together once the page is read, however it ends. */
    private static final class PageMats implements AutoCloseable {
        private final List<Mat> mats = new ArrayList<>();

        Mat keep(Mat mat) {
            mats.add(mat);
            return mat;
        }

        List<Crop> cut(Mat image, List<Quad> boxes) {
            List<Crop> crops = new ArrayList<>(boxes.size());
            for (Quad box : boxes) {
                Crop crop = CropExtractor.crop(image, box);
                keep(crop.image());
                crops.add(crop);
            }
            return crops;
        }

        @Override
        public void close() {
            mats.forEach(Mat::release);
        }
    }

    @Override
    public void close() {
        detModel.close();
        recModels.forEach(OnnxModel::close);
        clsModel.close();
    }
}
