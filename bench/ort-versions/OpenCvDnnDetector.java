import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * The simplified detector through OpenCV's dnn module (in the OpenCV jar the engine already carries) and through
 * ONNX Runtime, one 1×3×960×736 input, alternated in one process: whether OpenCV would be the faster runtime
 * (docs/benchmarks/history/BENCHMARKS-2026-11.md, "Speed work" (p)). Run from the repository root with the inference
 * module's class path:
 *
 * <pre>
 * java -cp "$(cat /tmp/cp.txt)" bench/ort-versions/OpenCvDnnDetector.java /tmp/det_simplified.onnx [threads]
 * </pre>
 *
 * ({@code /tmp/det_simplified.onnx} is written by {@code DetectorLoopBench}.)
 */
public class OpenCvDnnDetector {
    private static final long[] SHAPE = {1, 3, 960, 736};
    private static final int RUNS = 10;

    public static void main(String[] args) throws Exception {
        nu.pattern.OpenCV.loadLocally();
        String model = args[0];
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;

        Core.setNumThreads(threads);
        Net net = Dnn.readNetFromONNX(model);
        net.setPreferableBackend(Dnn.DNN_BACKEND_OPENCV);
        Mat blob = new Mat(new int[]{1, 3, 960, 736}, CvType.CV_32F);
        Core.randu(blob, -1, 1);
        float[] pixels = new float[3 * 960 * 736];
        blob.get(new int[]{0, 0, 0, 0}, pixels);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        try (OrtSession session = env.createSession(model, options)) {
            String input = session.getInputNames().iterator().next();
            for (int round = 0; round < 4; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < RUNS; i++) {
                    net.setInput(blob);
                    net.forward().release();
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < RUNS; i++) {
                    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), SHAPE);
                         OrtSession.Result ignored = session.run(Map.of(input, t))) {
                        // Only the time matters.
                    }
                }
                long t2 = System.nanoTime();
                System.out.printf("round %d: OpenCV dnn %.1f ms, ONNX Runtime %.1f ms per run%n",
                        round, (t1 - t0) / 1e6 / RUNS, (t2 - t1) / 1e6 / RUNS);
            }
        }
    }
}
