package org.freerpacapture.inference.document;

/**
 * The caller sent something the gateway cannot decode or will not decode. The code is stable, the status is the
 * HTTP answer, and the message is safe to show the caller and tells what to fix.
 */
public final class DocumentException extends RuntimeException {

    private final String code;
    private final int httpStatus;

    public DocumentException(String code, int httpStatus, String message) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    static DocumentException emptyBody() {
        return new DocumentException("empty_body", 400, "The request body is empty; send the image or PDF bytes.");
    }

    static DocumentException payloadTooLarge(long size, long max) {
        return new DocumentException("payload_too_large", 413,
                "The document is " + size + " bytes; the limit is " + max + " bytes. Send a smaller file.");
    }

    static DocumentException imageTooLarge(int pageNumber, long width, long height, long maxPixels) {
        return new DocumentException("image_too_large", 413,
                "Page " + pageNumber + " is " + width + "x" + height + " pixels; the limit is " + maxPixels
                        + " pixels per page. Downscale the image (or lower the PDF resolution) and retry.");
    }

    static DocumentException tooManyPages(int selected, int max) {
        return new DocumentException("too_many_pages", 413,
                selected + " pages selected; the limit is " + max + " pages per request. Use ?pages= to send fewer.");
    }

    static DocumentException noPages(String message) {
        return new DocumentException("no_pages", 422, message);
    }

    static DocumentException undecodableImage(String detail) {
        return new DocumentException("undecodable_image", 400,
                "The image could not be decoded (" + detail + "); send a complete, uncorrupted file.");
    }

    static DocumentException undecodablePdf(String detail) {
        return new DocumentException("undecodable_pdf", 400,
                "The PDF could not be read (" + detail + "); send a complete, uncorrupted PDF.");
    }

    static DocumentException tooComplex(int pageNumber, long maxOperators) {
        return new DocumentException("pdf_too_complex", 422,
                "Page " + pageNumber + " of the PDF needs more than " + maxOperators + " drawing operations to render,"
                        + " the limit for one page; flatten or rasterize the page (print it to an image PDF)"
                        + " and retry.");
    }

    static DocumentException deadlinePassed() {
        return new DocumentException("timeout", 504,
                "The document was not decoded within the request's time budget; retry with a simpler file.");
    }

    /** Memory ran out: the file may be fine, and a retry when the gateway is less busy may succeed. */
    static DocumentException outOfMemory(String what) {
        return new DocumentException("out_of_memory", 503,
                "The gateway ran out of memory decoding " + what + "; retry later, or send fewer or smaller pages.");
    }

    static DocumentException encryptedPdf() {
        return new DocumentException("encrypted_pdf", 400,
                "The PDF is protected by a password; remove the password and retry.");
    }

    static DocumentException invalidPages(String spec) {
        return new DocumentException("invalid_pages", 400,
                "Invalid pages '" + spec + "': use 1-based page numbers and ranges like 1-3,5.");
    }

    static DocumentException unsupportedMediaType(String declared) {
        return new DocumentException("unsupported_media_type", 415,
                "Unsupported media type '" + declared + "' and the bytes are not a known format; send one of "
                        + String.join(", ", DocumentFormat.supportedMediaTypes()) + ".");
    }
}
