package org.freerpacapture.inference.ppocr;

import org.freerpacapture.inference.ppocr.repair.ReceiptRepair;
import org.freerpacapture.inference.ppocr.repair.TextRepair;
import org.freerpacapture.inference.ppocr.runtime.IdleThreads;
import org.freerpacapture.models.ModelManifest;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Word repair is a choice per provider for documents, leaves prose alone, and never touches a screenshot. */
class TextRepairChoiceTest {
    private static final List<String> PROSE = List.of("Please notice that we cannot ship today",
            "Call me at noon for a free quote", "Thank you for your order");

    private static PpOcrPipeline pipeline;
    private static BufferedImage page;

    @BeforeAll
    static void load() {
        pipeline = new PpOcrPipeline(PpOcrModel.V4, PpOcrOptions.defaults(), ModelManifest.load());
        page = new BufferedImage(640, 200, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = page.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, page.getWidth(), page.getHeight());
        g.setColor(new Color(30, 36, 48));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 22));
        for (int i = 0; i < PROSE.size(); i++) {
            g.drawString(PROSE.get(i), 30, 50 + 50 * i);
        }
        g.dispose();
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    @Test
    void a_screenshot_keeps_its_words_whatever_repair_the_provider_has() {
        assertEquals(PROSE, read(Task.SCREEN, ReceiptRepair.bundled()));
        assertEquals(PROSE, read(Task.SCREEN, TextRepair.NONE));
    }

    @Test
    void a_document_read_without_repair_keeps_its_words() {
        assertEquals(PROSE, read(Task.DOCUMENT, TextRepair.NONE));
    }

    @Test
    void the_receipt_vocabulary_leaves_words_of_prose_alone_on_a_document() {
        // "notice" and "cannot" are not split into receipt words, "me at" is not joined into "meat".
        assertEquals(PROSE, read(Task.DOCUMENT, ReceiptRepair.bundled()));
    }

    @Test
    void a_policy_names_a_repair_that_exists_or_hears_which_do() {
        assertEquals("receipts", TextRepair.named("receipts").name());
        assertEquals(TextRepair.NONE, TextRepair.named("none"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextRepair.named("invoices"));
        assertTrue(e.getMessage().contains("receipts, none"), e.getMessage());
    }

    private static List<String> read(Task task, TextRepair repair) {
        return pipeline.read(new PageImage(1, page), task, repair, StageClock.unheard(), IdleThreads.NONE)
                .lines().stream().map(Line::text).toList();
    }
}
