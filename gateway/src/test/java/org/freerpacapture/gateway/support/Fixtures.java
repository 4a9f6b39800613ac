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
        return sharedDir().resolve("data/sroie-dev/img/000.jpg");
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
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDImageXObject image = PDImageXObject.createFromByteArray(pdf, receiptJpeg(), "000.jpg");
            PDPage page = new PDPage(new PDRectangle(image.getWidth(), image.getHeight()));
            pdf.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                content.drawImage(image, 0, 0);
            }
            pdf.save(out);
            return out.toByteArray();
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
