package org.freerpacapture.inference.document;

import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An image file's bytes as ImageIO reads them, straight from the array (no cache to copy them into), which refuses
 * to be read on and on past its end. Some decoders catch the end-of-file error of each read and carry on, filling
 * in zeros: on a truncated file a WebP lossless decoder then loops for minutes. A corrupt file ends the decode here.
 */
final class ImageBytes extends ImageInputStreamImpl {

    /** Reads past the end a decoder may make while probing for optional data; far more means it is stuck. */
    static final int MAX_READS_PAST_END = 4096;

    private final byte[] bytes;
    private int readsPastEnd;

    ImageBytes(byte[] bytes) {
        this.bytes = bytes;
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
