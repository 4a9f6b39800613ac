package org.freerpacapture.inference;

import java.awt.image.BufferedImage;

/**
 * One decoded page, upright (EXIF orientation applied), 8-bit RGB.
 *
 * @param pageNumber 1-based page number in the original document
 * @param image      the pixels; treated as read-only once decoded
 */
public record PageImage(int pageNumber, BufferedImage image) {

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }
}
