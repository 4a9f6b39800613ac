package org.freerpacapture.inference.document;

import java.nio.file.Files;
import java.nio.file.Path;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.PageImage;

/**
 * Run in a JVM of its own with a small heap: decodes the PDF named by the first argument and reads every page's
 * pixels one after the other, as the local engine does, then prints {@code read N pages} or the refusal's
 * {@code status code}.
 */
public final class PdfMemoryProbe {

    private PdfMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        byte[] pdf = Files.readAllBytes(Path.of(args[0]));
        try {
            Document document = new DocumentDecoder(DecodeLimits.defaults()).decode(pdf, "application/pdf",
                    PageSelection.all());
            long pixels = 0;
            for (PageImage page : document.pages()) {
                pixels += (long) page.image().getWidth() * page.image().getHeight();
            }
            System.out.println("read " + document.pages().size() + " pages, " + pixels + " pixels");
        } catch (DocumentException e) {
            System.out.println(e.httpStatus() + " " + e.code() + " " + e.getMessage());
        }
    }
}
