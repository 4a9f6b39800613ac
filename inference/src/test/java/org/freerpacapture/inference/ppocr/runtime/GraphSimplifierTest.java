package org.freerpacapture.inference.ppocr.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import org.freerpacapture.inference.onnx.OnnxProto.AttributeProto;
import org.freerpacapture.inference.onnx.OnnxProto.GraphProto;
import org.freerpacapture.inference.onnx.OnnxProto.ModelProto;
import org.freerpacapture.inference.onnx.OnnxProto.NodeProto;
import org.freerpacapture.inference.onnx.OnnxProto.OperatorSetIdProto;
import org.freerpacapture.inference.onnx.OnnxProto.TensorProto;
import org.freerpacapture.inference.onnx.OnnxProto.TensorShapeProto;
import org.freerpacapture.inference.onnx.OnnxProto.TypeProto;
import org.freerpacapture.inference.onnx.OnnxProto.ValueInfoProto;
import org.freerpacapture.models.ModelManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class GraphSimplifierTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    /**
     * Each bundled model, as exported and as simplified, on the same input: the outputs agree to float rounding.
     * A line crop of 48 × 320 for the recognizers and the classifier, a 320 × 256 page for the detectors.
     */
    @ParameterizedTest
    @CsvSource({
            "ppocr-v4-rec, 48, 320, 28, 28, 12, 28, 16",
            "ppocr-v4-det, 320, 256, 28, 24, 10, 24, 14",
            "ppocr-v3-rec, 48, 320, 0, 27, 0, 2, 0",
            "ppocr-v3-det, 320, 256, 0, 20, 0, 4, 0",
            "ppocr-cls, 48, 192, 0, 18, 0, 2, 0"})
    void bundledModelsGiveTheSameOutputs(String id, int h, int w, int convAffines, int hardSwishes, int inputAffines,
                                         int blockedGates, int depthwiseAffines) throws OrtException {
        byte[] exported = ModelManifest.load().read(id);
        GraphSimplifier.Simplified simplified = GraphSimplifier.simplify(exported, true);
        assertEquals(new GraphSimplifier.Report(convAffines, hardSwishes, inputAffines, blockedGates,
                depthwiseAffines), simplified.report());
        float[] input = new float[3 * h * w];
        Random random = new Random(7);
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat() * 2 - 1;
        }
        long[] shape = {1, 3, h, w};
        float[] before = run(exported, input, shape);
        float[] after = run(simplified.model(), input, shape);
        assertEquals(before.length, after.length);
        double worst = 0;
        for (int i = 0; i < before.length; i++) {
            worst = Math.max(worst, Math.abs(before[i] - after[i]));
        }
        assertTrue(worst < 1e-4, id + ": largest difference " + worst);
    }

    @Test
    void anAffineAfterAConvolutionIsFoldedIntoIt() throws OrtException {
        // x → Conv(3×3, padded) → Mul(2) → Add(0.5) → y
        GraphProto.Builder g = graph()
                .addNode(conv("x", "c", "w", "b", 3, 1))
                .addNode(binary("Mul", "s", "c", "m"))
                .addNode(binary("Add", "m", "t", "y"))
                .addInitializer(tensor("w", new long[]{2, 2, 3, 3}, ramp(36)))
                .addInitializer(tensor("b", new long[]{2}, new float[]{0.25f, -1f}))
                .addInitializer(scalar("s", 2f))
                .addInitializer(scalar("t", 0.5f));
        GraphSimplifier.Simplified s = assertSameOutputs(g);
        assertEquals(new GraphSimplifier.Report(1, 0, 0, 0, 0), s.report());
        assertEquals(List.of("Conv"), opTypes(s.model()));
    }

    @Test
    void aSpeltOutHardSwishBecomesHardSigmoidTimesItsInput() throws OrtException {
        // x → Add(3) → Clip(0, 6) → Mul(x) → Div(6) → y
        GraphProto.Builder g = graph()
                .addNode(binary("Add", "x", "three", "a"))
                .addNode(NodeProto.newBuilder().setOpType("Clip").addInput("a").addInput("zero").addInput("six")
                        .addOutput("c"))
                .addNode(binary("Mul", "x", "c", "m"))
                .addNode(binary("Div", "m", "six", "y"))
                .addInitializer(scalar("three", 3f))
                .addInitializer(scalar("zero", 0f))
                .addInitializer(scalar("six", 6f));
        GraphSimplifier.Simplified s = assertSameOutputs(g);
        assertEquals(new GraphSimplifier.Report(0, 1, 0, 0, 0), s.report());
        assertEquals(List.of("HardSigmoid", "Mul"), opTypes(s.model()));
    }

    @Test
    void anAffineBeforeAPointwiseConvolutionIsFoldedIntoIt() throws OrtException {
        // x → Mul(1.5) → Add(-0.25) → Conv(1×1) → y
        GraphProto.Builder g = graph()
                .addNode(binary("Mul", "x", "s", "m"))
                .addNode(binary("Add", "m", "t", "a"))
                .addNode(conv("a", "y", "w", "b", 1, 0))
                .addInitializer(tensor("w", new long[]{2, 2, 1, 1}, new float[]{1f, -2f, 0.5f, 3f}))
                .addInitializer(tensor("b", new long[]{2}, new float[]{0.1f, 0.2f}))
                .addInitializer(scalar("s", 1.5f))
                .addInitializer(scalar("t", -0.25f));
        GraphSimplifier.Simplified s = assertSameOutputs(g);
        assertEquals(new GraphSimplifier.Report(0, 0, 1, 0, 0), s.report());
        assertEquals(List.of("Conv"), opTypes(s.model()));
    }

    @Test
    void anAffineBeforeAPaddedConvolutionStaysBecauseTheBorderWouldChange() throws OrtException {
        GraphProto.Builder g = graph()
                .addNode(binary("Mul", "x", "s", "m"))
                .addNode(binary("Add", "m", "t", "a"))
                .addNode(conv("a", "y", "w", "b", 3, 1))
                .addInitializer(tensor("w", new long[]{2, 2, 3, 3}, ramp(36)))
                .addInitializer(tensor("b", new long[]{2}, new float[]{0f, 0f}))
                .addInitializer(scalar("s", 1.5f))
                .addInitializer(scalar("t", -0.25f));
        GraphSimplifier.Simplified s = assertSameOutputs(g);
        assertEquals(GraphSimplifier.Report.NONE, s.report());
    }

    @Test
    void aConvolutionWhoseOutputIsReadTwiceKeepsItsAffine() throws OrtException {
        // c feeds the Mul and the final Add: folding the Mul into the Conv would change the second reader.
        GraphProto.Builder g = graph()
                .addNode(conv("x", "c", "w", "b", 1, 0))
                .addNode(binary("Mul", "c", "s", "m"))
                .addNode(binary("Add", "m", "t", "a"))
                .addNode(binary("Add", "a", "c", "y"))
                .addInitializer(tensor("w", new long[]{2, 2, 1, 1}, new float[]{1f, 2f, 3f, 4f}))
                .addInitializer(tensor("b", new long[]{2}, new float[]{0f, 1f}))
                .addInitializer(scalar("s", 2f))
                .addInitializer(scalar("t", 0.5f));
        GraphSimplifier.Simplified s = assertSameOutputs(g);
        assertEquals(GraphSimplifier.Report.NONE, s.report());
    }

    @Test
    void aPerChannelScaleIsNoScalarAndStays() throws OrtException {
        GraphProto.Builder g = graph()
                .addNode(conv("x", "c", "w", "b", 1, 0))
                .addNode(binary("Mul", "c", "s", "m"))
                .addNode(binary("Add", "m", "t", "y"))
                .addInitializer(tensor("w", new long[]{2, 2, 1, 1}, new float[]{1f, 2f, 3f, 4f}))
                .addInitializer(tensor("b", new long[]{2}, new float[]{0f, 1f}))
                .addInitializer(tensor("s", new long[]{1, 2, 1, 1}, new float[]{2f, 3f}))
                .addInitializer(scalar("t", 0.5f));
        GraphSimplifier.Simplified s = assertSameOutputs(g);
        assertEquals(GraphSimplifier.Report.NONE, s.report());
    }

    @Test
    void aGateBecomesADepthwiseConvolutionThatOnnxRuntimeKeepsInItsBlockedLayout() throws OrtException {
        GraphSimplifier.Simplified s = assertSameOutputs(hardSwishOn(16));
        assertEquals(new GraphSimplifier.Report(0, 0, 0, 1, 0), s.report());
        assertEquals(List.of("Conv", "Conv", "HardSigmoid", "Mul", "Conv"), opTypes(s.model()));
    }

    @Test
    void withoutTheBlockedLayoutTheGateStays() {
        byte[] model = model(hardSwishOn(16));
        assertEquals(GraphSimplifier.Report.NONE, GraphSimplifier.simplify(model, false).report());
    }

    @Test
    void aGateOnAConvolutionItAloneReadsStaysBecauseOnnxRuntimeFusesThatPair() throws OrtException {
        GraphProto.Builder g = graph()
                .addNode(conv("x", "c", "w1", "b1", 1, 0))
                .addNode(NodeProto.newBuilder().setOpType("HardSigmoid").addInput("c").addOutput("h"))
                .addNode(conv("h", "y", "w2", "b2", 1, 0))
                .addInitializer(tensor("w1", new long[]{16, 2, 1, 1}, ramp(32)))
                .addInitializer(tensor("b1", new long[]{16}, ramp(16)))
                .addInitializer(tensor("w2", new long[]{2, 16, 1, 1}, ramp(32)))
                .addInitializer(tensor("b2", new long[]{2}, new float[]{0f, 1f}));
        assertEquals(GraphSimplifier.Report.NONE, assertSameOutputs(g).report());
    }

    @Test
    void aGateOnChannelsTheBlockedKernelsDoNotTakeStays() throws OrtException {
        assertEquals(GraphSimplifier.Report.NONE, assertSameOutputs(hardSwishOn(12)).report());
    }

    @Test
    void anAffineBeforeAPaddedConvolutionBecomesADepthwiseConvolution() throws OrtException {
        // x → Conv(1×1, 16 channels) → Relu → Mul(1.5) → Add(-0.25) → Conv(3×3, padded) → y
        GraphProto.Builder g = graph()
                .addNode(conv("x", "c", "w1", "b1", 1, 0))
                .addNode(NodeProto.newBuilder().setOpType("Relu").addInput("c").addOutput("r"))
                .addNode(binary("Mul", "r", "s", "m"))
                .addNode(binary("Add", "m", "t", "a"))
                .addNode(conv("a", "y", "w2", "b2", 3, 1))
                .addInitializer(tensor("w1", new long[]{16, 2, 1, 1}, ramp(32)))
                .addInitializer(tensor("b1", new long[]{16}, ramp(16)))
                .addInitializer(tensor("w2", new long[]{2, 16, 3, 3}, ramp(288)))
                .addInitializer(tensor("b2", new long[]{2}, new float[]{0f, 1f}))
                .addInitializer(scalar("s", 1.5f))
                .addInitializer(scalar("t", -0.25f));
        GraphSimplifier.Simplified s = assertSameOutputs(g);
        assertEquals(new GraphSimplifier.Report(0, 0, 0, 0, 1), s.report());
        assertEquals(List.of("Conv", "Relu", "Conv", "Conv"), opTypes(s.model()));
    }

    /** x → Conv(1×1, {@code channels}) → c → c · HardSigmoid(c) → Conv(1×1, 2 channels) → y. */
    private static GraphProto.Builder hardSwishOn(int channels) {
        return graph()
                .addNode(conv("x", "c", "w1", "b1", 1, 0))
                .addNode(NodeProto.newBuilder().setOpType("HardSigmoid").addInput("c").addOutput("h")
                        .addAttribute(AttributeProto.newBuilder().setName("alpha")
                                .setType(AttributeProto.AttributeType.FLOAT).setF(1f / 6))
                        .addAttribute(AttributeProto.newBuilder().setName("beta")
                                .setType(AttributeProto.AttributeType.FLOAT).setF(0.5f)))
                .addNode(binary("Mul", "c", "h", "m"))
                .addNode(conv("m", "y", "w2", "b2", 1, 0))
                .addInitializer(tensor("w1", new long[]{channels, 2, 1, 1}, ramp(2 * channels)))
                .addInitializer(tensor("b1", new long[]{channels}, ramp(channels)))
                .addInitializer(tensor("w2", new long[]{2, channels, 1, 1}, ramp(2 * channels)))
                .addInitializer(tensor("b2", new long[]{2}, new float[]{0f, 1f}));
    }

    @Test
    void bytesThatAreNoModelComeBackUntouched() {
        byte[] junk = {1, 2, 3, 4, 5};
        GraphSimplifier.Simplified s = GraphSimplifier.simplify(junk, true);
        assertSame(junk, s.model());
        assertEquals(GraphSimplifier.Report.NONE, s.report());
    }

    // --- a tiny graph: x [1, 2, 5, 5] → ... → y -----------------------------------------------------------------

    private static GraphProto.Builder graph() {
        return GraphProto.newBuilder().setName("g").addInput(value("x")).addOutput(value("y"));
    }

    private static byte[] model(GraphProto.Builder graph) {
        return ModelProto.newBuilder().setIrVersion(7).setProducerName("test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(12))
                .setGraph(graph).build().toByteArray();
    }

    /** Simplified as on x86-64 (all five rules), whatever this machine is: the outputs must not change. */
    private static GraphSimplifier.Simplified assertSameOutputs(GraphProto.Builder graph) throws OrtException {
        byte[] model = model(graph);
        GraphSimplifier.Simplified s = GraphSimplifier.simplify(model, true);
        float[] input = ramp(50);
        long[] shape = {1, 2, 5, 5};
        float[] before = run(model, input, shape);
        float[] after = run(s.model(), input, shape);
        assertArrayEquals(before, after, 1e-5f);
        return s;
    }

    private static float[] run(byte[] model, float[] input, long[] shape) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = ENV.createSession(model, options);
             OnnxTensor x = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(input), shape);
             OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), x))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }

    private static List<String> opTypes(byte[] model) {
        try {
            return ModelProto.parseFrom(model).getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static NodeProto conv(String in, String out, String w, String b, int kernel, int pad) {
        return NodeProto.newBuilder().setOpType("Conv").addInput(in).addInput(w).addInput(b).addOutput(out)
                .addAttribute(ints("kernel_shape", kernel, kernel))
                .addAttribute(ints("pads", pad, pad, pad, pad))
                .build();
    }

    private static NodeProto binary(String op, String a, String b, String out) {
        return NodeProto.newBuilder().setOpType(op).addInput(a).addInput(b).addOutput(out).build();
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static TensorProto scalar(String name, float value) {
        return tensor(name, new long[0], new float[]{value});
    }

    private static TensorProto tensor(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static ValueInfoProto value(String name) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : new long[]{1, 2, 5, 5}) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 7 - 3) * 0.37f;
        }
        return v;
    }
}
