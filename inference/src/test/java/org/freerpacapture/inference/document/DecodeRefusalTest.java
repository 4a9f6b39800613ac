package org.freerpacapture.inference.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every refusal: its code, its status, and that it comes before the expensive work. */
class DecodeRefusalTest {

    private final DocumentDecoder decoder = new DocumentDecoder(DecodeLimits.defaults());

    private static DocumentException refused(String code, int status, Executable decode) {
        DocumentException e = assertThrows(DocumentException.class, decode);
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(status, e.httpStatus());
        return e;
    }

    @Test
    void the_defaults_are_the_documented_ones() {
        assertEquals(new DecodeLimits(20L * 1024 * 1024, 40_000_000L, 50, 200), DecodeLimits.defaults());
    }

    @Test
    void an_empty_body_is_refused_with_empty_body() {
        refused("empty_body", 400, () -> decoder.decode(new byte[0], "image/png", PageSelection.all()));
        refused("empty_body", 400, () -> decoder.decode(null, "image/png", PageSelection.all()));
    }

    @Test
    void a_body_over_max_bytes_is_refused_with_payload_too_large() {
        DocumentDecoder small = new DocumentDecoder(new DecodeLimits(100, 40_000_000, 50, 200));
        byte[] png = TestDocuments.encode(TestDocuments.quadrants(64, 64), "png");

        DocumentException e = refused("payload_too_large", 413, () -> small.decode(png, "image/png",
                PageSelection.all()));

        assertTrue(e.getMessage().contains("100 bytes"), e.getMessage());
    }

    @Test
    void a_png_declaring_100000_by_100000_pixels_is_refused_in_milliseconds() {
        byte[] png = TestDocuments.pngHeader(100_000, 100_000);

        long start = System.nanoTime();
        DocumentException e = refused("image_too_large", 413, () -> decoder.decode(png, "image/png",
                PageSelection.all()));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(millis < 1000, "refused in " + millis + " ms");
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
        assertTrue(e.getMessage().contains("40000000"), e.getMessage());
    }

    @Test
    void an_image_over_max_pixels_is_refused_with_image_too_large() {
        DocumentDecoder tiny = new DocumentDecoder(new DecodeLimits(1 << 20, 100, 50, 200));
        byte[] jpeg = TestDocuments.jpeg(TestDocuments.quadrants(20, 10), false);

        refused("image_too_large", 413, () -> tiny.decode(jpeg, "image/jpeg", PageSelection.all()));
        // Exactly at the limit is allowed.
        assertEquals(1, new DocumentDecoder(new DecodeLimits(1 << 20, 200, 50, 200))
                .decode(jpeg, "image/jpeg", PageSelection.all()).pages().size());
    }

    @Test
    void a_tiff_with_more_selected_pages_than_allowed_is_refused_with_too_many_pages() {
        DocumentDecoder twoPages = new DocumentDecoder(new DecodeLimits(1 << 20, 40_000_000, 2, 200));
        byte[] tiff = TestDocuments.tiff(TestDocuments.filled(5, 5, TestDocuments.RED),
                TestDocuments.filled(5, 5, TestDocuments.GREEN), TestDocuments.filled(5, 5, TestDocuments.BLUE));

        DocumentException e = refused("too_many_pages", 413, () -> twoPages.decode(tiff, "image/tiff",
                PageSelection.all()));

        assertTrue(e.getMessage().contains("pages="), e.getMessage());
        assertEquals(2, twoPages.decode(tiff, "image/tiff", PageSelection.parse("2-3")).pages().size());
    }

    @Test
    void a_single_image_with_a_selection_excluding_page_1_is_refused_with_no_pages() {
        byte[] png = TestDocuments.encode(TestDocuments.quadrants(10, 10), "png");

        DocumentException e = refused("no_pages", 422, () -> decoder.decode(png, "image/png",
                PageSelection.parse("2-4")));

        assertTrue(e.getMessage().contains("1 page;"), e.getMessage());
    }

