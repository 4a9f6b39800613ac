package org.freerpacapture.gateway.http;

import org.freerpacapture.inference.Document;
import org.freerpacapture.inference.document.PageSelection;

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
}
