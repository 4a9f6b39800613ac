package org.freerpacapture.inference.ppocr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.freerpacapture.inference.ppocr.runtime.InferencePool;
import org.freerpacapture.models.ModelManifest;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.Task;
import org.freerpacapture.ocr.Word;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the document and screen dev sets (bench/run-devsets.sh builds them) with the pipeline in this process, with
 * the model ({@code -Dmodel=V4_EN}, default {@code V4}) and options from system properties as {@link SroieEval}
 * takes them, and writes what it read where {@code bench/devsets/score_devsets.py --rescore RUN_DIR} scores it: a
 * quick loop for changing the engine without building the gateway. Arguments: the dev sets folder, the run folder to write, and optionally {@code docs} or
 * {@code screens} (default both). Screens are read as screenshots; their find queries are not answered here.
 */
public final class DevsetEval {
    public static void main(String[] args) throws Exception {
        Path devsets = Path.of(args[0]);
        Path run = Path.of(args[1]);
        String only = args.length > 2 ? args[2] : "";
        ObjectMapper json = new ObjectMapper();
        Path raw = run.resolve("raw").resolve("ours");
        Files.createDirectories(raw);
        ObjectNode report = json.createObjectNode();
        PpOcrOptions options = SroieEval.optionsFromSystemProperties();
        ObjectNode meta = report.putObject("meta").put("stamp", java.time.Instant.now().toString())
                .put("command", "DevsetEval " + String.join(" ", args)).put("gateway", "in process: " + options);
        meta.putObject("machine");
        Files.writeString(run.resolve("report.json"), report.toString());
        long total = 0;
        int pages = 0;
        PpOcrModel model = PpOcrModel.valueOf(System.getProperty("model", "V4"));
        try (PpOcrPipeline pipeline = SroieEval.pipeline(model, options);
             InferencePool pool = new InferencePool("devset-eval", Runtime.getRuntime().availableProcessors(), 1)) {
            for (JsonNode item : json.readTree(devsets.resolve("manifest.json").toFile()).get("images")) {
                String set = item.get("set").asText();
                if (!only.isEmpty() && !only.equals(set)) {
                    continue;
                }
                Task task = set.equals("screens") ? Task.SCREEN : Task.DOCUMENT;
                PageImage image = new PageImage(1, SroieEval.toBgr(ImageIO.read(
                        devsets.resolve(item.get("image").asText()).toFile())));
                long t0 = System.nanoTime();
                Page page = pool.submit("devset-eval", () -> pipeline.read(image, task, options.textRepair(),
                        StageClock.unheard(), pool::lend)).toCompletableFuture().join();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                total += ms;
                pages++;
                ObjectNode out = json.createObjectNode();
                out.put("ms", ms).put("angle", page.angle());
                ArrayNode lines = out.putArray("lines");
                for (Line line : page.lines()) {
                    ObjectNode l = lines.addObject().put("text", line.text());
                    l.set("poly", json.valueToTree(line.polygon().toArray()));
                    ArrayNode words = l.putArray("words");
                    for (Word w : line.words()) {
                        words.addObject().put("text", w.text()).set("poly", json.valueToTree(w.polygon().toArray()));
                    }
                }
                out.putObject("matches");
                Files.writeString(raw.resolve(item.get("image").asText().replace("/", "__") + ".json"), out.toString());
            }
        }
        System.out.printf("%d pages, %.0f ms per page%n", pages, (double) total / Math.max(1, pages));
    }
}