    @Test
    void random_bytes_with_a_supported_declared_type_are_refused_with_undecodable_image() {
        byte[] random = new byte[2048];
        new Random(42).nextBytes(random);
        random[0] = 0x00; // make sure no magic number matches by chance

        refused("undecodable_image", 400, () -> decoder.decode(random, "image/png", PageSelection.all()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "image/svg+xml", "application/octet-stream", ""})
    void unrecognised_bytes_with_an_unsupported_type_are_refused_with_unsupported_media_type(String declared) {
        DocumentException e = refused("unsupported_media_type", 415,
                () -> decoder.decode("just some text".getBytes(), declared, PageSelection.all()));

        assertTrue(e.getMessage().contains("image/jpeg, image/png, image/tiff, image/bmp, image/gif, image/webp,"
                + " application/pdf"), e.getMessage());
    }

    @Test
    void unrecognised_bytes_without_a_declared_type_are_refused_with_unsupported_media_type() {
        refused("unsupported_media_type", 415, () -> decoder.decode(new byte[] {1, 2, 3}, null, null));
    }

    @Test
    void a_jpeg_cut_in_half_is_refused_with_undecodable_image() throws IOException {
        byte[] receipt = Files.readAllBytes(Path.of("/work/shared/data/sroie-dev/img/000.jpg"));
        byte[] half = Arrays.copyOf(receipt, receipt.length / 2);

        DocumentException e = refused("undecodable_image", 400, () -> decoder.decode(half, "image/jpeg",
                PageSelection.all()));

        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void a_progressive_jpeg_cut_short_is_refused_with_undecodable_image() {
        byte[] jpeg = TestDocuments.jpeg(TestDocuments.quadrants(200, 200), true);

        refused("undecodable_image", 400, () -> decoder.decode(Arrays.copyOf(jpeg, jpeg.length * 2 / 3),
                "image/jpeg", PageSelection.all()));
    }

    @Test
    void a_png_with_corrupt_image_data_is_refused_with_undecodable_image() {
        byte[] png = TestDocuments.encode(TestDocuments.quadrants(64, 64), "png");
        byte[] corrupt = png.clone();
        for (int i = 60; i < corrupt.length - 20; i++) {
            corrupt[i] = (byte) (i * 31);
        }

        refused("undecodable_image", 400, () -> decoder.decode(corrupt, "image/png", PageSelection.all()));
    }

    @Test
    void a_png_cut_short_is_refused_with_undecodable_image() {
        byte[] png = TestDocuments.encode(TestDocuments.quadrants(64, 64), "png");

        refused("undecodable_image", 400, () -> decoder.decode(Arrays.copyOf(png, png.length / 2), "image/png",
                PageSelection.all()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gif", "bmp", "tiff", "webp"})
    void other_formats_cut_in_half_are_refused_with_undecodable_image(String format) {
        byte[] whole = switch (format) {
            case "tiff" -> TestDocuments.tiff(TestDocuments.quadrants(200, 200), TestDocuments.quadrants(100, 100));
            case "webp" -> TestDocuments.resource("lossy.webp");
            default -> TestDocuments.encode(TestDocuments.quadrants(200, 200), format);
        };

        refused("undecodable_image", 400, () -> decoder.decode(Arrays.copyOf(whole, whole.length / 2),
                "image/" + format, PageSelection.all()));
    }

    @Test
    void a_tiff_whose_page_chain_loops_back_is_read_once_not_forever() {
        byte[] tiff = TestDocuments.tiff(TestDocuments.quadrants(20, 20));
        assertEquals('M', tiff[0], "the writer is big-endian; the offsets below assume it");
        int ifd = java.nio.ByteBuffer.wrap(tiff, 4, 4).getInt();
        int entries = java.nio.ByteBuffer.wrap(tiff, ifd, 2).getShort();
        System.arraycopy(tiff, 4, tiff, ifd + 2 + entries * 12, 4); // "next IFD" = IFD0 itself

        assertEquals(1, decoder.decode(tiff, "image/tiff", PageSelection.all()).pages().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "png", "tiff", "bmp", "gif", "webp", "pdf"})
    void garbage_behind_any_magic_number_gives_a_document_error_never_anything_else(String format) {
        byte[] magic = switch (format) {
            case "jpeg" -> new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
            case "png" -> new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
            case "tiff" -> new byte[] {'I', 'I', 42, 0};
            case "bmp" -> new byte[] {'B', 'M'};
            case "gif" -> new byte[] {'G', 'I', 'F', '8', '9', 'a'};
            case "webp" -> new byte[] {'R', 'I', 'F', 'F', 0, 1, 0, 0, 'W', 'E', 'B', 'P'};
            default -> "%PDF-1.4\n".getBytes();
        };
        Random random = new Random(format.hashCode());
        for (int round = 0; round < 50; round++) {
            byte[] bytes = new byte[16 + random.nextInt(600)];
            random.nextBytes(bytes);
            System.arraycopy(magic, 0, bytes, 0, magic.length);

            DocumentException e = assertThrows(DocumentException.class,
                    () -> decoder.decode(bytes, "image/" + format, PageSelection.all()));
            assertTrue(e.httpStatus() == 400 || e.httpStatus() == 413 || e.httpStatus() == 422,
                    e.code() + " " + e.httpStatus());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "png", "tiff", "bmp", "gif"})
    void damaged_real_files_either_decode_or_give_a_document_error(String format) {
        byte[] valid = "tiff".equals(format)
                ? TestDocuments.tiff(TestDocuments.quadrants(40, 30), TestDocuments.quadrants(30, 40))
                : TestDocuments.encode(TestDocuments.quadrants(40, 30), format);
        Random random = new Random(format.hashCode());
        for (int round = 0; round < 100; round++) {
            byte[] damaged = valid.clone();
            for (int flips = 0; flips < 1 + random.nextInt(8); flips++) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            try {
                decoder.decode(damaged, "image/" + format, PageSelection.all()).pages()
                        .forEach(p -> assertEquals(java.awt.image.BufferedImage.TYPE_3BYTE_BGR, p.image().getType()));
            } catch (DocumentException expected) {
                assertTrue(expected.httpStatus() >= 400 && expected.httpStatus() < 500, expected.code());
            }
        }
    }
}
