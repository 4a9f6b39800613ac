package org.freerpacapture.inference.ppocr;

import org.freerpacapture.inference.ppocr.runtime.InferencePool;
import org.freerpacapture.ocr.Deadline;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.Task;
import org.freerpacapture.ocr.Word;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PpOcrProviderTest {
    static final Path SROIE = Path.of(System.getProperty("shared.dir", "../../shared"), "data", "sroie-dev");

    private static InferencePool pool;
    private static PpOcrProvider v4;
    private static PpOcrProvider v3;
    private static PpOcrProvider english;

    @BeforeAll
    static void load() {
        pool = new InferencePool("ppocr-test", 2, 8);
        v4 = PpOcrProvider.load(PpOcrModel.V4, pool);
        v3 = PpOcrProvider.load(PpOcrModel.V3, pool);
        english = PpOcrProvider.load(PpOcrModel.V4_EN, pool);
    }

    @AfterAll
    static void close() {
        v4.close();
        v3.close();
        english.close();
        pool.close();
    }

    @Test
    void dictionary_size_equals_the_recognizers_class_count_for_every_model() {
        // ppocr_keys_v1.txt has 6,623 tokens, en_dict.txt 95; + blank + space. A mismatch refuses to load.
        assertEquals(6625, v4.dictionarySize());
        assertEquals(6625, v3.dictionarySize());
        assertEquals(97, english.dictionarySize());
        assertEquals("en_PP-OCRv4", english.info().model());
    }

    @Test
    void every_model_reads_a_scanned_receipt_with_lines_words_and_polygons() throws Exception {
        byte[] bytes = Files.readAllBytes(SROIE.resolve("img/000.jpg"));
        var image = SroieEval.toBgr(ImageIO.read(SROIE.resolve("img/000.jpg").toFile()));
        OcrRequest request = new OcrRequest("t-1", Task.DOCUMENT,
                new Document(bytes, "image/jpeg", List.of(new PageImage(1, image))), Set.of(),
                Deadline.after(Duration.ofSeconds(60)));
        for (PpOcrProvider provider : List.of(v4, v3, english)) {
            OcrResult result = provider.analyze(request).toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertEquals(provider.id(), result.provider().id());
            assertEquals(1, result.pages().size());
            assertEquals(463, result.pages().get(0).width());
            List<Line> lines = result.pages().get(0).lines();
            assertTrue(lines.size() > 30, "a receipt has many lines, got " + lines.size());
            assertTrue(result.content().toUpperCase(java.util.Locale.ROOT).contains("TAN WOON YANN"), result.content());
            assertTrue(result.content().contains("9.00"), result.content());
            Line first = lines.get(0);
            assertEquals(8, first.polygon().toArray().length);
            assertTrue(first.polygon().minY() < 80, "the first line is at the top: " + first.polygon());
            for (Line line : lines) {
                assertTrue(line.confidence() > 0 && line.confidence() <= 1);
                assertEquals(line.text(), String.join(" ", line.words().stream().map(Word::text).toList()));
                for (Word w : line.words()) {
                    assertTrue(w.polygon().minX() >= line.polygon().minX() - 1
                            && w.polygon().maxX() <= line.polygon().maxX() + 1, "word inside its line");
                }
            }
            assertTrue(result.timingsMs().get("detect") > 0 && result.timingsMs().get("recognize") > 0);
        }
    }

    /**
     * Pages detected at the same time take turns with one pair of detection buffers; pages of different sizes read
     * together must come out exactly as each does alone.
     */
    @Test
    void receipts_read_at_the_same_time_read_as_they_do_one_at_a_time() throws Exception {
        List<String> names = List.of("img/000.jpg", "img/001.jpg", "img/002.jpg", "img/003.jpg");
        List<OcrRequest> requests = new java.util.ArrayList<>();
        for (String name : names) {
            byte[] bytes = Files.readAllBytes(SROIE.resolve(name));
            var image = SroieEval.toBgr(ImageIO.read(SROIE.resolve(name).toFile()));
            requests.add(new OcrRequest(name, Task.DOCUMENT,
                    new Document(bytes, "image/jpeg", List.of(new PageImage(1, image))), Set.of(),
                    Deadline.after(Duration.ofSeconds(120))));
        }
        List<String> alone = new java.util.ArrayList<>();
        for (OcrRequest request : requests) {
            alone.add(v4.analyze(request).toCompletableFuture().get(60, TimeUnit.SECONDS).content());
        }
        List<java.util.concurrent.CompletableFuture<OcrResult>> together = new java.util.ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (OcrRequest request : requests) {
                together.add(v4.analyze(request).toCompletableFuture());
            }
        }
        for (int i = 0; i < together.size(); i++) {
            assertEquals(alone.get(i % names.size()), together.get(i).get(120, TimeUnit.SECONDS).content(),
                    names.get(i % names.size()) + " read alongside the others");
        }
    }

    @Test
    void each_stage_of_each_page_is_told_to_the_requests_listener_with_its_counts() throws Exception {
        var image = SroieEval.toBgr(ImageIO.read(SROIE.resolve("img/000.jpg").toFile()));
        List<org.freerpacapture.ocr.StageTiming> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        OcrRequest request = new OcrRequest("t-3", Task.DOCUMENT,
                new Document(new byte[1], "image/jpeg", List.of(new PageImage(1, image))), Set.of(),
                Deadline.after(Duration.ofSeconds(60)), told::add);
        v4.analyze(request).toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(List.of("decode", "detect", "classify", "recognize"),
                told.stream().map(org.freerpacapture.ocr.StageTiming::stage).toList());
        var detect = told.get(1);
        var recognize = told.get(3);
        assertEquals(v4.id(), detect.provider());
        assertEquals(1, detect.pageNumber());
        assertTrue(detect.crops() > 30, "a receipt has many text regions, got " + detect.crops());
        assertEquals(detect.crops(), recognize.crops());
        assertTrue(recognize.batches() >= 1 && recognize.batchSize() >= 1);
        assertTrue(recognize.batches() * recognize.batchSize() >= recognize.crops());
        assertTrue(detect.endNanos() <= told.get(2).startNanos() && detect.seconds() > 0);
        assertTrue(told.get(0).endNanos() <= detect.startNanos(), "the pixels are decoded before detection");
    }

    @Test
    void an_expired_deadline_ends_the_read_with_a_timeout() {
        var image = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        OcrRequest request = new OcrRequest("t-2", Task.DOCUMENT,
                new Document(new byte[1], "image/png", List.of(new PageImage(1, image))), Set.of(), new Deadline(System.nanoTime() - 1));
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> v4.analyze(request).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals(org.freerpacapture.ocr.ProviderException.Kind.TIMEOUT,
                ((org.freerpacapture.ocr.ProviderException) e.getCause()).kind());
    }

    @Test
    void warm_up_completes() throws Exception {
        v4.warmUp().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
