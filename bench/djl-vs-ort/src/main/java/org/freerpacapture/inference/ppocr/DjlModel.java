package org.freerpacapture.inference.ppocr;

import org.freerpacapture.inference.ppocr.runtime.OnnxModel;
import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import ai.onnxruntime.OrtException;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * One PP-OCR model run through DJL: a {@link Predictor} with a {@link TensorTranslator} that feeds the already
 * preprocessed direct buffer and hands the first output to the caller's reader, the same work {@link OnnxModel#run}
 * does.
 *
 * <p>Two ways to load it: through {@link Criteria} (what a DJL pipeline would use; session options only as the
 * strings DJL understands) or through {@link Model#load(Path, String, Map)} with the product's own
 * {@code SessionOptions} object, which makes the session identical and leaves only DJL's own cost.
 */
final class DjlModel implements AutoCloseable {

    /** A preprocessed {@code [N,C,H,W]} input and what to make of the first output. */
    record Tensor(FloatBuffer data, long[] shape, OnnxModel.OutputReader<?> reader) {
    }

    /** The first model output, copied to the heap; used to check the paths agree. */
    record Output(float[] values, long[] shape) {
        static Output copyOf(FloatBuffer buffer, long[] shape) {
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return new Output(values, shape);
        }
    }

    /**
     * Input buffer in, first output handed to the input's reader while the native result is open, as
     * {@link OnnxModel#run} does. No batching by DJL: the tensor already carries N.
     */
    static final class TensorTranslator implements NoBatchifyTranslator<Tensor, Object> {
        private static final String READER = "reader";

        @Override
        public NDList processInput(TranslatorContext ctx, Tensor input) {
            ctx.setAttachment(READER, input.reader());
            // OrtNDManager wraps a direct FloatBuffer in an OnnxTensor without copying, as OnnxModel does.
            return new NDList(ctx.getNDManager().create(input.data().duplicate(), new Shape(input.shape())));
        }

        @Override
        public Object processOutput(TranslatorContext ctx, NDList list) {
            NDArray out = list.get(0);
            OnnxModel.OutputReader<?> reader = (OnnxModel.OutputReader<?>) ctx.getAttachment(READER);
            // toByteBuffer copies the native output to the heap, as OnnxTensor.getFloatBuffer does for OnnxModel.
            return reader.read(out.toByteBuffer().asFloatBuffer(), out.getShape().getShape());
        }
    }

    private final Model model;
    private final Predictor<Tensor, Object> predictor;

    private DjlModel(Model model) {
        this.model = model;
        this.predictor = model.newPredictor(new TensorTranslator());
    }

    /** Loads through {@link Criteria} with the thread and optimisation options DJL accepts as strings. */
    static DjlModel viaCriteria(Path onnxFile, int intraOpThreads) {
        Criteria<Tensor, Object> criteria = Criteria.builder()
                .setTypes(Tensor.class, Object.class)
                .optEngine("OnnxRuntime")
                .optModelPath(onnxFile)
                .optTranslator(new TensorTranslator())
                .optOption("intraOpNumThreads", Integer.toString(intraOpThreads))
                .optOption("interOpNumThreads", "1")
                .optOption("optLevel", "ALL_OPT")
                .build();
        try {
            return new DjlModel(criteria.loadModel());
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("DJL cannot load " + onnxFile + ": " + e.getMessage(), e);
        }
    }

    /** Loads with exactly the product's session options (arena off, no spinning), passed as the object. */
    static DjlModel viaSessionOptions(Path onnxFile, OnnxModel.SessionSettings settings) {
        Model model = Model.newInstance(onnxFile.getFileName().toString(), Device.cpu(), "OnnxRuntime");
        try {
            model.load(onnxFile, null, Map.of("sessionOptions", settings.toOptions()));
            return new DjlModel(model);
        } catch (IOException | MalformedModelException | OrtException e) {
            model.close();
            throw new IllegalStateException("DJL cannot load " + onnxFile + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    <T> T run(FloatBuffer input, long[] shape, OnnxModel.OutputReader<T> reader) {
        try {
            return (T) predictor.predict(new Tensor(input, shape, reader));
        } catch (TranslateException e) {
            throw new IllegalStateException("DJL inference failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
