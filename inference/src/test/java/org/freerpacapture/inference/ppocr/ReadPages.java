package org.freerpacapture.inference.ppocr;

import org.freerpacapture.models.ModelManifest;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.Task;

import javax.imageio.ImageIO;
import java.io.File;

/**
 * Reads images with the local pipeline and prints each page's turn, line count and first lines: a quick look at
 * what the engine makes of a page while changing it. Options as {@link SroieEval} takes them (-Ddet.limit=…);
 * {@code -Dtask=SCREEN} reads screenshots, {@code -Dlines=N} prints N lines.
 */
public final class ReadPages {
    public static void main(String[] args) throws Exception {
        Task task = Task.valueOf(System.getProperty("task", "DOCUMENT"));
        int show = Integer.getInteger("lines", 3);
        try (PpOcrPipeline pipeline = new PpOcrPipeline(PpOcrModel.V4, SroieEval.optionsFromSystemProperties(),
                ModelManifest.load())) {
            for (String path : args) {
                long t0 = System.nanoTime();
                Page page = pipeline.read(new PageImage(1, SroieEval.toBgr(ImageIO.read(new File(path)))), task);
                System.out.printf("%s: angle %.0f, %d lines, %.0f ms%n", path, page.angle(), page.lines().size(),
                        (System.nanoTime() - t0) / 1e6);
                page.lines().stream().limit(show).map(Line::text).forEach(t -> System.out.println("  " + t));
            }
        }
    }
}
