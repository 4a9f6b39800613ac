package org.freerpacapture.inference.document;

import java.util.List;
import java.util.Optional;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.PageImage;

/**
 * Turns the bytes a caller sent into upright BGR pages: images through ImageIO, PDFs through PDFBox. Blocking and
 * CPU-heavy; call it from a worker pool. Thread-safe: it holds only its limits.
 *
 * <p>The format is taken from the bytes, not the declared media type: clients often send {@code image/jpeg} for a
 * PNG or {@code application/octet-stream} for anything. The declared type only decides which error an
 * unrecognisable body gets.
 */
public final class DocumentDecoder {

    private final DecodeLimits limits;
    private final ImageDecoder images;
    private final PdfDecoder pdfs;

    public DocumentDecoder(DecodeLimits limits) {
        this.limits = limits;
        this.images = new ImageDecoder(limits);
        this.pdfs = new PdfDecoder(limits);
    }

    /**
     * Whether the media type is one the decoder reads: image/jpeg, image/png, image/tiff, image/bmp, image/gif,
     * image/webp, application/pdf, and the aliases image/jpg and image/x-ms-bmp. Parameters and case are ignored.
     */
    public static boolean isSupported(String mediaType) {
        return DocumentFormat.ofMediaType(mediaType).isPresent();
    }

    /**
     * Decodes the selected pages.
     *
     * @param bytes     the body as received
     * @param mediaType the declared Content-Type; may be {@code null}
     * @param pages     which 1-based pages to decode
     * @return the document with the original bytes, the detected media type and the selected pages in order, each
     *         carrying its page number in the original document
     * @throws DocumentException with a stable code and HTTP status when the body cannot or may not be decoded
     */
    public Document decode(byte[] bytes, String mediaType, PageSelection pages) throws DocumentException {
        return decode(bytes, mediaType, pages, DecodeBudget.unbounded());
    }

    /**
     * Decodes the selected pages within a request's budget. A PDF's pages are sized here and rendered when their
     * pixels are asked for, each under {@code budget} and the per-page operator limit: 422 {@code pdf_too_complex}
     * when a page needs more operations, 504 {@code timeout} when the budget is spent first.
     */
    public Document decode(byte[] bytes, String mediaType, PageSelection pages, DecodeBudget budget)
            throws DocumentException {
        DocumentFormat format = admit(bytes, mediaType);
        PageSelection selection = pages == null ? PageSelection.all() : pages;
        List<PageImage> decoded = format == DocumentFormat.PDF
                ? pdfs.decode(bytes, selection, budget)
                : images.decode(bytes, format, selection);
        return new Document(bytes, format.mediaType(), decoded);
    }

    /**
     * A single-page JPEG or PNG with an intact header and end, read without decoding a pixel: the page's size comes
     * from the header and its pixels are decoded on each {@link PageImage#image()} (only a local engine asks).
     * The same checks as {@link #decode} run here (empty body, bytes, format, pages, pixels per page); a file the
     * header reading cannot vouch for gives empty, and {@link #decode} then reports what is wrong with it.
     * Cheap (a walk over the header and, for a JPEG, the bytes after the first scan), but not free for large files.
     *
     * @return the document, or empty when the full {@link #decode} must run
     * @throws DocumentException as {@link #decode} for the failures found before any pixel is read
     */
    public Optional<Document> sizeFromHeader(byte[] bytes, String mediaType, PageSelection pages)
            throws DocumentException {
        DocumentFormat format = admit(bytes, mediaType);
        if (format != DocumentFormat.JPEG && format != DocumentFormat.PNG) {
            return Optional.empty();
        }
        PageSelection selection = pages == null ? PageSelection.all() : pages;
        return images.sizedFromHeader(bytes, format, selection)
                .map(sized -> new Document(bytes, format.mediaType(), sized));
    }

    private DocumentFormat admit(byte[] bytes, String mediaType) {
        if (bytes == null || bytes.length == 0) {
            throw DocumentException.emptyBody();
        }
        if (bytes.length > limits.maxBytes()) {
            throw DocumentException.payloadTooLarge(bytes.length, limits.maxBytes());
        }
        return detect(bytes, mediaType);
    }

    private static DocumentFormat detect(byte[] bytes, String mediaType) {
        Optional<DocumentFormat> sniffed = DocumentFormat.sniff(bytes);
        if (sniffed.isPresent()) {
            return sniffed.get();
        }
        DocumentFormat declared = DocumentFormat.ofMediaType(mediaType)
                .orElseThrow(() -> DocumentException.unsupportedMediaType(printable(mediaType)));
        throw declared == DocumentFormat.PDF
                ? DocumentException.undecodablePdf("the body does not start with a PDF header")
                : DocumentException.undecodableImage("the body is not a " + declared + " file (nor any supported"
                        + " format)");
    }

    /** The declared type as it may appear in a message: bounded, without control characters. */
    private static String printable(String mediaType) {
        if (mediaType == null || mediaType.isBlank()) {
            return "(none)";
        }
        String clean = mediaType.replaceAll("[^\\x20-\\x7E]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "…" : clean;
    }
}
