package org.freerpacapture.inference.ppocr;

import org.opencv.core.Mat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * CTC recognition of line crops at height 48. Crops are sorted by aspect ratio and batched, each batch as wide as
 * its widest crop (at least 160: the reference pads to 320, which made a receipt's many short crops, prices and
 * quantities, cost five times their width; 160 reads the dev set as well and 18% faster, see docs/decisions.md),
 * so short lines are not padded to the width of long ones.
 */
final class TextRecognizer {
    static final int H = 48;
    private static final int MIN_W = 160;

    /** One crop's decoding plus the geometry needed to box its characters. */
    record Recognized(CtcDecoder.Decoded decoded, float stepPx, float usedPx) {
    }

    private final OnnxModel model;
    private final CtcDecoder decoder;
    private final int batchSize;
    private final int maxWidth;
    private final int classes;
    private final int stepStride;

    TextRecognizer(OnnxModel model, CtcDictionary dictionary, int batchSize, int maxWidth) {
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
            ByteBuffer zeros = TensorBuffers.floats(TensorBuffers.REC_IN, 3 * H * widths[k]);
            for (int i = 0; i < zeros.limit(); i++) {
                zeros.put(i, (byte) 0);
            }
            steps[k] = model.run(zeros.asFloatBuffer(), new long[]{1, 3, H, widths[k]}, (out, shape) -> (int) shape[1]);
        }
        boolean linear = steps[0] > 0 && widths[0] % steps[0] == 0 && steps[1] == 2 * steps[0];
        return linear ? widths[0] / steps[0] : 0;
    }

    /**
     * Recognizes every crop; the result list is in the crops' order. Batches run on this thread and on any
     * {@code idle} thread lent to the page. Counts batches in {@code batches}.
     */
    List<Recognized> recognize(List<Mat> crops, int[] batches, IdleThreads idle) {
        Recognized[] out = new Recognized[crops.size()];
        List<Integer> order = IntStream.range(0, crops.size()).boxed()
                .sorted(Comparator.comparingDouble(i -> ratio(crops.get(i))))
                .toList();
        List<List<Integer>> plan = new ArrayList<>();
        for (int start = 0; start < order.size(); start += batchSize) {
            plan.add(order.subList(start, Math.min(order.size(), start + batchSize)));
        }
        // Widest batches first: a lent thread that joins late then picks up the short ones.
        Collections.reverse(plan);
        BatchFanOut.run(plan.size(), b -> recognizeBatch(crops, plan.get(b), out), idle);
        batches[0] += plan.size();
        return Arrays.asList(out);
    }

    private void recognizeBatch(List<Mat> crops, List<Integer> idx, Recognized[] out) {
        double maxRatio = (double) MIN_W / H;
        for (int i : idx) {
            maxRatio = Math.max(maxRatio, ratio(crops.get(i)));
        }
        int w = Math.min(maxWidth, (int) (H * maxRatio));
        w = Math.max(8, (w + 7) / 8 * 8);
        List<Mat> batch = new ArrayList<>(idx.size());
        idx.forEach(i -> batch.add(crops.get(i)));
        ByteBuffer input = TensorBuffers.floats(TensorBuffers.REC_IN, batch.size() * 3 * H * w);
        int[] widths = LineImages.pack(batch, input, H, w);
        final int width = w;
        long[] inShape = {batch.size(), 3, H, w};
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
        Recognized[] decoded = stepStride > 0 && w % stepStride == 0
                ? model.runInto(input.asFloatBuffer(), inShape, TensorBuffers.REC_OUT,
                        new long[]{batch.size(), w / stepStride, classes}, reader)
                : model.run(input.asFloatBuffer(), inShape, reader);
        for (int b = 0; b < idx.size(); b++) {
            out[idx.get(b)] = decoded[b];
        }
    }

    private static double ratio(Mat crop) {
        return (double) crop.cols() / Math.max(1, crop.rows());
    }
}
