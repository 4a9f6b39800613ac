package org.freerpacapture.inference.ppocr.orient;

import org.freerpacapture.inference.ppocr.recognize.LineImages;
import org.freerpacapture.inference.ppocr.runtime.OnnxModel;
import org.freerpacapture.inference.ppocr.runtime.TensorBuffers;
import org.opencv.core.Core;
import org.opencv.core.Mat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Tells upright crops from upside-down ones (classes 0° and 180°) and turns the latter, in batches sorted by aspect
 * ratio. A crop is turned only when the classifier is sure (score above the threshold).
 */
public final class AngleClassifier {
    private static final int H = 48;
    private static final int W = 192;

    private final OnnxModel model;
    private final int batchSize;
    private final float threshold;

    public AngleClassifier(OnnxModel model, int batchSize, float threshold) {
        this.model = model;
        this.batchSize = batchSize;
        this.threshold = threshold;
    }

    /** Turns in place every crop read as upside down; returns how many were turned. */
    public int correct(List<Mat> crops) {
        float[] upsideDown = upsideDown(crops);
        int turned = 0;
        for (int i = 0; i < crops.size(); i++) {
            if (upsideDown[i] > 0.5f && upsideDown[i] > threshold) {
                Mat crop = crops.get(i);
                Core.rotate(crop, crop, Core.ROTATE_180);
                turned++;
            }
        }
        return turned;
    }

    /** The classifier's probability that each crop is upside down, in the order given. */
    float[] upsideDown(List<Mat> crops) {
        List<Integer> order = IntStream.range(0, crops.size()).boxed()
                .sorted(Comparator.comparingDouble(i -> (double) crops.get(i).cols() / crops.get(i).rows()))
                .toList();
        float[] p180 = new float[crops.size()];
        for (int start = 0; start < order.size(); start += batchSize) {
            List<Integer> idx = order.subList(start, Math.min(order.size(), start + batchSize));
            List<Mat> batch = new ArrayList<>(idx.size());
            idx.forEach(i -> batch.add(crops.get(i)));
            long[] shape = {batch.size(), 3, H, W};
            ByteBuffer input = TensorBuffers.REC_IN.get().floats(shape);
            LineImages.pack(batch, input, H, W, 1.0);
            model.run(input.asFloatBuffer(), shape, (out, outShape) -> {
                for (int b = 0; b < batch.size(); b++) {
                    // Two classes, 0° and 180°, already a softmax.
                    p180[idx.get(b)] = out.get(b * 2 + 1);
                }
                return null;
            });
        }
        return p180;
    }
}
