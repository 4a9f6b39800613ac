package org.freerpacapture.inference.ppocr;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Direct, native-order input and output buffers reused by each inference thread, and OpenCV views over them, so
 * preprocessing writes straight into the memory ONNX Runtime reads and outputs are read where it wrote them: no
 * per-pixel Java objects, no copies.
 */
final class TensorBuffers {
    /** Detection input and output, recognition (or classification) input and output. */
    static final int DET_IN = 0;
    static final int REC_IN = 1;
    static final int DET_OUT = 2;
    static final int REC_OUT = 3;
    private static final int SLOTS = 4;
    private static final ThreadLocal<ByteBuffer[]> CACHE = ThreadLocal.withInitial(() -> new ByteBuffer[SLOTS]);

    private TensorBuffers() {
    }

    /**
     * A direct buffer of at least {@code floats} floats for this thread, in slot {@code slot} (so the tensors of
     * one stage can coexist). Grows, never shrinks: memory is pinned by the largest shape seen, which the warm-up
     * reaches first.
     */
    static ByteBuffer floats(int slot, int floats) {
        ByteBuffer[] slots = CACHE.get();
        ByteBuffer b = slots[slot];
        int bytes = floats * Float.BYTES;
        if (b == null || b.capacity() < bytes) {
            b = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            slots[slot] = b;
        }
        ByteBuffer view = b.duplicate().order(ByteOrder.nativeOrder());
        view.clear().limit(bytes);
        return view;
    }

    /** An {@code rows × cols} CV_32F matrix over {@code buffer} starting at float {@code offset}. */
    static Mat floatPlane(ByteBuffer buffer, int offset, int rows, int cols) {
        ByteBuffer slice = buffer.duplicate();
        slice.position(offset * Float.BYTES).limit(offset * Float.BYTES + rows * cols * Float.BYTES);
        return new Mat(rows, cols, CvType.CV_32FC1, slice.slice().order(ByteOrder.nativeOrder()));
    }
}
