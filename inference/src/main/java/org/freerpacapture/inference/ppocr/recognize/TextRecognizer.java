package org.freerpacapture.inference.ppocr.recognize;

import org.freerpacapture.inference.ppocr.runtime.BatchFanOut;
import org.freerpacapture.inference.ppocr.runtime.IdleThreads;
import org.freerpacapture.inference.ppocr.runtime.OnnxModel;
import org.freerpacapture.inference.ppocr.runtime.TensorBuffers;
import org.opencv.core.Mat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * CTC recognition of line crops at height 48. Crops are sorted by aspect ratio and batched, each batch as wide as
 * its widest crop (at least 160: the reference pads to 320, which made a receipt's many short crops, prices and
 * quantities, cost five times their width; 160 reads the dev set as well and 18% faster, see docs/decisions.md),
 * so short lines are not padded to the width of long ones. A batch also holds at most {@link #BATCH_WIDTH} pixels
 * of padded width: the output is 6,625 probabilities per 8 pixels, so six lines 3,200 px wide would need 64 MiB of
 * output and ONNX Runtime's arena the activations to match, kept by every inference thread afterwards; and a crop
 * costs more in a wide batch than alone once the activations leave the caches (docs/decisions.md, "Detection
 * settings, measured on the SROIE dev set").
 */
public final class TextRecognizer {
    public static final int H = 48;
    /**
     * Share of the 48 px the line itself fills; the rest is margin above and below. Detection boxes hug the print
     * more tightly than the crops the model learnt from: with a margin the dev set reads better (word F1 0.9231 →
     * 0.9316, line CER 0.0796 → 0.0768), and the line is 15% narrower, so it costs 15% less to read
     * (docs/decisions.md, "Recognition crops with a margin").
     */
    static final double TEXT_SHARE = 0.85;
    private static final int MIN_W = 160;
    /** Most padded width one batch may hold: three crops of the reference's 320 px. */
    static final int BATCH_WIDTH = 3 * 320;

    /** One crop's decoding plus the geometry needed to box its characters. */
    public record Recognized(CtcDecoder.Decoded decoded, float stepPx, float usedPx) {
    }

    private final OnnxModel model;
    private final CtcDecoder decoder;
    private final int batchSize;
    private final int maxWidth;
    private final int classes;
    private final int stepStride;

    public TextRecognizer(OnnxModel model, CtcDictionary dictionary, int batchSize, int maxWidth) {
        this.model = model;
        this.decoder = new CtcDecoder(dictionary);
        this.batchSize = batchSize;
        this.maxWidth = maxWidth;
        this.classes = dictionary.size();
        this.stepStride = stepStride(model);
    }

    /**
     * Input pixels per output time step, learnt from two probe runs at load, so that each batch's output shape is
     * known before the run and ONNX Runtime can write it into a reused buffer; 0 if the steps do not follow the
     * width linearly (every batch then takes the copying path).
     */
    private static int stepStride(OnnxModel model) {
        int[] steps = new int[2];
        int[] widths = {MIN_W, 2 * MIN_W};
        for (int k = 0; k < 2; k++) {
            long[] shape = {1, 3, H, widths[k]};
            ByteBuffer zeros = TensorBuffers.REC_IN.get().floats(shape);
            for (int i = 0; i < zeros.limit(); i++) {
                zeros.put(i, (byte) 0);
            }
            steps[k] = model.run(zeros.asFloatBuffer(), shape, (out, outShape) -> (int) outShape[1]);
        }
        boolean linear = steps[0] > 0 && widths[0] % steps[0] == 0 && steps[1] == 2 * steps[0];
        return linear ? widths[0] / steps[0] : 0;
    }

    /** Every crop's reading, in the crops' order, and the model runs it took. */
    public record Recognition(List<Recognized> lines, int batches) {
        public static final Recognition NONE = new Recognition(List.of(), 0);
    }

    /**
     * Recognizes every crop. Batches run on this thread and on any {@code idle} thread lent to the page.
     */
    public Recognition recognize(List<Mat> crops, IdleThreads idle) {
        if (crops.isEmpty()) {
            return Recognition.NONE;
        }
        Recognized[] out = new Recognized[crops.size()];
        List<Integer> order = IntStream.range(0, crops.size()).boxed()
                .sorted(Comparator.comparingDouble(i -> ratio(crops.get(i))))
                .toList();
        List<List<Integer>> plan = plan(order, i -> paddedWidth(crops.get(i)), batchSize);
        // Widest batches first: a lent thread that joins late then picks up the short ones.
        Collections.reverse(plan);
        BatchFanOut.run(plan.size(), b -> recognizeBatch(crops, plan.get(b), out), idle);
        return new Recognition(Arrays.asList(out), plan.size());
    }

    /**
     * Cuts {@code order} (crop indexes, narrowest first) into batches of at most {@code batchSize} crops and
     * {@link #BATCH_WIDTH} pixels of padded width; a crop wider than that is a batch of its own.
     */
    static List<List<Integer>> plan(List<Integer> order, IntUnaryOperator paddedWidth, int batchSize) {
        List<List<Integer>> plan = new ArrayList<>();
        int start = 0;
        for (int end = 1; end <= order.size(); end++) {
            // The last crop added sets the batch's width.
            int count = end - start;
            if (count == batchSize || end == order.size()
                    || (count + 1) * paddedWidth.applyAsInt(order.get(end)) > BATCH_WIDTH) {
                plan.add(order.subList(start, end));
                start = end;
            }
        }
        return plan;
    }

    /** Input width of a batch whose widest crop is {@code crop}: at least {@link #MIN_W}, at most the cap, 8-aligned. */
    private int paddedWidth(Mat crop) {
        int w = Math.min(maxWidth, Math.max(MIN_W, LineImages.resizedWidth(crop, H, TEXT_SHARE, maxWidth)));
        return Math.max(8, (w + 7) / 8 * 8);
    }

    private void recognizeBatch(List<Mat> crops, List<Integer> idx, Recognized[] out) {
        int w = 0;
        for (int i : idx) {
            w = Math.max(w, paddedWidth(crops.get(i)));
        }
        List<Mat> batch = new ArrayList<>(idx.size());
        idx.forEach(i -> batch.add(crops.get(i)));
        long[] inShape = {batch.size(), 3, H, w};
        ByteBuffer input = TensorBuffers.REC_IN.get().floats(inShape);
        int[] widths = LineImages.pack(batch, input, H, w, TEXT_SHARE);
        final int width = w;
        OnnxModel.OutputReader<Recognized[]> reader = (probs, shape) -> {
            int steps = (int) shape[1];
            int classes = (int) shape[2];
            float stepPx = (float) width / steps;
            Recognized[] r = new Recognized[batch.size()];
            for (int b = 0; b < batch.size(); b++) {
                r[b] = new Recognized(decoder.decode(probs, b, steps, classes), stepPx, widths[b]);
            }
            return r;
        };
        Recognized[] decoded;
        if (stepStride > 0 && w % stepStride == 0) {
            long[] outShape = {batch.size(), w / stepStride, classes};
            decoded = model.runInto(input.asFloatBuffer(), inShape, TensorBuffers.REC_OUT.get().floats(outShape),
                    outShape, reader);
        } else {
            decoded = model.run(input.asFloatBuffer(), inShape, reader);
        }
        for (int b = 0; b < idx.size(); b++) {
            out[idx.get(b)] = decoded[b];
        }
    }

    private static double ratio(Mat crop) {
        return (double) crop.cols() / Math.max(1, crop.rows());
    }
}
