package org.freerpacapture.adapters.azure;

import org.freerpacapture.ocr.Deadline;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.Feature;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.Task;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Documents for the Azure tests: a real PNG, and a small PDF whose pages the gateway decoded at 100 dpi. */
final class AzureTestDocuments {

    private AzureTestDocuments() {
    }

    static Document png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Document(out.toByteArray(), "image/png", List.of(new PageImage(1, image)));
    }

    /** A PDF of {@code pages} US-letter pages, decoded at 100 dpi (850 × 1100 px); {@code selected} of them. */
    static Document pdf(int pages, int... selected) {
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n1 0 obj << /Type /Pages /Count ").append(pages)
                .append(" >> endobj\n");
        for (int i = 0; i < pages; i++) {
            pdf.append(i + 2).append(" 0 obj << /Type /Page /Parent 1 0 R /MediaBox [0 0 612 792] >> endobj\n");
        }
        pdf.append("%%EOF\n");
        List<PageImage> images = new ArrayList<>();
        for (int n : selected) {
            images.add(new PageImage(n, new BufferedImage(850, 1100, BufferedImage.TYPE_INT_RGB)));
        }
        return new Document(pdf.toString().getBytes(StandardCharsets.ISO_8859_1), "application/pdf", images);
    }

    static OcrRequest request(Document document, Duration budget, Feature... features) {
        return new OcrRequest("req-azure", Task.DOCUMENT, document, Set.of(features), Deadline.after(budget));
    }
}
