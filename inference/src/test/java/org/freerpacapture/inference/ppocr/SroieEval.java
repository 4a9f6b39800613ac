package org.freerpacapture.inference.ppocr;

import org.freerpacapture.inference.ppocr.orient.PageTurn;
import org.freerpacapture.inference.ppocr.runtime.InferencePool;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.Polygon;
import org.freerpacapture.ocr.Task;
import org.freerpacapture.inference.ppocr.repair.TextRepair;
import org.freerpacapture.inference.ppocr.runtime.OpenCv;
import org.freerpacapture.models.ModelManifest;
import org.opencv.core.Core;
import org.opencv.core.Mat;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the SROIE dev set with given options and scores it; used by the accuracy test and, from the command line,
 * to tune the pipeline: {@code java -cp ... SroieEval <sroie-dir> [predictions.json]} with options as system
 * properties ({@code -Ddet.limit=960 -Ddet.min=false ...}); {@code -Dturn=UPSIDE_DOWN} (or {@code QUARTER},
 * {@code THREE_QUARTERS}) sends every receipt turned, {@code -Dlimit=N} reads the first N.
 */
final class SroieEval {

    record Run(SroieScorer.Score score, Map<String, List<Map<String, Object>>> predictions, double msPerPage) {
    }

    static Run run(Path sroieDir, PpOcrModel model, PpOcrOptions options, int limit) throws Exception {
        return run(sroieDir, model, options, limit, PageTurn.UPRIGHT);
    }

    /** With every receipt sent turned as {@code sentAs} (its ground truth turned alike). */
    static Run run(Path sroieDir, PpOcrModel model, PpOcrOptions options, int limit, PageTurn sentAs) throws Exception {
        List<Path> images;
        try (Stream<Path> s = Files.list(sroieDir.resolve("img"))) {
            images = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(limit).toList();
        }
        SroieScorer scorer = new SroieScorer();
        Map<String, List<Map<String, Object>>> predictions = new LinkedHashMap<>();
        long total = 0;
        int[] handled = new int[2]; // crops and batches recognized, told on the pool's threads one page at a time
        StageClock clock = new StageClock("sroie-eval", t -> {
            if (t.stage().equals(PpOcrPipeline.RECOGNIZE)) {
                handled[0] += t.crops();
                handled[1] += t.batches();
            }
        });
        // Pages are read on an inference pool as the provider reads them, so recognition batches fan out the same way.
        try (PpOcrPipeline pipeline = SroieEval.pipeline(model, options);
             InferencePool pool = new InferencePool("sroie-eval", Runtime.getRuntime().availableProcessors(), 1)) {
            pipeline.read(new PageImage(1, toBgr(ImageIO.read(images.get(0).toFile()))), Task.DOCUMENT);
            for (Path img : images) {
                String stem = img.getFileName().toString().replace(".jpg", "");
                BufferedImage bgr = sentTurned(toBgr(ImageIO.read(img.toFile())), sentAs);
                long t0 = System.nanoTime();
                Page page = pool.submit("sroie-eval", () -> pipeline.read(new PageImage(1, bgr), Task.DOCUMENT,
                        options.textRepair(), clock, pool::lend))
                        .toCompletableFuture().join();
                total += System.nanoTime() - t0;
                List<SroieScorer.TextLine> predicted = new ArrayList<>();
                List<Map<String, Object>> json = new ArrayList<>();
                for (Line line : page.lines()) {
                    double[] poly = line.polygon().toArray();
                    predicted.add(new SroieScorer.TextLine(line.text(), SroieScorer.Box.of(poly)));
                    json.add(Map.of("text", line.text(), "confidence", line.confidence(), "box", new double[][]{{poly[0], poly[1]}, {poly[2], poly[3]}, {poly[4], poly[5]}, {poly[6], poly[7]}}));
                }
                predictions.put(stem, json);
                List<SroieScorer.TextLine> truth = new ArrayList<>();
                for (SroieScorer.TextLine t : SroieScorer.loadGroundTruth(sroieDir.resolve("box").resolve(stem + ".csv"))) {
                    Polygon box = Polygon.rectangle(t.box().x0(), t.box().y0(), t.box().x1(), t.box().y1());
                    truth.add(new SroieScorer.TextLine(t.text(),
                            SroieScorer.Box.of(sentAs.onPageAsSent(box, bgr.getWidth(), bgr.getHeight()).toArray())));
                }
                scorer.add(truth, predicted);
            }
        }
        Map<String, Double> ms = clock.timingsMs();
        double n = images.size();
        System.out.printf("stages per page: decode %.1f ms, detect %.1f ms, classify %.1f ms, recognize %.1f ms, "
                        + "crops %.1f, batches %.1f%n", ms.get(PpOcrPipeline.DECODE) / n, ms.get(PpOcrPipeline.DETECT) / n,
                ms.get(PpOcrPipeline.CLASSIFY) / n, ms.get(PpOcrPipeline.RECOGNIZE) / n, handled[0] / n, handled[1] / n);
        return new Run(scorer.score(), predictions, total / 1e6 / images.size());
    }

