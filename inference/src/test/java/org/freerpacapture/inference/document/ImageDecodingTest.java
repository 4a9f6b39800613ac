package org.freerpacapture.inference.document;

import static org.freerpacapture.inference.document.TestDocuments.BLUE;
import static org.freerpacapture.inference.document.TestDocuments.GREEN;
import static org.freerpacapture.inference.document.TestDocuments.RED;
import static org.freerpacapture.inference.document.TestDocuments.WHITE;
import static org.freerpacapture.inference.document.TestDocuments.assertColor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.awt.Color;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.PageImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecodingTest {

    private static final Path RECEIPT = Path.of("/work/shared/data/sroie-dev/img/000.jpg");

    private final DocumentDecoder decoder = new DocumentDecoder(DecodeLimits.defaults());

    private static PageImage onlyPage(Document document) {
        assertEquals(1, document.pages().size());
        PageImage page = document.pages().get(0);
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, page.image().getType());
        return page;
    }

    private static void assertQuadrants(BufferedImage image, Color tl, Color tr, Color bl, Color br, int tolerance) {
        int w = image.getWidth();
        int h = image.getHeight();
        assertColor(image, w / 4, h / 4, tl, tolerance);
        assertColor(image, 3 * w / 4, h / 4, tr, tolerance);
        assertColor(image, w / 4, 3 * h / 4, bl, tolerance);
        assertColor(image, 3 * w / 4, 3 * h / 4, br, tolerance);
    }

    @Test
    void a_real_receipt_photo_decodes_at_its_full_width() throws IOException {
        byte[] receipt = Files.readAllBytes(RECEIPT);

        Document document = decoder.decode(receipt, "image/jpeg", PageSelection.all());

        PageImage page = onlyPage(document);
        assertEquals(463, page.width());
        assertEquals(1, page.pageNumber());
        assertEquals("image/jpeg", document.contentType());
        assertSame(receipt, document.bytes());
    }

    @Test
    void a_receipt_decodes_to_the_same_pixels_as_the_jpeg_readers_own_bgr_output() throws IOException {
        byte[] receipt = Files.readAllBytes(RECEIPT);
        BufferedImage reference = ImageIO.read(new ByteArrayInputStream(receipt));
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, reference.getType());

        PageImage page = onlyPage(decoder.decode(receipt, "image/jpeg", PageSelection.all()));

        assertTrue(BgrImage.isPlainBgr(page.image()));
        assertArrayEquals(bytes(reference), bytes(page.image()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "png"})
    void decoding_a_receipt_allocates_little_beyond_its_pixels(String format) throws IOException {
        byte[] jpeg = Files.readAllBytes(RECEIPT);
        byte[] receipt = format.equals("jpeg") ? jpeg : TestDocuments.encode(ImageIO.read(RECEIPT.toFile()), format);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        decoder.decode(receipt, "image/" + format, PageSelection.all());

        long before = threads.getCurrentThreadAllocatedBytes();
        PageImage page = onlyPage(decoder.decode(receipt, "image/" + format, PageSelection.all()));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // A copy of every decoded line on its way into the page (twice the pixels in all) made the pages of a busy
        // gateway outlive young collections.
        long pixels = 3L * page.width() * page.height();
        assertTrue(allocated < 1.5 * pixels, allocated + " bytes allocated for " + pixels + " bytes of pixels");
    }

    private static byte[] bytes(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void baseline_and_progressive_jpeg_decode_to_bgr(boolean progressive) {
        byte[] jpeg = TestDocuments.jpeg(TestDocuments.quadrants(80, 60), progressive);

        PageImage page = onlyPage(decoder.decode(jpeg, "image/jpeg", PageSelection.all()));

        assertEquals(80, page.width());
        assertEquals(60, page.height());
        assertQuadrants(page.image(), RED, GREEN, BLUE, WHITE, 12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cmyk.jpg", "cmyk-progressive.jpg"})
    void cmyk_jpeg_decodes_to_the_colours_it_shows(String fixture) {
        // 60x40: left half red, right half blue, written by ImageMagick in CMYK (Adobe APP14).
        PageImage page = onlyPage(decoder.decode(TestDocuments.resource(fixture), "image/jpeg", PageSelection.all()));

        assertEquals(60, page.width());
        assertColor(page.image(), 10, 20, RED, 40);
        assertColor(page.image(), 50, 20, BLUE, 40);
    }

    @Test
    void exif_orientation_6_turns_the_photo_upright() {
        byte[] jpeg = TestDocuments.withExifOrientation(TestDocuments.jpeg(TestDocuments.quadrants(80, 40), false),
                6, true);

        PageImage page = onlyPage(decoder.decode(jpeg, "image/jpeg", PageSelection.all()));

        assertEquals(40, page.width());
        assertEquals(80, page.height());
        // Rotated 90° clockwise: the stored top-left (red) is now top-right.
        assertQuadrants(page.image(), BLUE, RED, WHITE, GREEN, 12);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void every_exif_orientation_is_honoured_in_both_byte_orders(int orientation) {
        // Stored quadrants: TL red, TR green, BL blue, BR white. Expected after turning upright, per EXIF 2.3.
        Color[][] expected = {
            {RED, GREEN, BLUE, WHITE},   // 1 as stored
            {GREEN, RED, WHITE, BLUE},   // 2 mirrored horizontally
            {WHITE, BLUE, GREEN, RED},   // 3 rotated 180
            {BLUE, WHITE, RED, GREEN},   // 4 mirrored vertically
            {RED, BLUE, GREEN, WHITE},   // 5 transposed
            {BLUE, RED, WHITE, GREEN},   // 6 rotated 90 clockwise
            {WHITE, GREEN, BLUE, RED},   // 7 transversed
            {GREEN, WHITE, RED, BLUE},   // 8 rotated 90 counter-clockwise
        };
        byte[] plain = TestDocuments.jpeg(TestDocuments.quadrants(80, 40), false);
        for (boolean bigEndian : new boolean[] {true, false}) {
            byte[] jpeg = TestDocuments.withExifOrientation(plain, orientation, bigEndian);

            BufferedImage image = onlyPage(decoder.decode(jpeg, "image/jpeg", PageSelection.all())).image();

            assertEquals(orientation >= 5 ? 40 : 80, image.getWidth());
            Color[] e = expected[orientation - 1];
            assertQuadrants(image, e[0], e[1], e[2], e[3], 12);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "gif"})
    void lossless_formats_decode_to_exact_colours(String format) {
        byte[] bytes = TestDocuments.encode(TestDocuments.quadrants(30, 20), format);

        Document document = decoder.decode(bytes, "image/" + format, PageSelection.all());

        PageImage page = onlyPage(document);
        assertEquals(30, page.width());
        assertEquals("image/" + format, document.contentType());
        assertQuadrants(page.image(), RED, GREEN, BLUE, WHITE, 0);
    }

    @Test
    void webp_lossless_and_lossy_decode() {
        PageImage lossless = onlyPage(decoder.decode(TestDocuments.resource("lossless.webp"), "image/webp",
                PageSelection.all()));
        PageImage lossy = onlyPage(decoder.decode(TestDocuments.resource("lossy.webp"), "image/webp",
                PageSelection.all()));

        assertEquals(60, lossless.width());
        assertColor(lossless.image(), 10, 20, RED, 0);
        assertColor(lossless.image(), 50, 20, BLUE, 0);
        assertEquals(40, lossy.height());
        assertColor(lossy.image(), 10, 20, RED, 40);
        assertColor(lossy.image(), 50, 20, BLUE, 40);
    }

    @Test
    void grey_png_keeps_its_grey_values() {
        BufferedImage grey = new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 100);
        grey.getRaster().setSample(1, 0, 0, 200);

        BufferedImage image = onlyPage(decoder.decode(TestDocuments.encode(grey, "png"), "image/png",
                PageSelection.all())).image();

        assertColor(image, 0, 0, new Color(100, 100, 100), 0);
        assertColor(image, 1, 0, new Color(200, 200, 200), 0);
        assertColor(image, 2, 0, Color.BLACK, 0);
    }

    @Test
    void sixteen_bit_grey_png_is_scaled_to_eight_bits() {
        BufferedImage grey = new BufferedImage(4, 4, BufferedImage.TYPE_USHORT_GRAY);
        grey.getRaster().setSample(0, 0, 0, 65535);
        grey.getRaster().setSample(1, 0, 0, 100 * 257);

        BufferedImage image = onlyPage(decoder.decode(TestDocuments.encode(grey, "png"), "image/png",
                PageSelection.all())).image();

        assertColor(image, 0, 0, WHITE, 0);
        assertColor(image, 1, 0, new Color(100, 100, 100), 0);
    }

    @Test
    void sixteen_bit_rgb_png_decodes() {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(6, 4);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                raster.setPixel(x, y, x < 3 ? new int[] {65535, 0, 0} : new int[] {0, 0, 65535});
            }
        }
        BufferedImage deep = new BufferedImage(model, raster, false, null);

        BufferedImage image = onlyPage(decoder.decode(TestDocuments.encode(deep, "png"), "image/png",
                PageSelection.all())).image();

        assertColor(image, 1, 1, RED, 0);
        assertColor(image, 4, 1, BLUE, 0);
    }

    @Test
    void transparent_png_is_composited_on_white() {
        BufferedImage argb = new BufferedImage(4, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00000000);              // fully transparent black
        argb.setRGB(1, 0, 0xFF0000FF);              // opaque blue
        argb.setRGB(2, 0, 0x80000000);              // half transparent black

        BufferedImage image = onlyPage(decoder.decode(TestDocuments.encode(argb, "png"), "image/png",
                PageSelection.all())).image();

        assertColor(image, 0, 0, WHITE, 0);
        assertColor(image, 1, 0, BLUE, 0);
        assertColor(image, 2, 0, new Color(127, 127, 127), 1);
    }

    @Test
    void grey_png_with_alpha_is_composited_on_white() {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {0, 0});     // transparent black
        raster.setPixel(1, 0, new int[] {50, 255});  // opaque dark grey
        BufferedImage greyAlpha = new BufferedImage(model, raster, false, null);

        BufferedImage image = onlyPage(decoder.decode(TestDocuments.encode(greyAlpha, "png"), "image/png",
                PageSelection.all())).image();

        assertColor(image, 0, 0, WHITE, 0);
        assertColor(image, 1, 0, new Color(50, 50, 50), 0);
    }

    @Test
    void palette_png_with_a_transparent_entry_is_composited_on_white() {
        IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {0, (byte) 255}, new byte[] {0, 0},
                new byte[] {0, 0}, 0); // index 0 transparent, index 1 red
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setSample(1, 0, 0, 1);

        BufferedImage image = onlyPage(decoder.decode(TestDocuments.encode(indexed, "png"), "image/png",
                PageSelection.all())).image();

        assertColor(image, 0, 0, WHITE, 0);
        assertColor(image, 1, 0, RED, 0);
    }

    @Test
    void every_tiff_page_is_decoded_with_its_page_number() {
        byte[] tiff = TestDocuments.tiff(TestDocuments.filled(10, 10, RED), TestDocuments.filled(20, 10, GREEN),
                TestDocuments.filled(30, 10, BLUE));

        Document document = decoder.decode(tiff, "image/tiff", PageSelection.all());

        assertEquals(List.of(1, 2, 3), document.pages().stream().map(PageImage::pageNumber).toList());
        assertEquals(List.of(10, 20, 30), document.pages().stream().map(PageImage::width).toList());
        document.pages().forEach(p -> assertEquals(BufferedImage.TYPE_3BYTE_BGR, p.image().getType()));
        assertColor(document.pages().get(1).image(), 5, 5, GREEN, 0);
    }

    @Test
    void selected_tiff_pages_keep_their_original_numbers() {
        byte[] tiff = TestDocuments.tiff(TestDocuments.filled(10, 10, RED), TestDocuments.filled(20, 10, GREEN),
                TestDocuments.filled(30, 10, BLUE));

        Document document = decoder.decode(tiff, "image/tiff", PageSelection.parse("2-3"));

        assertEquals(List.of(2, 3), document.pages().stream().map(PageImage::pageNumber).toList());
        assertColor(document.pages().get(1).image(), 5, 5, BLUE, 0);
    }

    @Test
    void an_animated_gif_gives_its_first_frame_only() {
        byte[] gif = TestDocuments.gifFrames(TestDocuments.filled(8, 8, RED), TestDocuments.filled(8, 8, BLUE));

        PageImage page = onlyPage(decoder.decode(gif, "image/gif", PageSelection.all()));

        assertColor(page.image(), 4, 4, RED, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/jpeg", "application/octet-stream", "text/plain", ""})
    void the_bytes_decide_the_format_when_the_declared_type_disagrees(String declared) {
        byte[] png = TestDocuments.encode(TestDocuments.quadrants(30, 20), "png");

        Document document = decoder.decode(png, declared, PageSelection.all());

        assertEquals("image/png", document.contentType());
        assertQuadrants(onlyPage(document).image(), RED, GREEN, BLUE, WHITE, 0);
    }

    @Test
    void a_null_declared_type_still_decodes_recognised_bytes() {
        byte[] bmp = TestDocuments.encode(TestDocuments.quadrants(30, 20), "bmp");

        assertEquals("image/bmp", decoder.decode(bmp, null, null).contentType());
    }

    @Test
    void bgr_raster_bytes_are_in_blue_green_red_order() {
        byte[] png = TestDocuments.encode(TestDocuments.filled(1, 1, new Color(10, 20, 30)), "png");

        BufferedImage image = onlyPage(decoder.decode(png, "image/png", PageSelection.all())).image();

        byte[] raster = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        assertArrayEquals(new byte[] {30, 20, 10}, raster);
    }

    @Test
    void supported_media_types_include_the_aliases_and_ignore_parameters() {
        for (String type : List.of("image/jpeg", "image/jpg", "image/png", "image/tiff", "image/bmp",
                "image/x-ms-bmp", "image/gif", "image/webp", "application/pdf", "IMAGE/PNG; q=0.9")) {
            assertEquals(true, DocumentDecoder.isSupported(type), type);
        }
        for (String type : new String[] {null, "", "text/plain", "image/svg+xml", "image/heic"}) {
            assertEquals(false, DocumentDecoder.isSupported(type), String.valueOf(type));
        }
    }
}
