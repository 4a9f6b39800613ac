package org.freerpacapture.inference.document;

import static org.freerpacapture.inference.document.TestDocuments.RED;
import static org.freerpacapture.inference.document.TestDocuments.assertColor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.PageImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DocumentDecoder#sizeFromHeader}: the same checks as a full decode, no pixel decoded until asked. */
class HeaderSizingTest {

    private final DocumentDecoder decoder = new DocumentDecoder(DecodeLimits.defaults());

    private PageImage sizedPage(byte[] bytes, String mediaType) {
        Document document = decoder.sizeFromHeader(bytes, mediaType, PageSelection.all()).orElseThrow();
        assertSame(bytes, document.bytes(), "the caller's bytes are kept as they came");
        assertEquals(1, document.pages().size());
        return document.pages().get(0);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void a_jpeg_is_sized_from_its_header_and_decoded_only_when_its_image_is_asked_for(boolean progressive) {
        byte[] jpeg = TestDocuments.jpeg(TestDocuments.quadrants(160, 40), progressive);

        PageImage page = sizedPage(jpeg, "image/jpeg");

        assertEquals(1, page.pageNumber());
        assertEquals(160, page.width());
        assertEquals(40, page.height());
        assertFalse(page.holdsPixels());
        BufferedImage pixels = page.image();
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, pixels.getType());
        assertColor(pixels, 10, 5, RED, 40);
        assertFalse(page.holdsPixels(), "the pixels are the reader's, not kept by the page");
        assertNotSame(pixels, page.image(), "decoded again for a second reader");
    }

    @Test
    void a_png_is_sized_from_its_ihdr_and_decodes_to_the_same_pixels_as_a_full_decode() {
        byte[] png = TestDocuments.encode(TestDocuments.quadrants(64, 48), "png");

        PageImage page = sizedPage(png, "image/png");
        PageImage full = decoder.decode(png, "image/png", PageSelection.all()).pages().get(0);

        assertEquals(64, page.width());
        assertEquals(48, page.height());
        assertFalse(page.holdsPixels());
        byte[] lazy = ((java.awt.image.DataBufferByte) page.image().getRaster().getDataBuffer()).getData();
        byte[] eager = ((java.awt.image.DataBufferByte) full.image().getRaster().getDataBuffer()).getData();
        assertArrayEquals(eager, lazy);
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 6, 7, 8})
    void a_jpeg_whose_exif_turns_it_a_quarter_is_sized_upright(int orientation) {
        byte[] jpeg = TestDocuments.withExifOrientation(TestDocuments.jpeg(TestDocuments.quadrants(160, 40), false),
                orientation, orientation % 2 == 0);

        PageImage page = sizedPage(jpeg, "image/jpeg");

        assertEquals(40, page.width());
        assertEquals(160, page.height());
        assertEquals(40, page.image().getWidth(), "the decoded page agrees with the header's size");
        assertEquals(160, page.image().getHeight());
    }

    @Test
    void a_jpeg_over_the_pixel_limit_is_refused_from_its_header_as_a_full_decode_refuses_it() {
        DocumentDecoder small = new DocumentDecoder(new DecodeLimits(1 << 20, 1000, 5, 200));
        byte[] jpeg = TestDocuments.jpeg(TestDocuments.quadrants(160, 40), false);

        DocumentException sized = assertThrows(DocumentException.class,
                () -> small.sizeFromHeader(jpeg, "image/jpeg", PageSelection.all()));
        DocumentException full = assertThrows(DocumentException.class,
                () -> small.decode(jpeg, "image/jpeg", PageSelection.all()));

        assertEquals("image_too_large", sized.code());
        assertEquals(413, sized.httpStatus());
        assertEquals(full.getMessage(), sized.getMessage());
    }

    @Test
    void a_page_selection_beyond_page_one_is_refused_as_a_full_decode_refuses_it() {
        byte[] png = TestDocuments.encode(TestDocuments.quadrants(64, 48), "png");
        PageSelection second = PageSelection.parse("2");

        DocumentException sized = assertThrows(DocumentException.class,
                () -> decoder.sizeFromHeader(png, "image/png", second));
        DocumentException full = assertThrows(DocumentException.class,
                () -> decoder.decode(png, "image/png", second));

        assertEquals(full.code(), sized.code());
        assertEquals(full.httpStatus(), sized.httpStatus());
    }

    @Test
    void empty_and_oversized_bodies_fail_as_in_a_full_decode() {
        DocumentDecoder small = new DocumentDecoder(new DecodeLimits(100, 40_000_000, 5, 200));
        byte[] jpeg = TestDocuments.jpeg(TestDocuments.quadrants(160, 40), false);

        assertEquals("empty_body", assertThrows(DocumentException.class,
                () -> decoder.sizeFromHeader(new byte[0], "image/jpeg", PageSelection.all())).code());
        assertEquals("payload_too_large", assertThrows(DocumentException.class,
                () -> small.sizeFromHeader(jpeg, "image/jpeg", PageSelection.all())).code());
    }

    @Test
    void a_truncated_jpeg_is_left_to_the_full_decode_which_refuses_it() {
        byte[] jpeg = TestDocuments.jpeg(TestDocuments.quadrants(160, 40), false);
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length - 40);

        assertTrue(decoder.sizeFromHeader(cut, "image/jpeg", PageSelection.all()).isEmpty());
        assertEquals("undecodable_image", assertThrows(DocumentException.class,
                () -> decoder.decode(cut, "image/jpeg", PageSelection.all())).code());
    }

    @Test
    void a_png_cut_short_or_without_image_data_is_left_to_the_full_decode() {
        byte[] png = TestDocuments.encode(TestDocuments.quadrants(64, 48), "png");

        assertTrue(decoder.sizeFromHeader(Arrays.copyOf(png, png.length - 20), "image/png",
                PageSelection.all()).isEmpty());
        assertTrue(decoder.sizeFromHeader(TestDocuments.pngHeader(64, 48), "image/png",
                PageSelection.all()).isEmpty());
    }

    @Test
    void multi_page_and_other_formats_are_left_to_the_full_decode() {
        BufferedImage page = TestDocuments.quadrants(32, 32);

        assertTrue(decoder.sizeFromHeader(TestDocuments.tiff(page, page), "image/tiff", PageSelection.all())
                .isEmpty());
        assertTrue(decoder.sizeFromHeader(TestDocuments.pdf(1, PDRectangle.A6), "application/pdf",
                PageSelection.all()).isEmpty());
        assertTrue(decoder.sizeFromHeader(TestDocuments.encode(page, "bmp"), "image/bmp", PageSelection.all())
                .isEmpty());
    }
}
