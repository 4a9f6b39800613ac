package org.freerpacapture.inference.document;

import java.util.Optional;

/**
 * A JPEG's or PNG's pixel size read straight from its header bytes (the JPEG frame header, the PNG IHDR chunk),
 * without an image reader: no decoder state, no tables, nothing allocated per pixel.
 */
record HeaderSize(int width, int height) {

    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;

    /** The size in the header, or empty when the header is not one this reads plainly (the full decode judges it). */
    static Optional<HeaderSize> of(byte[] bytes, DocumentFormat format) {
        return switch (format) {
            case JPEG -> jpeg(bytes);
            case PNG -> png(bytes);
            default -> Optional.empty();
        };
    }

    /**
     * Whether a PNG's chunks, walked by their lengths, hold image data (IDAT) and end exactly with IEND: the signs it
     * was neither cut short nor stripped of its pixels. CRCs are left to the decoder.
     */
    static boolean pngIntact(byte[] png) {
        int pos = 8;
        boolean data = false;
        while (pos + 12 <= png.length) {
            long length = s32(png, pos);
            boolean idat = png[pos + 4] == 'I' && png[pos + 5] == 'D' && png[pos + 6] == 'A' && png[pos + 7] == 'T';
            boolean iend = png[pos + 4] == 'I' && png[pos + 5] == 'E' && png[pos + 6] == 'N' && png[pos + 7] == 'D';
            long next = pos + 12 + length;
            if (next > png.length) {
                return false;
            }
            if (iend) {
                return data && next == png.length;
            }
            data |= idat;
            pos = (int) next;
        }
        return false;
    }

    /** Walks the segments before the first scan to the frame header (SOFn), which holds height then width. */
    private static Optional<HeaderSize> jpeg(byte[] b) {
        int pos = 2;
        while (pos + 4 <= b.length) {
            if ((b[pos] & 0xFF) != 0xFF) {
                return Optional.empty();
            }
            int marker = b[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            if (marker == SOS || marker == EOI) {
                return Optional.empty();
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // TEM and RSTn stand alone
                pos += 2;
                continue;
            }
            int length = u16(b, pos + 2);
            if (length < 2) {
                return Optional.empty();
            }
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                if (length < 8 || pos + 9 > b.length) {
                    return Optional.empty();
                }
                return sized(u16(b, pos + 7), u16(b, pos + 5));
            }
            pos += 2 + length;
        }
        return Optional.empty();
    }

    /** The PNG signature is followed by IHDR: length (4), type (4), width (4), height (4). */
    private static Optional<HeaderSize> png(byte[] b) {
        if (b.length < 24 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            return Optional.empty();
        }
        return sized(s32(b, 16), s32(b, 20));
    }

    private static Optional<HeaderSize> sized(long width, long height) {
        return width < 1 || height < 1 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE
                ? Optional.empty() : Optional.of(new HeaderSize((int) width, (int) height));
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static long s32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
