/**
 * Decoding what callers send into pages the engines read.
 *
 * <p>{@link org.freerpacapture.inference.document.DocumentDecoder} takes the request body, its declared media type
 * and a {@link org.freerpacapture.inference.document.PageSelection} ({@code ?pages=1-3,5}) and returns a
 * {@link org.freerpacapture.ocr.Document} whose pages are upright {@code TYPE_3BYTE_BGR} images carrying
 * their original 1-based page numbers. JPEG (CMYK, YCCK, progressive, EXIF orientation), PNG, TIFF (every page),
 * BMP, GIF (first frame) and WebP go through ImageIO with the TwelveMonkeys plugins; PDF pages are rendered with
 * PDFBox. The format is detected from the bytes.
 *
 * <p>{@link org.freerpacapture.inference.document.DecodeLimits} bounds the work: body size, pixels per page (read
 * from the header, or computed from the PDF page size, before decoding) and page count. Every refusal is a
 * {@link org.freerpacapture.inference.document.DocumentException} with a stable code, the HTTP status to answer
 * with, and a message telling the caller what to fix; nothing else escapes from a decoder.
 *
 * <p>Decoding blocks and uses CPU and memory in proportion to the pixels: run it on a bounded worker pool.
 */
package org.freerpacapture.inference.document;