    static BufferedImage toBgr(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_3BYTE_BGR) return src;
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        var g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    /** An upright page turned so that its text is turned as {@code turn} says, as a scanner fed it wrongly would. */
    static BufferedImage sentTurned(BufferedImage uprightBgr, PageTurn turn) {
        if (turn == PageTurn.UPRIGHT) {
            return uprightBgr;
        }
        int code = switch (turn) {
            case QUARTER -> Core.ROTATE_90_CLOCKWISE;
            case UPSIDE_DOWN -> Core.ROTATE_180;
            default -> Core.ROTATE_90_COUNTERCLOCKWISE;
        };
        Mat m = OpenCv.toMat(uprightBgr);
        Mat t = new Mat();
        Core.rotate(m, t, code);
        BufferedImage out = new BufferedImage(t.cols(), t.rows(), BufferedImage.TYPE_3BYTE_BGR);
        t.get(0, 0, ((DataBufferByte) out.getRaster().getDataBuffer()).getData());
        m.release();
        t.release();
        return out;
    }

    /**
     * The pipeline for {@code model}; with {@code -Drec.single=true}, the same with the model set's own recognizer
     * alone (no choice per page); with {@code -Drec.model=FILE -Drec.keys=FILE}, with another recognizer and its
     * keys (one token a line), to measure it against the model set's own.
     */
    static PpOcrPipeline pipeline(PpOcrModel model, PpOcrOptions options) throws java.io.IOException {
        String rec = System.getProperty("rec.model");
        ModelManifest manifest = ModelManifest.load();
        if (rec == null && Boolean.getBoolean("rec.single")) {
            return new PpOcrPipeline(model, options, manifest, manifest.read(model.recognizer().modelId()),
                    manifest.read(model.recognizer().dictionaryId()));
        }
        if (rec == null) {
            return new PpOcrPipeline(model, options, manifest);
        }
        return new PpOcrPipeline(model, options, manifest, java.nio.file.Files.readAllBytes(Path.of(rec)),
                java.nio.file.Files.readAllBytes(Path.of(System.getProperty("rec.keys"))));
    }

    static PpOcrOptions optionsFromSystemProperties() {
        PpOcrOptions d = PpOcrOptions.defaults();
        return d.toBuilder()
                .detLimitSideLen(Integer.getInteger("det.limit", d.detLimitSideLen()))
                .detLimitMin(Boolean.parseBoolean(System.getProperty("det.min", String.valueOf(d.detLimitMin()))))
                .detMaxSideLen(Integer.getInteger("det.max", d.detMaxSideLen()))
                .detFineSideLen(Integer.getInteger("det.fine", d.detFineSideLen()))
                .detThresh(Float.parseFloat(System.getProperty("det.thresh", String.valueOf(d.detThresh()))))
                .detBoxThresh(Float.parseFloat(System.getProperty("det.box", String.valueOf(d.detBoxThresh()))))
                .detScoreByContour(Boolean.parseBoolean(System.getProperty("det.contour",
                        String.valueOf(d.detScoreByContour()))))
                .unclipRatio(Float.parseFloat(System.getProperty("det.unclip", String.valueOf(d.unclipRatio()))))
                .useAngleClassifier(Boolean.parseBoolean(System.getProperty("cls",
                        String.valueOf(d.useAngleClassifier()))))
                .recBatchSize(Integer.getInteger("rec.batch", d.recBatchSize()))
                .dropScore(Float.parseFloat(System.getProperty("drop", String.valueOf(d.dropScore()))))
                .spaceGapRatio(Float.parseFloat(System.getProperty("gap.ratio", String.valueOf(d.spaceGapRatio()))))
                .lineBreakRatio(Float.parseFloat(System.getProperty("line.break", String.valueOf(d.lineBreakRatio()))))
                .textRepair(TextRepair.named(System.getProperty("repair", d.textRepair().name())))
                .intraOpThreads(Integer.getInteger("threads", d.intraOpThreads()))
                .build();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PpOcrModel model = PpOcrModel.valueOf(System.getProperty("model", "V4"));
        PpOcrOptions options = optionsFromSystemProperties();
        Run run = run(dir, model, options, Integer.getInteger("limit", 1000),
                PageTurn.valueOf(System.getProperty("turn", "UPRIGHT")));
        System.out.println(options);
        System.out.printf("%s ms_per_page=%.1f%n", run.score(), run.msPerPage());
        if (args.length > 1) {
            new ObjectMapper().writeValue(Path.of(args[1]).toFile(), run.predictions());
        }
    }
}
