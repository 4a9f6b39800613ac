package org.freerpacapture.inference.ppocr;

import org.freerpacapture.inference.ppocr.recognize.TextRecognizer;
import org.freerpacapture.inference.ppocr.runtime.OnnxModel;
import org.freerpacapture.inference.ppocr.runtime.OpenCv;
import ai.onnxruntime.OrtEnvironment;
import org.freerpacapture.models.ModelManifest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What a recognition batch costs per crop as the batch grows, on one thread: the question behind batching crops of
 * several concurrent requests together (dynamic batching). If a crop costs the same alone as in a batch of twelve,
 * waiting for other requests' crops can only add latency. The recognizer as the engine loads it (simplified graph,
 * arena on, one intra-op thread), inputs of fixed pseudo-random pixels, every (width, batch) pair run in a shuffled
 * order each round; the median of the rounds is printed.
 *
 * <pre>
 * java -Xmx1g -cp inference/target/test-classes:inference/target/classes:$(cat /tmp/cp.txt) \
 *   org.freerpacapture.inference.ppocr.RecognizerBatchBench [rounds]
 * </pre>
 */
public final class RecognizerBatchBench {
    private static final int[] WIDTHS = {160, 320, 640};
    private static final int[] BATCHES = {1, 2, 4, 6, 12};
    /** Crops per measurement, whatever the batch size, so each cell does the same work. */
    private static final int CROPS = 48;

    private RecognizerBatchBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        OpenCv.load();
        try (OnnxModel model = new OnnxModel(OrtEnvironment.getEnvironment(), "ppocr-v4-rec",
                ModelManifest.load().read("ppocr-v4-rec"), OnnxModel.SessionSettings.measured(1))) {
            List<int[]> cells = new ArrayList<>();
            for (int w : WIDTHS) {
                for (int b : BATCHES) {
                    cells.add(new int[]{w, b});
                }
            }
            Map<String, List<Double>> msPerCrop = new HashMap<>();
            Random order = new Random(11);
            for (int round = 0; round <= rounds; round++) {
                Collections.shuffle(cells, order);
                for (int[] cell : cells) {
                    double ms = time(model, cell[0], cell[1]);
                    if (round > 0) { // round 0 warms every shape up
                        msPerCrop.computeIfAbsent(cell[0] + "x" + cell[1], k -> new ArrayList<>()).add(ms);
                    }
                }
            }
            System.out.println("ms per crop, one thread, median of " + rounds + " rounds");
            System.out.println("| crop width px | batch 1 | 2 | 4 | 6 | 12 |");
            System.out.println("|---|---|---|---|---|---|");
            for (int w : WIDTHS) {
                StringBuilder row = new StringBuilder("| " + w + " |");
                for (int b : BATCHES) {
                    List<Double> v = msPerCrop.get(w + "x" + b);
                    Collections.sort(v);
                    row.append(String.format(" %.2f |", v.get(v.size() / 2)));
                }
                System.out.println(row);
            }
        }
    }

    /** Milliseconds per crop for {@link #CROPS} crops of width {@code w} run {@code batch} at a time. */
    private static double time(OnnxModel model, int w, int batch) {
        int floats = batch * 3 * TextRecognizer.H * w;
        FloatBuffer input = ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        Random pixels = new Random(w * 31L + batch);
        for (int i = 0; i < floats; i++) {
            input.put(i, pixels.nextFloat() * 2 - 1);
        }
        long[] shape = {batch, 3, TextRecognizer.H, w};
        int runs = Math.max(1, CROPS / batch);
        long start = System.nanoTime();
        for (int r = 0; r < runs; r++) {
            model.run(input, shape, (out, outShape) -> outShape[0]);
        }
        return (System.nanoTime() - start) / 1e6 / (runs * batch);
    }
}
