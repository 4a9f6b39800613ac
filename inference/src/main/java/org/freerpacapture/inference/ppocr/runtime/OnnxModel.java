package org.freerpacapture.inference.ppocr.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * One ONNX Runtime session with a single image input. Sessions are thread-safe for {@code run}, so one per model
 * is shared by every inference thread.
 */
public final class OnnxModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private final String name;

    public OnnxModel(OrtEnvironment env, String name, byte[] modelBytes, SessionSettings settings) {
        this.env = env;
        this.name = name;
        byte[] graph = modelBytes;
        if (settings.simplifyGraph()) {
            long start = System.nanoTime();
            GraphSimplifier.Simplified simplified = GraphSimplifier.simplify(modelBytes, settings.blockedLayout());
            graph = simplified.model();
            LOG.info("model {} simplified in {} ms: {}", name, (System.nanoTime() - start) / 1_000_000,
                    simplified.report());
        }
        try (OrtSession.SessionOptions options = settings.toOptions()) {
            this.session = env.createSession(graph, options);
            this.inputName = session.getInputNames().iterator().next();
            this.outputName = session.getOutputNames().iterator().next();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load ONNX model " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * ONNX Runtime session options, measured in docs/BENCHMARKS.md ("Speed work") rather than guessed.
     *
     * @param intraOpThreads threads one session uses inside an operator (ignored with {@code globalThreads})
     * @param cpuArena       ONNX Runtime's arena allocator: faster reuse, but it keeps its peak for ever (RSS)
     * @param spinning       intra-op threads spin while waiting for work instead of sleeping
     * @param globalThreads  run on the environment's shared thread pool instead of the session's own
     * @param optLevel       graph optimisation level
     * @param memoryPattern  plan one block per input shape ahead of the run (shapes vary from page to page)
     * @param simplifyGraph  load the graph as {@link GraphSimplifier} rewrites it (same results, fewer passes)
     */
    public record SessionSettings(int intraOpThreads, boolean cpuArena, boolean spinning, boolean globalThreads,
                           OrtSession.SessionOptions.OptLevel optLevel, boolean memoryPattern, boolean simplifyGraph) {

        public SessionSettings(int intraOpThreads, boolean cpuArena, boolean spinning) {
            this(intraOpThreads, cpuArena, spinning, false, OrtSession.SessionOptions.OptLevel.ALL_OPT, true, false);
        }

        /**
         * The measured choice (docs/BENCHMARKS.md, "Speed work"): each session its own {@code intraOpThreads}
         * threads (the detector: the cores; the recognizer: one, its batches run in parallel instead), no spinning
         * (spinning threads steal the cores the other inferences need), the arena on (without it, glibc keeps the
         * freed activations of every thread: about 250 MiB more peak RSS), no memory pattern (page sizes vary, so a
         * planned block per shape only adds to the arena's peak), and the graph simplified (a fifth less
         * recognition time, the same text).
         */
        public static SessionSettings measured(int intraOpThreads) {
            return new SessionSettings(intraOpThreads, true, false, false, OrtSession.SessionOptions.OptLevel.ALL_OPT,
                    false, true);
        }

        /** Whether ONNX Runtime will run these sessions in its blocked layout: x86-64, and the ALL_OPT level. */
        boolean blockedLayout() {
            return GraphSimplifier.BLOCKED_LAYOUT && optLevel == OrtSession.SessionOptions.OptLevel.ALL_OPT;
        }

        public OrtSession.SessionOptions toOptions() throws OrtException {
            OrtSession.SessionOptions o = new OrtSession.SessionOptions();
            o.setOptimizationLevel(optLevel);
            if (globalThreads) {
                o.disablePerSessionThreads();
            } else {
                o.setIntraOpNumThreads(intraOpThreads);
                o.setInterOpNumThreads(1);
                o.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
            }
            o.setCPUArenaAllocator(cpuArena);
            o.setMemoryPatternOptimization(memoryPattern);
            return o;
        }
    }

    String name() {
        return name;
    }

    /** The first output's declared shape, dynamic dimensions as -1 (used to check the dictionary against the classes). */
    public long[] outputShapeHint() {
        try {
            var info = session.getOutputInfo().values().iterator().next().getInfo();
            return ((ai.onnxruntime.TensorInfo) info).getShape();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the model on a {@code [N,C,H,W]} float input held in a direct buffer and hands the first output to
     * {@code reader} while the native result is still open; both tensors are closed on return.
     */
    public <T> T run(FloatBuffer input, long[] shape, OutputReader<T> reader) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape);
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            return reader.read(out.getFloatBuffer(), out.getInfo().getShape());
        } catch (OrtException e) {
            throw new IllegalStateException("inference failed in " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Like {@link #run}, but ONNX Runtime writes the first output, whose shape the caller knows, straight into
     * {@code output}, a reused direct buffer of exactly that many floats ({@link TensorBuffers}): no copy of it
     * onto the heap. A recognition batch's output is batch × steps × 6,625 classes, several MiB per run; copied,
     * each became a heap array too large for a small young generation, and the collector paid for it on every page.
     */
    public <T> T runInto(FloatBuffer input, long[] shape, ByteBuffer output, long[] outputShape, OutputReader<T> reader) {
        FloatBuffer view = output.asFloatBuffer();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape);
             OnnxTensor pinned = OnnxTensor.createTensor(env, view, outputShape);
             OrtSession.Result result = session.run(Map.of(inputName, tensor), Map.of(outputName, pinned))) {
            return reader.read(view.duplicate().rewind(), outputShape);
        } catch (OrtException e) {
            throw new IllegalStateException("inference failed in " + name + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    public interface OutputReader<T> {
        T read(FloatBuffer output, long[] shape);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
