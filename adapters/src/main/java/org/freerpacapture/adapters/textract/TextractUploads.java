package org.freerpacapture.adapters.textract;

import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.PageImage;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * What goes to Textract for each page. The synchronous API reads one page per call, so PDFs and TIFFs are sent
 * page by page as PNGs rendered from the decoded pages; a single JPEG or PNG goes as the caller sent it.
 */
final class TextractUploads {

    private static final Set<String> AS_SENT = Set.of("image/jpeg", "image/png");

    private TextractUploads() {
    }

    /**
     * One page to send.
     *
     * @param page the decoded page: its number and the pixel size the answer's ratios refer to
     * @param sent the original bytes when they can go as they are, else null (render {@link #page} first)
     */
    record Upload(PageImage page, byte[] sent) {
        /** The bytes for the call; renders a PNG when needed, so call it on a worker thread. */
        byte[] bytes() {
            return sent != null ? sent : png(page);
        }
    }

    static List<Upload> of(Document document) {
        if (document.pages().isEmpty()) {
            throw new IllegalArgumentException("the document has no decoded pages");
        }
        if (document.pages().size() == 1 && AS_SENT.contains(document.contentType())) {
            return List.of(new Upload(document.pages().get(0), document.bytes()));
        }
        return document.pages().stream().map(p -> new Upload(p, null)).toList();
    }

    static byte[] png(PageImage page) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(page.width() * page.height() / 2);
        try {
            if (!ImageIO.write(page.image(), "png", out)) {
                throw new IllegalStateException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
