package org.freerpacapture.inference.ppocr.runtime;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Direct, native-order input and output buffers, reused, and OpenCV views over them, so preprocessing writes
 * straight into the memory ONNX Runtime reads and outputs are read where it wrote them: no per-pixel Java objects,
 * no copies. Recognition's belong to each inference thread; the detector owns one pair, used in turn.
 */
public final class TensorBuffers {
    /** This thread's recognition (or classification) input and output: the tensors of one batch coexist. */
    public static final ThreadLocal<Slot> REC_IN = ThreadLocal.withInitial(Slot::new);
    public static final ThreadLocal<Slot> REC_OUT = ThreadLocal.withInitial(Slot::new);

    private TensorBuffers() {
    }

    /**
     * One reused buffer, not thread-safe. Grows, never shrinks: memory is pinned by the largest shape seen, which
     * the warm-up reaches first.
     */
    public static final class Slot {
        private ByteBuffer buffer;

        /** A view of exactly as many floats as a tensor of {@code shape} holds, the buffer grown first if needed. */
        public ByteBuffer floats(long[] shape) {
            long count = 1;
            for (long d : shape) {
                count *= d;
            }
            int bytes = Math.toIntExact(count * Float.BYTES);
            if (buffer == null || buffer.capacity() < bytes) {
                buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            }
            ByteBuffer view = buffer.duplicate().order(ByteOrder.nativeOrder());
            view.clear().limit(bytes);
            return view;
        }
    }

    /** An {@code rows × cols} CV_32F matrix over {@code buffer} starting at float {@code offset}. */
    public static Mat floatPlane(ByteBuffer buffer, int offset, int rows, int cols) {
        ByteBuffer slice = buffer.duplicate();
        slice.position(offset * Float.BYTES).limit(offset * Float.BYTES + rows * cols * Float.BYTES);
        return new Mat(rows, cols, CvType.CV_32FC1, slice.slice().order(ByteOrder.nativeOrder()));
    }
}
