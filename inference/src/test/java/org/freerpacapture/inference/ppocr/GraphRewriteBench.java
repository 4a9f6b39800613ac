package org.freerpacapture.inference.ppocr;

import org.freerpacapture.inference.ppocr.recognize.TextRecognizer;
import org.freerpacapture.inference.ppocr.runtime.GraphSimplifier;
import org.freerpacapture.inference.ppocr.runtime.OnnxModel;
import org.freerpacapture.inference.ppocr.runtime.OpenCv;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.freerpacapture.models.ModelManifest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One model's time on one thread as {@link GraphSimplifier} leaves it with its first three rewrites against all
 * five (the last two keep ONNX Runtime's blocked layout unbroken), both sessions in one process and alternated
 * round by round, with the largest difference between their outputs. Recognizers and the classifier read batches
 * of pseudo-random line crops (six 160, 320 and 640 px wide, 192 px for the classifier), detectors a 960 × 736
 * page; printed per 1,000 px of crop width (per page for detectors), the median and the best of the rounds.
 *
 * <pre>
 * java -Xmx2g -cp inference/target/test-classes:inference/target/classes:$(cat /tmp/cp.txt) \
 *   org.freerpacapture.inference.ppocr.GraphRewriteBench ppocr-v4-rec [rounds]
 * </pre>
 */
public final class GraphRewriteBench {
    private static final int RUNS_PER_SHAPE = 5;

    private GraphRewriteBench() {
    }

    public static void main(String[] args) throws OrtException {
        String id = args.length > 0 ? args[0] : "ppocr-v4-rec";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean detector = id.contains("det");
        int h = detector ? 960 : TextRecognizer.H;
        int[] widths = detector ? new int[]{736} : id.contains("cls") ? new int[]{192} : new int[]{160, 320, 640};
        int batch = detector ? 1 : 6;
        OpenCv.load();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        byte[] exported = ModelManifest.load().read(id);
        String[] names = {"rewrites 1-3", "rewrites 1-5"};
        List<OrtSession> sessions = new ArrayList<>();
        List<List<Double>> times = new ArrayList<>();
        for (boolean blocked : new boolean[]{false, true}) {
            try (OrtSession.SessionOptions options = OnnxModel.SessionSettings.measured(1).toOptions()) {
                sessions.add(env.createSession(GraphSimplifier.simplify(exported, blocked).model(), options));
            }
            times.add(new ArrayList<>());
        }
        List<FloatBuffer> inputs = new ArrayList<>();
        for (int w : widths) {
            int floats = batch * 3 * h * w;
            FloatBuffer input = ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            Random pixels = new Random(w);
            for (int i = 0; i < floats; i++) {
                input.put(i, pixels.nextFloat() * 2 - 1);
            }
            inputs.add(input);
        }
        double worst = 0;
        for (int round = 0; round <= rounds; round++) { // round 0 warms every shape up
            float[] first = null;
            for (int s = 0; s < sessions.size(); s++) {
                long start = System.nanoTime();
                for (int i = 0; i < widths.length; i++) {
                    for (int r = 0; r < RUNS_PER_SHAPE; r++) {
                        float[] out = run(env, sessions.get(s), inputs.get(i), new long[]{batch, 3, h, widths[i]});
                        if (round == 0 && r == 0 && i == 0) {
                            if (first == null) {
                                first = out;
                            } else {
                                for (int k = 0; k < out.length; k++) {
                                    worst = Math.max(worst, Math.abs(out[k] - first[k]));
                                }
                            }
                        }
                    }
                }
                double ms = (System.nanoTime() - start) / 1e6;
                double per = detector ? ms / RUNS_PER_SHAPE
                        : ms / (RUNS_PER_SHAPE * batch * Arrays.stream(widths).sum() / 1000.0);
                if (round > 0) {
                    times.get(s).add(per);
                }
            }
        }
        System.out.printf("%s, one thread, %d rounds; largest output difference %.2g%n", id, rounds, worst);
        for (int s = 0; s < sessions.size(); s++) {
            List<Double> t = times.get(s);
            Collections.sort(t);
            System.out.printf("%-13s ms per %s: median %.2f, best %.2f%n", names[s],
                    detector ? "page" : "1,000 px", t.get(t.size() / 2), t.get(0));
            sessions.get(s).close();
        }
    }

    private static float[] run(OrtEnvironment env, OrtSession session, FloatBuffer input, long[] shape)
            throws OrtException {
        try (OnnxTensor x = OnnxTensor.createTensor(env, input, shape);
             OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), x))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }
}
