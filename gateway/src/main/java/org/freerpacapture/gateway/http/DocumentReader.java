package org.freerpacapture.gateway.http;

import org.freerpacapture.ocr.Document;
import org.freerpacapture.inference.document.DecodeBudget;
import org.freerpacapture.inference.document.PageSelection;

import java.util.Optional;

/**
 * Turns uploaded bytes into pages: the decode stage's seam, so the HTTP layer can be tested with a decoder that
 * is held or scripted. Failures the caller caused are {@link org.freerpacapture.inference.document.DocumentException}s
 * or {@link ApiException}s, both answered with their own status and code.
 */
public interface DocumentReader {

    /** Whether this media type ({@code image/png}, {@code application/pdf}) can be read at all. */
    boolean supports(String mediaType);

    /**
     * Decodes the selected pages of {@code bytes}. Blocking (image decode, PDF render): only run on decode-pool.
     *
     * @param mediaType the declared type, or {@code null} to recognise the format from the bytes
     */
    Document read(byte[] bytes, String mediaType, PageSelection pages);

    /**
     * As {@link #read(byte[], String, PageSelection)}, stopping when {@code budget} is spent: pages drawn later
     * (a PDF's, when their pixels are asked for) are drawn under it too.
     */
    default Document read(byte[] bytes, String mediaType, PageSelection pages, DecodeBudget budget) {
        return read(bytes, mediaType, pages);
    }

    /**
     * The document with its pages sized from the file's header and their pixels decoded only when a local engine
     * asks for them, when the file allows it (a single-page JPEG or PNG); empty when {@link #read} must run. No
     * pixel is decoded, so a small body can be read on an event loop. Checks and failures as {@link #read}.
     */
    default Optional<Document> readSizes(byte[] bytes, String mediaType, PageSelection pages) {
        return Optional.empty();
    }
}
