package org.freerpacapture.gateway.support;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test documents: the SROIE receipt 000.jpg from the shared data, and small files made from it. */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path sharedDir() {
        return Path.of(System.getProperty("shared.dir", "../../shared"));
    }

    public static Path receiptPath() {
        return receiptPath("000");
    }

    public static byte[] receiptJpeg() {
        try {
            return Files.readAllBytes(receiptPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A one-page PDF showing the receipt at its pixel size (72 dpi). */
    public static byte[] receiptPdf() {
        return receiptsPdf("000");
    }

    public static Path receiptPath(String stem) {
        return sharedDir().resolve("data/sroie-dev/img/" + stem + ".jpg");
    }

    /** A PDF with one page per receipt, each at its pixel size (72 dpi). */
    public static byte[] receiptsPdf(String... stems) {
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String stem : stems) {
                PDImageXObject image = PDImageXObject.createFromByteArray(pdf, Files.readAllBytes(receiptPath(stem)), stem);
                PDPage page = new PDPage(new PDRectangle(image.getWidth(), image.getHeight()));
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.drawImage(image, 0, 0);
                }
            }
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A multi-page TIFF with one page per receipt. */
    public static byte[] receiptsTiff(String... stems) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
             javax.imageio.stream.ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (String stem : stems) {
                writer.writeToSequence(new javax.imageio.IIOImage(ImageIO.read(receiptPath(stem).toFile()), null, null), null);
            }
            writer.endWriteSequence();
            writer.dispose();
            ios.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF whose page tree is empty. */
    public static byte[] emptyPdf() {
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid PNG header that declares {@code width × height} pixels, followed by no image data. */
    public static byte[] pngDeclaring(int width, int height) {
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(ihdr.array());
        java.nio.ByteBuffer png = java.nio.ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}).putInt(13).put(ihdr.array())
                .putInt((int) crc.getValue());
        return png.array();
    }

    /** The screenshot of a web form rendered by headless Chromium (see screens/render.sh). */
    public static byte[] invoiceFormScreenshot() {
        return screenshot("invoice-form");
    }

    /** A settings panel with words the receipt vocabulary would rewrite on a document (see screens/render.sh). */
    public static byte[] noticePanelScreenshot() {
        return screenshot("notice-panel");
    }

    /** A form of inputs, a select, checkboxes and buttons, {@code light} or {@code dark} (see screens/render.sh). */
    public static byte[] vendorFormScreenshot(String theme) {
        return screenshot("vendor-form-" + theme);
    }

    private static byte[] screenshot(String name) {
        try (var in = Fixtures.class.getResourceAsStream("/screens/" + name + ".png")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] receiptPng() {
        try {
            BufferedImage image = ImageIO.read(receiptPath().toFile());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
