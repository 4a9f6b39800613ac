package org.freerpacapture.inference.ppocr;

import org.freerpacapture.inference.ppocr.orient.PageTurn;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.Polygon;
import org.freerpacapture.ocr.Task;
import org.freerpacapture.models.ModelManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageTurnTest {
    private static PpOcrPipeline pipeline;

    @BeforeAll
    static void load() {
        pipeline = new PpOcrPipeline(PpOcrModel.V4, PpOcrOptions.defaults(), ModelManifest.load());
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    @Test
    void a_point_on_the_upright_page_goes_back_to_where_it_was_on_the_page_as_sent() {
        for (PageTurn turn : PageTurn.values()) {
            Mat sent = Mat.zeros(5, 7, CvType.CV_8UC1);
            sent.put(1, 2, 255); // x 2, y 1
            Mat upright = turn.upright(sent);
            Core.MinMaxLocResult found = Core.minMaxLoc(upright);
            double x = found.maxLoc.x;
            double y = found.maxLoc.y;
            Polygon back = turn.onPageAsSent(Polygon.rectangle(x, y, x + 1, y + 1), 7, 5);
            assertEquals(List.of(2.0, 1.0, 3.0, 2.0), List.of(back.minX(), back.minY(), back.maxX(), back.maxY()),
                    turn.name());
            assertTrue(signedArea(back) > 0, turn + " keeps the points clockwise");
            sent.release();
            upright.release();
        }
    }

    @Test
    void a_receipt_sent_turned_any_way_reads_as_it_does_upright_with_polygons_on_the_page_as_sent() throws Exception {
        BufferedImage receipt = SroieEval.toBgr(ImageIO.read(PpOcrProviderTest.SROIE.resolve("img/000.jpg").toFile()));
        Page upright = pipeline.read(new PageImage(1, receipt), Task.DOCUMENT);
        assertEquals(0, upright.angle());
        assertTrue(upright.lines().size() > 30);

        for (PageTurn turn : List.of(PageTurn.QUARTER, PageTurn.UPSIDE_DOWN, PageTurn.THREE_QUARTERS)) {
            BufferedImage sent = SroieEval.sentTurned(receipt, turn);
            Page read = pipeline.read(new PageImage(1, sent), Task.DOCUMENT);
            assertEquals(turn.degrees, read.angle(), turn.name());
            assertEquals(sent.getWidth(), read.width());
            assertEquals(sent.getHeight(), read.height());
            assertEquals(texts(upright), texts(read), turn.name());
            for (int i = 0; i < upright.lines().size(); i++) {
                Polygon expected = turn.onPageAsSent(upright.lines().get(i).polygon(), sent.getWidth(), sent.getHeight());
                assertEquals(expected, read.lines().get(i).polygon(), turn + ", line " + i);
            }
        }
    }

    /**
     * A résumé page of long, dense lines that the classifier's vote alone read as upside down: the recognizer,
     * reading its longest lines both ways, keeps it as sent; the same page sent upside down is still turned.
     */
    @Test
    void an_upright_page_of_long_lines_is_read_as_sent_and_turned_only_when_it_is_upside_down() throws Exception {
        BufferedImage resume;
        try (var in = PageTurnTest.class.getResourceAsStream("/documents/resume-upright.png")) {
            resume = SroieEval.toBgr(ImageIO.read(in));
        }
        Page upright = pipeline.read(new PageImage(1, resume), Task.DOCUMENT);
        assertEquals(0, upright.angle());
        assertEquals("Thomas Ashworth", upright.lines().get(0).text());

        Page turned = pipeline.read(new PageImage(1, SroieEval.sentTurned(resume, PageTurn.UPSIDE_DOWN)), Task.DOCUMENT);
        assertEquals(180, turned.angle());
        assertEquals(texts(upright), texts(turned));
    }

    @Test
    void a_screenshot_is_read_as_sent_screens_are_never_turned() throws Exception {
        BufferedImage receipt = SroieEval.toBgr(ImageIO.read(PpOcrProviderTest.SROIE.resolve("img/000.jpg").toFile()));
        BufferedImage sent = SroieEval.sentTurned(receipt, PageTurn.UPSIDE_DOWN);
        Page asDocument = pipeline.read(new PageImage(1, sent), Task.DOCUMENT);
        Page asScreen = pipeline.read(new PageImage(1, sent), Task.SCREEN);
        assertEquals(180, asDocument.angle());
        assertEquals(0, asScreen.angle());
        assertTrue(!texts(asScreen).equals(texts(asDocument)), "the screen is read as the upside-down pixels it is");
    }

    private static List<String> texts(Page page) {
        return page.lines().stream().map(Line::text).toList();
    }

    /** Positive for points clockwise on screen (y pointing down). */
    private static double signedArea(Polygon p) {
        double a = 0;
        for (int i = 0; i < p.size(); i++) {
            int j = (i + 1) % p.size();
            a += p.x(i) * p.y(j) - p.x(j) * p.y(i);
        }
        return a / 2;
    }
}
