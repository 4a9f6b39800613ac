package org.freerpacapture.ocr;

import java.util.List;

/**
 * What the caller sent, and its pages once decoded.
 *
 * <p>Local engines read {@link #pages()}; cloud adapters send {@link #bytes()} as they came, or a page rendered
 * from {@link #pages()} when the service wants one page per call.
 *
 * @param bytes       the file exactly as received
 * @param contentType its media type ({@code image/jpeg}, {@code application/pdf})
 * @param pages       the decoded pages selected by the caller, in order
 */
public record Document(byte[] bytes, String contentType, List<PageImage> pages) {

    public Document {
        pages = List.copyOf(pages);
    }

    /** The same document restricted to some of its pages (cascade re-reads only the weak ones). */
    public Document withPages(List<PageImage> subset) {
        return new Document(bytes, contentType, subset);
    }

    public boolean isPdf() {
        return "application/pdf".equals(contentType);
    }
}
