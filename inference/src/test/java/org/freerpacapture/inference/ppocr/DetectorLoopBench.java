package org.freerpacapture.inference.ppocr;

import org.freerpacapture.inference.ppocr.detect.DbTextDetector;
import org.freerpacapture.inference.ppocr.runtime.GraphSimplifier;
import org.freerpacapture.inference.ppocr.runtime.OnnxModel;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.freerpacapture.models.ModelManifest;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The detector alone, as ONNX Runtime's Java binding runs it, one page after another: the simplified graph, the
 * engine's session settings (arena on, memory pattern off, spinning off), random inputs of each receipt's detection
 * size (longer side at most 1,280 px, sides rounded to 32). It writes the simplified graph beside its report so that
 * {@code bench/ort-versions/detector_loop.py} runs the same graph on the same sizes through another ONNX Runtime
 * build, the question being how much a newer release would save (docs/decisions.md, "ONNX Runtime stays at
 * 1.23.2"). Run it with another {@code onnxruntime} jar first on the class path to time that release.
 *
 * <pre>
 * java -Xmx1g -Dthreads=2 -cp inference/target/test-classes:inference/target/classes:$(cat /tmp/cp.txt) \
 *   org.freerpacapture.inference.ppocr.DetectorLoopBench ../shared/data/sroie-dev/img /tmp/det_simplified.onnx
 * </pre>
 */
public final class DetectorLoopBench {

    private DetectorLoopBench() {
    }

    public static void main(String[] args) throws Exception {
        File[] images = new File(args[0]).listFiles((d, n) -> n.endsWith(".jpg"));
        Path simplified = Path.of(args.length > 1 ? args[1] : "det_simplified.onnx");
        int threads = Integer.getInteger("threads", 2);
        Arrays.sort(images);
        Files.write(simplified, GraphSimplifier.simplify(ModelManifest.load().read("ppocr-v4-det"),
                GraphSimplifier.BLOCKED_LAYOUT).model());

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OnnxModel.SessionSettings(threads, true, false, false,
                OrtSession.SessionOptions.OptLevel.ALL_OPT, false, false).toOptions();
             OrtSession session = env.createSession(simplified.toString(), options)) {
            String input = session.getInputNames().iterator().next();
            List<long[]> shapes = new ArrayList<>();
            List<FloatBuffer> pages = new ArrayList<>();
            Random random = new Random(1);
            for (File image : images) {
                long[] shape = detectionShape(image);
                int floats = (int) (shape[1] * shape[2] * shape[3]);
                FloatBuffer page = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
                for (int i = 0; i < floats; i++) {
                    page.put(i, random.nextFloat());
                }
                shapes.add(shape);
                pages.add(page);
            }
            System.out.println("onnxruntime " + OrtEnvironment.getEnvironment().getVersion() + ", " + threads
                    + " intra-op threads, " + pages.size() + " pages");
            for (int round = 0; round < 3; round++) {
                long started = System.nanoTime();
                for (int i = 0; i < pages.size(); i++) {
                    run(env, session, input, pages.get(i), shapes.get(i));
                }
                System.out.printf("round %d: %.1f ms per page%n", round,
                        (System.nanoTime() - started) / 1e6 / pages.size());
            }
        }
    }

    private static void run(OrtEnvironment env, OrtSession session, String input, FloatBuffer page, long[] shape)
            throws OrtException {
        try (OnnxTensor in = OnnxTensor.createTensor(env, page, shape);
             OrtSession.Result ignored = session.run(Map.of(input, in))) {
            // the output is not read: the question is the model's time
        }
    }

    private static long[] detectionShape(File image) throws IOException {
        try (ImageInputStream stream = ImageIO.createImageInputStream(image)) {
            ImageReader reader = ImageIO.getImageReaders(stream).next();
            reader.setInput(stream);
            int[] size = DbTextDetector.inputSize(reader.getWidth(0), reader.getHeight(0),
                    PpOcrOptions.defaults().detectorSettings());
            reader.dispose();
            return new long[]{1, 3, size[1], size[0]};
        }
    }
}
