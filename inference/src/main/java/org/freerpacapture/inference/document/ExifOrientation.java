package org.freerpacapture.inference.document;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * The EXIF orientation of a JPEG (tag 0x0112 in IFD0 of the APP1 "Exif" segment) and how to make its pixels
 * upright. Phones store pixels as the sensor saw them and record the rotation here; OCR needs upright text.
 */
final class ExifOrientation {

    private static final int TAG_ORIENTATION = 0x0112;
    private static final int TYPE_SHORT = 3;

    private ExifOrientation() {
    }

    /** The orientation value 1..8 found in the JPEG's EXIF, or 1 (upright) when absent or unreadable. */
    static int read(byte[] jpeg) {
        try {
            int pos = 2; // after SOI
            while (pos + 4 <= jpeg.length) {
                if ((jpeg[pos] & 0xFF) != 0xFF) {
                    return 1;
                }
                int marker = jpeg[pos + 1] & 0xFF;
                if (marker == 0xFF) { // fill byte
                    pos++;
                    continue;
                }
                if (marker == 0xDA || marker == 0xD9) { // start of scan / end of image: no more metadata
                    return 1;
                }
                int length = u16(jpeg, pos + 2, true);
                int body = pos + 4;
                if (marker == 0xE1 && length >= 8 && body + length - 2 <= jpeg.length && isExif(jpeg, body)) {
                    int value = orientationInTiff(jpeg, body + 6, body + length - 2);
                    if (value >= 1 && value <= 8) {
                        return value;
                    }
                }
                pos += 2 + length;
            }
        } catch (IndexOutOfBoundsException malformed) {
            // A broken EXIF block must not fail the image: treat it as upright.
        }
        return 1;
    }

    private static boolean isExif(byte[] b, int at) {
        return b[at] == 'E' && b[at + 1] == 'x' && b[at + 2] == 'i' && b[at + 3] == 'f' && b[at + 4] == 0
                && b[at + 5] == 0;
    }

    private static int orientationInTiff(byte[] b, int tiff, int end) {
        boolean bigEndian;
        if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
            bigEndian = true;
        } else if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
            bigEndian = false;
        } else {
            return 1;
        }
        long ifd = tiff + u32(b, tiff + 4, bigEndian);
        if (ifd + 2 > end) {
            return 1;
        }
        int entries = u16(b, (int) ifd, bigEndian);
        for (int i = 0; i < entries; i++) {
            int entry = (int) ifd + 2 + i * 12;
            if (entry + 12 > end) {
                return 1;
            }
            if (u16(b, entry, bigEndian) == TAG_ORIENTATION && u16(b, entry + 2, bigEndian) == TYPE_SHORT) {
                return u16(b, entry + 8, bigEndian);
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int at, boolean bigEndian) {
        int hi = b[bigEndian ? at : at + 1] & 0xFF;
        int lo = b[bigEndian ? at + 1 : at] & 0xFF;
        return hi << 8 | lo;
    }

    private static long u32(byte[] b, int at, boolean bigEndian) {
        long hi = u16(b, bigEndian ? at : at + 2, bigEndian);
        long lo = u16(b, bigEndian ? at + 2 : at, bigEndian);
        return hi << 16 | lo;
    }

    /**
     * The image turned upright for an EXIF orientation; the same image for 1. Works on the BGR bytes directly:
     * exact, and no colour conversion on the way.
     */
    static BufferedImage apply(BufferedImage bgr, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return bgr;
        }
        int w = bgr.getWidth();
        int h = bgr.getHeight();
        boolean swaps = orientation >= 5; // 5..8 transpose width and height
        int outW = swaps ? h : w;
        int outH = swaps ? w : h;
        BufferedImage out = new BufferedImage(outW, outH, BufferedImage.TYPE_3BYTE_BGR);
        byte[] src = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int dx;
                int dy;
                switch (orientation) {
                    case 2 -> { dx = w - 1 - x; dy = y; }           // mirrored horizontally
                    case 3 -> { dx = w - 1 - x; dy = h - 1 - y; }   // rotated 180
                    case 4 -> { dx = x; dy = h - 1 - y; }           // mirrored vertically
                    case 5 -> { dx = y; dy = x; }                   // transposed
                    case 6 -> { dx = h - 1 - y; dy = x; }           // needs 90 clockwise
                    case 7 -> { dx = h - 1 - y; dy = w - 1 - x; }   // transversed
                    default -> { dx = y; dy = w - 1 - x; }          // 8: needs 90 counter-clockwise
                }
                int s = (y * w + x) * 3;
                int d = (dy * outW + dx) * 3;
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
        return out;
    }
}
