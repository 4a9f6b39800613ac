package org.freerpacapture.inference.ppocr;

import org.freerpacapture.inference.ppocr.detect.CropExtractor;
import org.freerpacapture.inference.ppocr.detect.DbTextDetector;
import org.freerpacapture.inference.ppocr.detect.Quad;
import org.freerpacapture.inference.ppocr.layout.ReadingOrder;
import org.freerpacapture.inference.ppocr.recognize.CtcDecoder;
import org.freerpacapture.inference.ppocr.recognize.CtcDictionary;
import org.freerpacapture.inference.ppocr.recognize.LineImages;
import org.freerpacapture.inference.ppocr.recognize.TextRecognizer;
import org.freerpacapture.inference.ppocr.runtime.OnnxModel;
import org.freerpacapture.inference.ppocr.runtime.OpenCv;
import org.freerpacapture.inference.ppocr.runtime.TensorBuffers;
import ai.onnxruntime.OrtEnvironment;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.models.ModelManifest;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Per-page latency of the PP-OCR v4 detection and recognition models run (A) through the product's
 * {@link OnnxModel} on OrtSession, (B) through DJL loaded by Criteria and (C) through DJL loaded with the product's
 * own SessionOptions. Every path gets the same direct input buffers and its outputs are compared with A's.
 *
 * <p>The paths are interleaved per page, with the order rotated every page and round, so drifting machine load
 * falls on all of them alike. The whole product pipeline ({@link PpOcrPipeline#read}) is timed in the same rotation
 * and is the page latency the overhead is expressed against.
 *
 * <p>Lives in the engine's package to reuse its package-private preprocessing rather than copy it.
 */
public final class DjlVsOrtBench {
    private static final double[] MEAN = {0.485, 0.456, 0.406};
    private static final double[] STD = {0.229, 0.224, 0.225};
    private static final float TOLERANCE = 1e-4f;
    private static final String[] PATHS = {"A ort", "B djl-criteria", "C djl-sessionopts", "P page"};

    /** The model inputs of one page: the detection tensor and the recognition batches. */
    private record PageInputs(FloatBuffer det, long[] detShape, List<FloatBuffer> rec, List<long[]> recShapes) {
    }

    /** The detection and recognition model of one path. */
    private interface Models {
        <T> T det(FloatBuffer input, long[] shape, OnnxModel.OutputReader<T> reader);

        <T> T rec(FloatBuffer input, long[] shape, OnnxModel.OutputReader<T> reader);
    }

    private record OrtModels(OnnxModel detModel, OnnxModel recModel) implements Models {
        @Override
        public <T> T det(FloatBuffer input, long[] shape, OnnxModel.OutputReader<T> reader) {
            return detModel.run(input.duplicate(), shape, reader);
        }

        @Override
        public <T> T rec(FloatBuffer input, long[] shape, OnnxModel.OutputReader<T> reader) {
            return recModel.run(input.duplicate(), shape, reader);
        }
    }

    private record DjlModels(DjlModel detModel, DjlModel recModel) implements Models {
        @Override
        public <T> T det(FloatBuffer input, long[] shape, OnnxModel.OutputReader<T> reader) {
            return detModel.run(input, shape, reader);
        }

        @Override
        public <T> T rec(FloatBuffer input, long[] shape, OnnxModel.OutputReader<T> reader) {
            return recModel.run(input, shape, reader);
        }
    }

    /** What the product takes from the models for one page: the probability map and the decoded crops. */
    private record PageResult(float[] probabilityMap, List<CtcDecoder.Decoded> texts) {
    }

    public static void main(String[] args) throws Exception {
        Path imgDir = Path.of(args.length > 0 ? args[0] : "/work/shared/data/sroie-dev/img");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = Runtime.getRuntime().availableProcessors();

        // DJL's engine builds the process-wide OrtEnvironment with its own threading options and fails if one
        // already exists, so it has to come first; OrtEnvironment.getEnvironment() then returns that one.
        ai.djl.engine.Engine.getEngine("OnnxRuntime");
        OpenCv.load();
        ModelManifest manifest = ModelManifest.load();
        PpOcrOptions options = PpOcrOptions.defaults().withIntraOpThreads(threads);
        OnnxModel.SessionSettings settings = new OnnxModel.SessionSettings(threads, false, false);
        OrtEnvironment env = OrtEnvironment.getEnvironment();

        Path modelDir = Files.createTempDirectory("djl-vs-ort");
        Path detFile = modelDir.resolve("det.onnx");
        Path recFile = modelDir.resolve("rec.onnx");
        byte[] detBytes = manifest.read("ppocr-v4-det");
        byte[] recBytes = manifest.read("ppocr-v4-rec");
        Files.write(detFile, detBytes);
        Files.write(recFile, recBytes);

        List<Path> images;
        try (Stream<Path> s = Files.list(imgDir)) {
            images = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        System.out.printf("pages=%d rounds=%d intraOpThreads=%d loadavg(start)=%s%n",
                images.size(), rounds, threads, loadAverage());

        try (OnnxModel detA = new OnnxModel(env, "ppocr-v4-det", detBytes, settings);
             OnnxModel recA = new OnnxModel(env, "ppocr-v4-rec", recBytes, settings);
             DjlModel detB = DjlModel.viaCriteria(detFile, threads);
             DjlModel recB = DjlModel.viaCriteria(recFile, threads);
             DjlModel detC = DjlModel.viaSessionOptions(detFile, settings);
             DjlModel recC = DjlModel.viaSessionOptions(recFile, settings);
             PpOcrPipeline pipeline = new PpOcrPipeline(PpOcrModel.V4, options, manifest)) {

            DbTextDetector detector = new DbTextDetector(detA, options.detectorSettings());
            List<BufferedImage> pages = new ArrayList<>();
            List<Mat> bgrs = new ArrayList<>();
            List<List<Mat>> crops = new ArrayList<>();
            // Untimed pass: decode, find the boxes and cut the crops once; it also warms every session up.
            for (Path p : images) {
                BufferedImage img = ImageIO.read(p.toFile());
                Mat bgr = OpenCv.toMat(img);
                List<Quad> boxes = ReadingOrder.sort(detector.detect(bgr).boxes(), 10f);
                List<Mat> pageCrops = new ArrayList<>();
                for (Quad q : boxes) {
                    pageCrops.add(CropExtractor.crop(bgr, q).image());
                }
                pages.add(img);
                bgrs.add(bgr);
                crops.add(pageCrops);
            }
            Models ort = new OrtModels(detA, recA);
            Models criteria = new DjlModels(detB, recB);
            Models sameOptions = new DjlModels(detC, recC);
            CtcDecoder decoder = new CtcDecoder(CtcDictionary.fromKeysFile(manifest.read("ppocr-keys")));

            // Untimed: every output tensor element-wise on the first pages; doubles as the warm-up.
            double fullDiffB = 0;
            double fullDiffC = 0;
            for (int i = 0; i < Math.min(5, pages.size()); i++) {
                PageInputs in = inputs(bgrs.get(i), crops.get(i), options);
                List<DjlModel.Output> a = fullOutputs(ort, in);
                fullDiffB = Math.max(fullDiffB, maxAbsDiff(a, fullOutputs(criteria, in)));
                fullDiffC = Math.max(fullDiffC, maxAbsDiff(a, fullOutputs(sameOptions, in)));
                pipeline.read(new PageImage(1, pages.get(i)), Task.DOCUMENT);
            }

            int n = pages.size();
            double[][] ms = new double[4][n * rounds];
            double maxDiffB = fullDiffB;
            double maxDiffC = fullDiffC;
            long crops0 = crops.stream().mapToLong(List::size).sum();
            long batches = 0;
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < n; i++) {
                    PageInputs in = inputs(bgrs.get(i), crops.get(i), options);
                    batches += in.rec().size();
                    PageResult a = null;
                    PageResult b = null;
                    PageResult c = null;
                    int k = r * n + i;
                    for (int step = 0; step < 4; step++) {
                        int path = (step + i + r) % 4;
                        long t0 = System.nanoTime();
                        switch (path) {
                            case 0 -> a = runPage(ort, in, decoder);
                            case 1 -> b = runPage(criteria, in, decoder);
                            case 2 -> c = runPage(sameOptions, in, decoder);
                            default -> pipeline.read(new PageImage(1, pages.get(i)), Task.DOCUMENT);
                        }
                        ms[path][k] = (System.nanoTime() - t0) / 1e6;
                    }
                    maxDiffB = Math.max(maxDiffB, pageDiff(a, b));
                    maxDiffC = Math.max(maxDiffC, pageDiff(a, c));
                }
                System.out.printf("round %d done, loadavg=%s%n", r + 1, loadAverage());
            }
            report(ms, maxDiffB, maxDiffC, crops0, batches / rounds, threads);
            crops.forEach(l -> l.forEach(Mat::release));
            bgrs.forEach(Mat::release);
        } finally {
            Files.deleteIfExists(detFile);
            Files.deleteIfExists(recFile);
            Files.deleteIfExists(modelDir);
        }
    }

    /** The detection tensor as {@link DbTextDetector} builds it, and the recognition batches as {@link TextRecognizer} does. */
    private static PageInputs inputs(Mat bgr, List<Mat> crops, PpOcrOptions options) {
        int[] size = DbTextDetector.inputSize(bgr.cols(), bgr.rows(), options.detectorSettings());
        int w = size[0];
        int h = size[1];
        Mat resized = new Mat();
        Imgproc.resize(bgr, resized, new Size(w, h));
        ByteBuffer det = direct(3 * h * w);
        List<Mat> channels = new ArrayList<>(3);
        Core.split(resized, channels);
        for (int c = 0; c < 3; c++) {
            Mat plane = TensorBuffers.floatPlane(det, c * h * w, h, w);
            channels.get(c).convertTo(plane, CvType.CV_32F, 1.0 / (255.0 * STD[c]), -MEAN[c] / STD[c]);
            plane.release();
            channels.get(c).release();
        }
        resized.release();

        List<FloatBuffer> rec = new ArrayList<>();
        List<long[]> recShapes = new ArrayList<>();
        List<Integer> order = IntStream.range(0, crops.size()).boxed()
                .sorted(Comparator.comparingDouble(i -> ratio(crops.get(i))))
                .toList();
        int batchSize = options.recBatchSize();
        for (int start = 0; start < order.size(); start += batchSize) {
            List<Integer> idx = order.subList(start, Math.min(order.size(), start + batchSize));
            double maxRatio = 320.0 / TextRecognizer.H;
            for (int i : idx) {
                maxRatio = Math.max(maxRatio, ratio(crops.get(i)));
            }
            int bw = Math.min(3200, (int) (TextRecognizer.H * maxRatio));
            bw = Math.max(8, (bw + 7) / 8 * 8);
            List<Mat> batch = idx.stream().map(crops::get).toList();
            ByteBuffer buf = direct(batch.size() * 3 * TextRecognizer.H * bw);
            LineImages.pack(batch, buf, TextRecognizer.H, bw);
            rec.add(buf.asFloatBuffer());
            recShapes.add(new long[]{batch.size(), 3, TextRecognizer.H, bw});
        }
        return new PageInputs(det.asFloatBuffer(), new long[]{1, 3, h, w}, rec, recShapes);
    }

    /** The models' share of a page as the product does it: the map copied out, each batch CTC-decoded in place. */
    private static PageResult runPage(Models models, PageInputs in, CtcDecoder decoder) {
        float[] map = models.det(in.det(), in.detShape(), (out, shape) -> {
            float[] data = new float[(int) (shape[2] * shape[3])];
            out.get(data);
            return data;
        });
        List<CtcDecoder.Decoded> texts = new ArrayList<>();
        for (int b = 0; b < in.rec().size(); b++) {
            texts.addAll(models.rec(in.rec().get(b), in.recShapes().get(b), (probs, shape) -> {
                List<CtcDecoder.Decoded> batch = new ArrayList<>();
                for (int i = 0; i < shape[0]; i++) {
                    batch.add(decoder.decode(probs, i, (int) shape[1], (int) shape[2]));
                }
                return batch;
            }));
        }
        return new PageResult(map, texts);
    }

    /** Every output tensor copied whole, for the element-wise check. */
    private static List<DjlModel.Output> fullOutputs(Models models, PageInputs in) {
        List<DjlModel.Output> out = new ArrayList<>(1 + in.rec().size());
        out.add(models.det(in.det(), in.detShape(), DjlModel.Output::copyOf));
        for (int b = 0; b < in.rec().size(); b++) {
            out.add(models.rec(in.rec().get(b), in.recShapes().get(b), DjlModel.Output::copyOf));
        }
        return out;
    }

    /** Largest difference of the map and of every kept character's probability; texts must match exactly. */
    private static double pageDiff(PageResult a, PageResult b) {
        if (a.texts().size() != b.texts().size()) {
            throw new IllegalStateException("different crop count");
        }
        double max = maxAbsDiff(List.of(new DjlModel.Output(a.probabilityMap(), new long[0])),
                List.of(new DjlModel.Output(b.probabilityMap(), new long[0])));
        for (int i = 0; i < a.texts().size(); i++) {
            CtcDecoder.Decoded x = a.texts().get(i);
            CtcDecoder.Decoded y = b.texts().get(i);
            if (!x.text().equals(y.text()) || x.glyphs().size() != y.glyphs().size()) {
                return Double.POSITIVE_INFINITY;
            }
            max = Math.max(max, Math.abs(x.score() - y.score()));
            for (int g = 0; g < x.glyphs().size(); g++) {
                max = Math.max(max, Math.abs(x.glyphs().get(g).probability() - y.glyphs().get(g).probability()));
            }
        }
        return max;
    }

    private static double maxAbsDiff(List<DjlModel.Output> a, List<DjlModel.Output> b) {
        if (a.size() != b.size()) {
            throw new IllegalStateException("different output count: " + a.size() + " vs " + b.size());
        }
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            float[] x = a.get(i).values();
            float[] y = b.get(i).values();
            if (x.length != y.length || !Arrays.equals(a.get(i).shape(), b.get(i).shape())) {
                throw new IllegalStateException("output " + i + " differs in shape");
            }
            for (int j = 0; j < x.length; j++) {
                max = Math.max(max, Math.abs(x[j] - y[j]));
            }
        }
        return max;
    }

    private static void report(double[][] ms, double diffB, double diffC, long crops, long batches, int threads) {
        double[] a = ms[0];
        double[] page = ms[3];
        int m = a.length;
        System.out.println();
        System.out.printf("per page, %d samples each (crops on all pages=%d, rec batches per round=%d, threads=%d)%n",
                m, crops, batches, threads);
        System.out.printf("%-20s %10s %10s %12s %12s %10s%n",
                "path", "models p50", "models p95", "page p50", "page p95", "overhead");
        for (int path = 0; path < 3; path++) {
            double[] models = ms[path];
            // The page as the product runs it, with this path's model time in place of the OrtSession path's.
            double[] pageLatency = new double[m];
            double[] share = new double[m];
            for (int k = 0; k < m; k++) {
                pageLatency[k] = page[k] - a[k] + models[k];
                share[k] = (models[k] - a[k]) / page[k] * 100;
            }
            double overhead = (pct(pageLatency, 50) - pct(page, 50)) / pct(page, 50) * 100;
            System.out.printf(Locale.ROOT, "%-20s %10.1f %10.1f %12.1f %12.1f %+9.2f%%%n", PATHS[path],
                    pct(models, 50), pct(models, 95), path == 0 ? pct(page, 50) : pct(pageLatency, 50),
                    path == 0 ? pct(page, 95) : pct(pageLatency, 95), path == 0 ? 0.0 : overhead);
            if (path > 0) {
                System.out.printf(Locale.ROOT, "%-20s per-page (model time - A) / page time: median %+.2f%%, p95 %+.2f%%%n",
                        "", pct(share, 50), pct(share, 95));
            }
        }
        System.out.printf(Locale.ROOT, "%-20s whole pipeline as shipped (PpOcrPipeline.read): p50 %.1f ms, p95 %.1f ms%n",
                PATHS[3], pct(page, 50), pct(page, 95));
        System.out.printf(Locale.ROOT, "max |output - A| (all tensors of 5 pages; map and character"
                + " probabilities of every timed page, texts identical): B %.3g, C %.3g (tolerance %.0e) -> %s%n", diffB, diffC,
                TOLERANCE, diffB <= TOLERANCE && diffC <= TOLERANCE ? "EQUAL" : "DIFFERENT");
        System.out.printf("loadavg(end)=%s%n", loadAverage());
        if (diffB > TOLERANCE || diffC > TOLERANCE) {
            System.exit(1);
        }
    }

    private static double pct(double[] values, int p) {
        double[] s = values.clone();
        Arrays.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, idx))];
    }

    private static double ratio(Mat crop) {
        return (double) crop.cols() / Math.max(1, crop.rows());
    }

    private static ByteBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder());
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }
}
