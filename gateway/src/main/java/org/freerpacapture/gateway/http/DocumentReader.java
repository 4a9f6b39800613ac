package org.freerpacapture.gateway.http;

import org.freerpacapture.inference.Document;

/**
 * Turns uploaded bytes into pages: the decode stage's seam, so the HTTP layer is tested with or without the real
 * decoder. Failures the caller caused are {@link ApiException}s (400, 413, 415, 422).
 */
public interface DocumentReader {

    /** Whether this media type ({@code image/png}, {@code application/pdf}) can be read at all. */
    boolean supports(String mediaType);

    /**
     * Decodes {@code bytes}. Blocking (image decode, PDF render): only ever called on the decode pool.
     *
     * @param pages the caller's {@code ?pages=} selection, or {@code null} for all pages
     */
    Document read(byte[] bytes, String mediaType, String pages);
}
