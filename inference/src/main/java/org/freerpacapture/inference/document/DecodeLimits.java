package org.freerpacapture.inference.document;

/**
 * How much work one document may cost; every limit is checked before the expensive step it guards.
 *
 * @param maxBytes         largest accepted body, in bytes
 * @param maxPixelsPerPage largest page, width × height, read from the image header or computed from the PDF page
 *                         size at {@code pdfDpi}, before any pixel is decoded
 * @param maxPages         most pages decoded for one request, counted over the selected pages
 * @param pdfDpi           resolution PDF pages are rendered at
 * @param pdfMaxOperators  most drawing operations one PDF page may take to render, counted as it is drawn: every
 *                         content-stream operator, in the page and in every form, pattern and glyph procedure it
 *                         draws, and every glyph shown
 */
public record DecodeLimits(long maxBytes, long maxPixelsPerPage, int maxPages, int pdfDpi, long pdfMaxOperators) {

    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS_PER_PAGE = 40_000_000L;
    public static final int DEFAULT_MAX_PAGES = 50;
    public static final int DEFAULT_PDF_DPI = 200;
    public static final long DEFAULT_PDF_MAX_OPERATORS = 200_000L;

    public DecodeLimits {
        if (maxBytes <= 0 || maxPixelsPerPage <= 0 || maxPages <= 0 || pdfMaxOperators <= 0) {
            throw new IllegalArgumentException("decode limits must be positive");
        }
        if (pdfDpi < 36 || pdfDpi > 1200) {
            throw new IllegalArgumentException("pdfDpi must be between 36 and 1200, was " + pdfDpi);
        }
    }

    /** With the default operator budget for a PDF page. */
    public DecodeLimits(long maxBytes, long maxPixelsPerPage, int maxPages, int pdfDpi) {
        this(maxBytes, maxPixelsPerPage, maxPages, pdfDpi, DEFAULT_PDF_MAX_OPERATORS);
    }

    /** The documented defaults (docs/configuration.md): the constants above. */
    public static DecodeLimits defaults() {
        return new DecodeLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS_PER_PAGE, DEFAULT_MAX_PAGES, DEFAULT_PDF_DPI,
                DEFAULT_PDF_MAX_OPERATORS);
    }
}
