package org.freerpacapture.inference.document;

/**
 * Whether a JPEG carries its end-of-image marker after the image data. A file cut short decodes "successfully"
 * into a partly grey picture with, at most, a warning; the missing EOI is the reliable sign.
 */
final class JpegEnd {

    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;

    private JpegEnd() {
    }

    static boolean isPresent(byte[] jpeg) {
        int scan = firstScan(jpeg);
        if (scan < 0) {
            return false;
        }
        // Inside entropy-coded data 0xFF is always followed by 0x00 (stuffing) or a marker, so FF D9 after the first
        // scan is the real end. Segments before it (an EXIF thumbnail has its own FF D9) were skipped by length.
        for (int i = scan; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == EOI) {
                return true;
            }
        }
        return false;
    }

    /** Offset of the first SOS marker, walking segment lengths from SOI; -1 when the structure is broken. */
    private static int firstScan(byte[] jpeg) {
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            if ((jpeg[pos] & 0xFF) != 0xFF) {
                return -1;
            }
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            if (marker == SOS) {
                return pos;
            }
            if (marker == EOI) {
                return -1;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // TEM and RSTn stand alone
                pos += 2;
                continue;
            }
            int length = (jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF);
            if (length < 2) {
                return -1;
            }
            pos += 2 + length;
        }
        return -1;
    }
}
