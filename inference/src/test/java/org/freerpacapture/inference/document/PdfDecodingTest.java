package org.freerpacapture.inference.document;

import static org.freerpacapture.inference.document.TestDocuments.WHITE;
import static org.freerpacapture.inference.document.TestDocuments.assertColor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.PageImage;
import org.junit.jupiter.api.Test;

class PdfDecodingTest {

    private final DocumentDecoder decoder = new DocumentDecoder(DecodeLimits.defaults());

    @Test
    void every_page_is_rendered_at_the_configured_dpi_as_bgr() {
        byte[] pdf = TestDocuments.pdf(2, PDRectangle.LETTER);

        Document document = decoder.decode(pdf, "application/pdf", PageSelection.all());

        assertEquals("application/pdf", document.contentType());
        assertEquals(List.of(1, 2), document.pages().stream().map(PageImage::pageNumber).toList());
        BufferedImage first = document.pages().get(0).image();
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, first.getType());
        // 8.5 × 11 in at 200 dpi; PDFBox scales in float and floors, so 1699.99 may become 1699.
        assertEquals(1700, first.getWidth(), 1);
        assertEquals(2200, first.getHeight(), 1);
        // The one-inch black square in the top-left corner, white elsewhere: the page is upright.
        assertColor(first, 100, 100, Color.BLACK, 0);
        assertColor(first, 1600, 2100, WHITE, 0);
    }

    @Test
    void the_dpi_comes_from_the_limits() {
        DocumentDecoder lowRes = new DocumentDecoder(new DecodeLimits(1 << 20, 40_000_000, 5, 72));

        PageImage page = lowRes.decode(TestDocuments.pdf(1, PDRectangle.LETTER), "application/pdf",
                PageSelection.all()).pages().get(0);

        assertEquals(612, page.width());
        assertEquals(792, page.height());
    }

    @Test
    void selected_pages_keep_their_original_numbers() {
        byte[] pdf = TestDocuments.pdf(5, PDRectangle.A6);

        Document document = decoder.decode(pdf, "application/pdf", PageSelection.parse("2,4-9"));

        assertEquals(List.of(2, 4, 5), document.pages().stream().map(PageImage::pageNumber).toList());
    }

    @Test
    void a_pdf_declared_as_an_image_is_still_rendered() {
        Document document = decoder.decode(TestDocuments.pdf(1, PDRectangle.A6), "image/jpeg", PageSelection.all());

        assertEquals("application/pdf", document.contentType());
        assertEquals(1, document.pages().size());
    }

    @Test
    void a_pdf_encrypted_without_a_user_password_opens() {
        byte[] pdf = TestDocuments.pdf(1, PDRectangle.A6, TestDocuments.protection("owner-secret", ""));

        Document document = decoder.decode(pdf, "application/pdf", PageSelection.all());

        assertEquals(1, document.pages().size());
        assertColor(document.pages().get(0).image(), 50, 50, Color.BLACK, 0);
    }

    @Test
    void a_password_protected_pdf_is_refused_with_encrypted_pdf() {
        byte[] pdf = TestDocuments.pdf(1, PDRectangle.A6, TestDocuments.protection("owner-secret", "user-secret"));

        DocumentException e = assertThrows(DocumentException.class,
                () -> decoder.decode(pdf, "application/pdf", PageSelection.all()));

        assertEquals("encrypted_pdf", e.code());
        assertEquals(400, e.httpStatus());
        assertTrue(e.getMessage().contains("password"), e.getMessage());
    }

    @Test
    void a_pdf_without_pages_is_refused_with_no_pages() {
        DocumentException e = assertThrows(DocumentException.class,
                () -> decoder.decode(TestDocuments.pdf(0, PDRectangle.A4), "application/pdf", PageSelection.all()));

        assertEquals("no_pages", e.code());
        assertEquals(422, e.httpStatus());
    }

    @Test
    void a_selection_past_the_end_is_refused_with_the_page_count() {
        byte[] pdf = TestDocuments.pdf(3, PDRectangle.A6);

        DocumentException e = assertThrows(DocumentException.class,
                () -> decoder.decode(pdf, "application/pdf", PageSelection.parse("5-7")));

        assertEquals("no_pages", e.code());
        assertEquals(422, e.httpStatus());
        assertTrue(e.getMessage().contains("3 pages"), e.getMessage());
        assertTrue(e.getMessage().contains("5-7"), e.getMessage());
    }

    @Test
    void too_many_selected_pages_are_refused_before_rendering() {
        DocumentDecoder twoPages = new DocumentDecoder(new DecodeLimits(1 << 20, 40_000_000, 2, 200));
        byte[] pdf = TestDocuments.pdf(3, PDRectangle.A6);

        DocumentException e = assertThrows(DocumentException.class,
                () -> twoPages.decode(pdf, "application/pdf", PageSelection.all()));

        assertEquals("too_many_pages", e.code());
        assertEquals(413, e.httpStatus());
        // Counted over the selection: two of the three pages are fine.
        assertEquals(2, twoPages.decode(pdf, "application/pdf", PageSelection.parse("1,3")).pages().size());
    }

    @Test
    void a_page_too_large_at_the_dpi_is_refused_before_rendering() {
        // A 200 × 200 inch poster at 200 dpi would be 40 000 × 40 000 pixels (6.4 GB as BGR).
        byte[] pdf = TestDocuments.pdf(1, new PDRectangle(200 * 72, 200 * 72));

        long start = System.nanoTime();
        DocumentException e = assertThrows(DocumentException.class,
                () -> decoder.decode(pdf, "application/pdf", PageSelection.all()));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals("image_too_large", e.code());
        assertEquals(413, e.httpStatus());
        assertTrue(e.getMessage().contains("40000x40000"), e.getMessage());
        assertTrue(millis < 1000, "refused in " + millis + " ms");
    }

    @Test
    void garbage_after_a_pdf_header_is_refused_with_undecodable_pdf() {
        byte[] garbage = new byte[4000];
        new java.util.Random(7).nextBytes(garbage);
        byte[] pdf = Arrays.copyOf("%PDF-1.7\n".getBytes(), 4000 + 9);
        System.arraycopy(garbage, 0, pdf, 9, garbage.length);

        DocumentException e = assertThrows(DocumentException.class,
                () -> decoder.decode(pdf, "application/pdf", PageSelection.all()));

        assertEquals("undecodable_pdf", e.code());
        assertEquals(400, e.httpStatus());
    }

    @Test
    void a_non_pdf_body_declared_as_pdf_is_refused_with_undecodable_pdf() {
        DocumentException e = assertThrows(DocumentException.class,
                () -> decoder.decode("hello, this is text".getBytes(), "application/pdf", PageSelection.all()));

        assertEquals("undecodable_pdf", e.code());
        assertEquals(400, e.httpStatus());
    }
}
