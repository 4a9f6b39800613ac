package org.freerpacapture.inference.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.freerpacapture.hostile.HostilePdfs;
import org.freerpacapture.ocr.Deadline;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.PageImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** PDF pages are drawn under a budget: an operator count per page, the request's deadline, its caller's presence. */
class PdfRenderBudgetTest {

    private final DocumentDecoder decoder = new DocumentDecoder(DecodeLimits.defaults());

    static Stream<Arguments> cpuBombs() {
        return Stream.of(
                Arguments.of("forms nested 12 deep, each drawing the next 4 times", HostilePdfs.nestedForms(12, 4)),
                Arguments.of("forms nested 40 deep, each drawing the next twice", HostilePdfs.nestedForms(40, 2)),
                Arguments.of("4 000 000 operators in one content stream", HostilePdfs.manyOperators(4_000_000)),
                Arguments.of("one path of 600 000 segments", HostilePdfs.giantPath(600_000)),
                Arguments.of("a tiling pattern of 100 000 operators filled 50 times",
                        HostilePdfs.tilingPattern(100_000, 50)),
                Arguments.of("5 000 000 glyphs", HostilePdfs.manyGlyphs(5_000_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cpuBombs")
    void a_page_that_needs_more_operations_than_its_budget_is_refused_before_it_is_drawn(String name, byte[] pdf) {
        assertTrue(pdf.length < 200_000, name + " is " + pdf.length + " bytes");

        long start = System.nanoTime();
        DocumentException e = assertThrows(DocumentException.class,
                () -> decoder.decode(pdf, "application/pdf", PageSelection.all(), DecodeBudget.unbounded()));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals("pdf_too_complex", e.code(), e.getMessage());
        assertEquals(422, e.httpStatus());
        assertTrue(e.getMessage().contains("Page 1") && e.getMessage().contains("200000"), e.getMessage());
        assertTrue(millis < 2_500, name + " was counted for " + millis + " ms");
        System.out.printf("%s: refused after %d ms%n", name, millis);
    }

    @Test
    void drawing_stops_at_the_operator_limit_even_when_the_count_before_it_was_passed() throws Exception {
        try (var pdf = org.apache.pdfbox.Loader.loadPDF(HostilePdfs.nestedForms(12, 4))) {
            BudgetedPdfRenderer renderer = new BudgetedPdfRenderer(pdf, 1, 5_000, DecodeBudget.unbounded());

            long start = System.nanoTime();
            DocumentException e = assertThrows(DocumentException.class, () -> {
                renderer.renderImageWithDPI(0, 200);
                renderer.throwIfStopped();
            });
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertEquals("pdf_too_complex", e.code());
            assertTrue(millis < 2_000, "drew for " + millis + " ms");
        }
    }

    /** A page within its count that still takes long to draw: 150 pattern fills over the whole page. */
    private static byte[] slowToDraw() {
        return HostilePdfs.tilingPattern(10, 150);
    }

    @Test
    void a_page_still_drawing_when_the_deadline_passes_stops_with_timeout() {
        DecodeBudget budget = DecodeBudget.until(Deadline.after(Duration.ofMillis(800)), () -> false);
        PageImage page = decoder.decode(slowToDraw(), "application/pdf", PageSelection.all(), budget).pages().get(0);

        long start = System.nanoTime();
        DocumentException e = assertThrows(DocumentException.class, page::image);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals("timeout", e.code(), e.getMessage());
        assertEquals(504, e.httpStatus());
        assertTrue(millis < 1_500, "stopped " + millis + " ms after it began, the deadline was 800 ms away");
    }

    @Test
    void a_page_stops_drawing_when_its_caller_goes_away() throws Exception {
        AtomicBoolean gone = new AtomicBoolean();
        DecodeBudget budget = DecodeBudget.until(Deadline.after(Duration.ofMinutes(5)), gone::get);
        PageImage page = decoder.decode(slowToDraw(), "application/pdf", PageSelection.all(), budget).pages().get(0);
        Thread leaving = new Thread(() -> {
            sleep(300);
            gone.set(true);
        });

        leaving.start();
        long start = System.nanoTime();
        DocumentException e = assertThrows(DocumentException.class, page::image);
        long millis = (System.nanoTime() - start) / 1_000_000;
        leaving.join();

        assertEquals("timeout", e.code());
        assertTrue(millis < 1_000, "stopped " + millis + " ms after it began, the caller left after 300 ms");
    }

    @Test
    void a_budget_spent_before_decoding_draws_nothing() {
        DecodeBudget spent = DecodeBudget.until(Deadline.after(Duration.ZERO), () -> false);

        DocumentException e = assertThrows(DocumentException.class, () -> decoder.decode(
                HostilePdfs.plainPages(3, PDRectangle.LETTER), "application/pdf", PageSelection.all(), spent));

        assertEquals("timeout", e.code());
    }

    @Test
    void an_ordinary_page_renders_well_within_the_default_budget() {
        Document document = decoder.decode(HostilePdfs.plainPages(2, PDRectangle.LETTER), "application/pdf",
                PageSelection.all(), DecodeBudget.until(Deadline.after(Duration.ofSeconds(30)), () -> false));

        for (PageImage page : document.pages()) {
            BufferedImage pixels = page.image();
            assertEquals(page.width(), pixels.getWidth());
            assertEquals(page.height(), pixels.getHeight());
            assertEquals(BufferedImage.TYPE_3BYTE_BGR, pixels.getType());
        }
    }

    @Test
    void pages_turned_a_quarter_are_sized_as_they_are_drawn() throws Exception {
        byte[] pdf = TestDocuments.pdf(1, PDRectangle.A6);
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf); var out = new java.io.ByteArrayOutputStream()) {
            doc.getPage(0).setRotation(90);
            doc.save(out);
            pdf = out.toByteArray();
        }
        PageImage page = decoder.decode(pdf, "application/pdf", PageSelection.all()).pages().get(0);

        assertTrue(page.width() > page.height(), page.toString());
        Supplier<BufferedImage> draw = page::image;
        assertEquals(page.width(), draw.get().getWidth());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
