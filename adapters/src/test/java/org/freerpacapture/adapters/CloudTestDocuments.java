package org.freerpacapture.adapters;

import org.freerpacapture.ocr.Deadline;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.Feature;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.Task;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Documents for cloud adapter tests: real PNG bytes, or a stand-in PDF whose pages are already decoded. */
public final class CloudTestDocuments {

    private CloudTestDocuments() {
    }

    public static PageImage page(int pageNumber, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.drawString("Hello World", width / 20, height / 2);
        g.dispose();
        return new PageImage(pageNumber, image);
    }

    public static Document png(int width, int height) {
        PageImage page = page(1, width, height);
        return new Document(pngBytes(page.image()), "image/png", List.of(page));
    }

    /** A PDF as the gateway hands it over: original bytes plus its decoded pages (page sizes may differ). */
    public static Document pdf(int pages, int width, int height) {
        List<PageImage> images = new ArrayList<>();
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        for (int i = 1; i <= pages; i++) {
            images.add(page(i, width + 10 * (i - 1), height));
            pdf.append(i + 2).append(" 0 obj << /Type /Page /Parent 2 0 R >> endobj\n");
        }
        pdf.append("%%EOF\n");
        return new Document(pdf.toString().getBytes(StandardCharsets.US_ASCII), "application/pdf", images);
    }

    public static OcrRequest request(Document document, Feature... features) {
        return new OcrRequest("req-1", Task.DOCUMENT, document, Set.of(features), Deadline.after(Duration.ofSeconds(20)));
    }

    public static byte[] pngBytes(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] jpegBytes(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
