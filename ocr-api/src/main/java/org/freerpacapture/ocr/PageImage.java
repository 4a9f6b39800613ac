package org.freerpacapture.ocr;

import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One page, upright (EXIF orientation applied), 8-bit RGB.
 *
 * <p>Either decoded at once, or sized from its file's header and decoded on each {@link #image()}: cloud
 * adapters send the caller's bytes and only need the size (to turn the service's ratios into pixels), so for
 * them no pixel is ever decoded. Immutable; the pixels are treated as read-only.
 */
public final class PageImage {

    private final int pageNumber;
    private final int width;
    private final int height;
    private final Supplier<BufferedImage> decoder;
    private final BufferedImage image;

    /**
     * @param pageNumber 1-based page number in the original document
     * @param image      the pixels
     */
    public PageImage(int pageNumber, BufferedImage image) {
        this.pageNumber = pageNumber;
        this.image = Objects.requireNonNull(image, "image");
        this.decoder = null;
        this.width = image.getWidth();
        this.height = image.getHeight();
    }

    private PageImage(int pageNumber, int width, int height, Supplier<BufferedImage> decoder) {
        this.pageNumber = pageNumber;
        this.width = width;
        this.height = height;
        this.decoder = decoder;
        this.image = null;
    }

    /**
     * A page of {@code width × height} upright pixels, decoded by {@code decoder} on each {@link #image()}. The
     * decoder is blocking work and may throw (a corrupt file): only local engines call {@code image()}, on their
     * worker threads.
     */
    public static PageImage decodedOnDemand(int pageNumber, int width, int height, Supplier<BufferedImage> decoder) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("page size must be positive, was " + width + "x" + height);
        }
        return new PageImage(pageNumber, width, height, Objects.requireNonNull(decoder, "decoder"));
    }

    public int pageNumber() {
        return pageNumber;
    }

    /**
     * The pixels. A page made by {@link #decodedOnDemand} decodes them on every call and keeps nothing: a local engine
     * copies them into its own matrix at once, so they are garbage before the page is read, where a kept copy lived as
     * long as its request, a large share of the heap for a page scanned at a high resolution (measured in
     * docs/benchmarks/history/BENCHMARKS-2026-11.md, "Speed work" (n)). A second reader of the same page (a local
     * shadow) decodes again. Blocking, and may throw, for such a page.
     */
    public BufferedImage image() {
        if (image != null) {
            return image;
        }
        BufferedImage decoded = decoder.get();
        if (decoded.getWidth() != width || decoded.getHeight() != height) {
            throw new IllegalStateException("page " + pageNumber + " decoded to " + decoded.getWidth() + "x"
                    + decoded.getHeight() + ", its header said " + width + "x" + height);
        }
        return decoded;
    }

    /** Whether the page holds its pixels: made with them, not {@link #decodedOnDemand decoded on demand}. */
    public boolean holdsPixels() {
        return image != null;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    @Override
    public String toString() {
        return "PageImage[pageNumber=" + pageNumber + ", " + width + "x" + height + "]";
    }
}
