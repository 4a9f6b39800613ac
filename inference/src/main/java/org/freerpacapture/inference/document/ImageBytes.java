package org.freerpacapture.inference.document;

import javax.imageio.stream.ImageInputStreamImpl;
import java.io.IOException;

/**
 * An image file's bytes as ImageIO reads them, straight from the array (no cache to copy them into), which refuses
 * to be read on and on past its end. Some decoders catch the end-of-file error of each read and carry on: on a
 * file whose data ends early, a WebP lossless decoder then spends an end-of-file error on every pixel, minutes for a
 * large image, and as it reads through a view of one chunk, the sign that reaches this stream is a seek back to the
 * same place after each error. Reads past the end, and seeks far more numerous than the file has bytes, end the
 * decode here as a corrupt file.
 */
final class ImageBytes extends ImageInputStreamImpl {

    /** Reads past the end a decoder may make while probing for optional data; far more means it is stuck. */
    static final int MAX_READS_PAST_END = 4096;
    /** Seeks a decoder makes move between chunks, strips or tiles: fewer than the file has bytes, plus a margin. */
    static final long SEEK_MARGIN = 4096;

    private final byte[] bytes;
    private final long maxSeeks;
    private int readsPastEnd;
    private long seeks;

    ImageBytes(byte[] bytes) {
        this.bytes = bytes;
        this.maxSeeks = bytes.length + SEEK_MARGIN;
    }

    @Override
    public void seek(long position) throws IOException {
        if (++seeks > maxSeeks) {
            throw DocumentException.undecodableImage("its data ends before the image does: the file is truncated");
        }
        super.seek(position);
    }

    @Override
    public int read() {
        bitOffset = 0;
        if (streamPos >= bytes.length) {
            return pastEnd();
        }
        return bytes[(int) streamPos++] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > into.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", size " + into.length);
        }
        bitOffset = 0;
        if (length == 0) {
            return 0;
        }
        if (streamPos >= bytes.length) {
            return pastEnd();
        }
        int n = (int) Math.min(length, bytes.length - streamPos);
        System.arraycopy(bytes, (int) streamPos, into, offset, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return bytes.length;
    }

    private int pastEnd() {
        if (++readsPastEnd > MAX_READS_PAST_END) {
            throw DocumentException.undecodableImage("its data ends before the image does: the file is truncated");
        }
        return -1;
    }
}
