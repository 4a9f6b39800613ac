package org.freerpacapture.inference.ppocr.runtime;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.freerpacapture.inference.onnx.OnnxProto.AttributeProto;
import org.freerpacapture.inference.onnx.OnnxProto.GraphProto;
import org.freerpacapture.inference.onnx.OnnxProto.ModelProto;
import org.freerpacapture.inference.onnx.OnnxProto.NodeProto;
import org.freerpacapture.inference.onnx.OnnxProto.TensorProto;
import org.freerpacapture.inference.onnx.OnnxProto.ValueInfoProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites a PP-OCR graph into an equivalent one with fewer passes over its activations, before ONNX Runtime loads
 * it. The PP-LCNet backbones of PP-OCRv4 were exported with every convolution followed by a scalar affine (a
 * "learnable affine block": {@code Mul} by one number, {@code Add} of one number) and every hard-swish spelt out
 * as four operators ({@code x · clip(x + 3, 0, 6) / 6}). ONNX Runtime fuses neither, so each is a full read and
 * write of the activation, which is where much of the recognizer's time went (measured in
 * docs/benchmarks/history/BENCHMARKS-2026-11.md, "Speed work" (h)). Three exact rewrites, each checked before it is
 * made:
 * <ol>
 *   <li>{@code Conv → Mul(s) → Add(b)}: folded into the convolution ({@code W·s}, bias {@code b₀·s + b});</li>
 *   <li>{@code x → Add(3) → Clip(0, 6) → Mul(x) → Div(6)}: {@code x · HardSigmoid(x)}, two operators;</li>
 *   <li>{@code Mul(s) → Add(b) → Conv} with a 1×1 kernel and no padding: folded into that convolution
 *       ({@code W·s}, bias {@code b₀ + b·ΣW}). With padding the border would differ, so such blocks are left.</li>
 * </ol>
 * Each intermediate value must have exactly one consumer and be no graph output, and each weight must belong to
 * that convolution alone; anything else is left as it was. Only the arithmetic's rounding changes.
 *
 * <p>Two more rewrites keep ONNX Runtime's blocked layout unbroken on x86-64. There its convolutions run on
 * channels in blocks of 8 or 16 ({@code NCHWc}), and every operator that has no blocked kernel, {@code HardSigmoid}
 * and an {@code Add} or {@code Mul} of a scalar among them, gets the tensor reordered out of and back into that
 * layout around it, a reorder each way that costs as much as the operator itself (measured in
 * docs/benchmarks/history/BENCHMARKS-2026-11.md, "Speed work" (r)). A depthwise 1×1 convolution is an operator
 * with a blocked kernel that can compute either:
 * <ol start="4">
 *   <li>{@code HardSigmoid(x)} becomes {@code HardSigmoid(Conv₁ₓ₁(x, weight 1, bias 0, one group per channel))},
 *       a pair ONNX Runtime fuses into one blocked convolution with the gate as its activation. Left alone when
 *       {@code x} comes straight from a convolution read by the gate only: ONNX Runtime fuses that pair itself;</li>
 *   <li>{@code x → Mul(s) → Add(b)} left before a padded convolution becomes one depthwise 1×1 convolution of
 *       weight {@code s} and bias {@code b}.</li>
 * </ol>
 * Both need {@code x}'s channel count, traced back to the convolution that made it, and a multiple of 16 (what the
 * blocked kernels take). Elsewhere ({@code blockedLayout} false) a depthwise 1×1 convolution would cost more than
 * the operator it replaces, so these two are made only where ONNX Runtime has the blocked layout.
 */
public final class GraphSimplifier {

    /** How many of each rewrite a model received. */
    record Report(int convAffines, int hardSwishes, int inputAffines, int blockedGates, int depthwiseAffines) {
        static final Report NONE = new Report(0, 0, 0, 0, 0);

        boolean changed() {
            return !equals(NONE);
        }

        @Override
        public String toString() {
            return convAffines + " affines folded into the convolution before them, " + hardSwishes
                    + " hard-swishes as HardSigmoid × input, " + inputAffines
                    + " affines folded into the 1×1 convolution after them, " + blockedGates
                    + " gates and " + depthwiseAffines + " affines as depthwise convolutions";
        }
    }

    /**
     * Whether ONNX Runtime runs convolutions in its blocked layout here: its {@code NCHWc} kernels exist for x86-64
     * only (AVX2 and later).
     */
    public static final boolean BLOCKED_LAYOUT = Set.of("amd64", "x86_64").contains(System.getProperty("os.arch"));

    public record Simplified(byte[] model, Report report) {
    }

    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;

    private final List<NodeProto> nodes;
    /** Tensors the rewrites replace or add, by name; written back as initializers. */
    private final Map<String, TensorProto> tensors = new HashMap<>();
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private Map<String, List<NodeProto>> consumers;

    private GraphSimplifier(GraphProto graph) {
        this.nodes = new ArrayList<>(graph.getNodeList());
        for (TensorProto t : graph.getInitializerList()) {
            constants.put(t.getName(), t);
        }
        for (NodeProto n : nodes) {
            if (n.getOpType().equals("Constant") && n.getAttributeCount() == 1
                    && n.getAttribute(0).getName().equals("value")) {
                constants.put(n.getOutput(0), n.getAttribute(0).getT());
            }
        }
        graph.getOutputList().stream().map(ValueInfoProto::getName).forEach(graphOutputs::add);
    }

    /**
     * The rewritten model, or the same bytes when nothing matched or they are no ONNX model; rewrites 4 and 5 only
     * if {@code blockedLayout} ({@link OnnxModel.SessionSettings#blockedLayout()} says whether a session has it).
     */
    public static Simplified simplify(byte[] model, boolean blockedLayout) {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(model);
        } catch (InvalidProtocolBufferException e) {
            // ONNX Runtime will say what is wrong with it.
            return new Simplified(model, Report.NONE);
        }
        GraphSimplifier s = new GraphSimplifier(proto.getGraph());
        int convAffines = s.foldAffinesAfterConv();
        int hardSwishes = s.rewriteHardSwishes();
        int inputAffines = s.foldAffinesBeforeConv();
        Report report = blockedLayout
                ? new Report(convAffines, hardSwishes, inputAffines, s.gatesAsConvolutions(), s.affinesAsConvolutions())
                : new Report(convAffines, hardSwishes, inputAffines, 0, 0);
        if (!report.changed()) {
            return new Simplified(model, report);
        }
        return new Simplified(proto.toBuilder().setGraph(s.graph(proto.getGraph())).build().toByteArray(), report);
    }

    /** Rule 1: {@code Conv → Mul(s) → Add(b)}, the convolution's output read by the Mul alone. */
    private int foldAffinesAfterConv() {
        int folded = 0;
        for (NodeProto conv : List.copyOf(nodes)) {
            if (!conv.getOpType().equals("Conv")) {
                continue;
            }
            Optional<NodeProto> mul = soleConsumer(conv.getOutput(0), "Mul");
            Optional<Float> s = mul.flatMap(m -> scalarOperand(m, conv.getOutput(0)));
            Optional<NodeProto> add = mul.flatMap(m -> soleConsumer(m.getOutput(0), "Add"));
            Optional<Float> b = add.flatMap(a -> scalarOperand(a, mul.get().getOutput(0)));
            if (s.isEmpty() || b.isEmpty() || !ownsWeights(conv)) {
                continue;
            }
            float[] w = floats(conv.getInput(1));
            int outChannels = (int) constant(conv.getInput(1)).getDims(0);
            float[] bias = conv.getInputCount() > 2 ? floats(conv.getInput(2)) : new float[outChannels];
            for (int i = 0; i < w.length; i++) {
                w[i] *= s.get();
            }
            for (int c = 0; c < bias.length; c++) {
                bias[c] = bias[c] * s.get() + b.get();
            }
            // The convolution now writes the Add's output itself.
            String out = add.get().getOutput(0);
            replace(conv, withWeights(conv, w, bias).setOutput(0, out).build());
            nodes.remove(mul.get());
            nodes.remove(add.get());
            folded++;
        }
        return folded;
    }

    /** Rule 2: {@code x → Add(3) → Clip(0, 6) → Mul(x, ·) → Div(6)} becomes {@code Mul(x, HardSigmoid(x))}. */
    private int rewriteHardSwishes() {
        int rewritten = 0;
        for (NodeProto add : List.copyOf(nodes)) {
            if (!add.getOpType().equals("Add") || add.getInputCount() != 2) {
                continue;
            }
            String x = dataOperand(add);
            if (!isScalar(add, x, 3f)) {
                continue;
            }
            Optional<NodeProto> clip = soleConsumer(add.getOutput(0), "Clip").filter(this::clipsToSix);
            Optional<NodeProto> mul = clip.flatMap(c -> soleConsumer(c.getOutput(0), "Mul"))
                    .filter(m -> m.getInputList().contains(x) && m.getInputList().contains(clip.get().getOutput(0)));
            Optional<NodeProto> div = mul.flatMap(m -> soleConsumer(m.getOutput(0), "Div"))
                    .filter(d -> d.getInput(0).equals(mul.get().getOutput(0)) && isScalar(d, d.getInput(0), 6f));
            if (div.isEmpty()) {
                continue;
            }
            String gate = div.get().getOutput(0) + "_hard_sigmoid";
            NodeProto hardSigmoid = NodeProto.newBuilder().setOpType("HardSigmoid").setName(gate)
                    .addInput(x).addOutput(gate)
                    .addAttribute(floatAttribute("alpha", 1f / 6))
                    .addAttribute(floatAttribute("beta", 0.5f))
                    .build();
            NodeProto product = NodeProto.newBuilder().setOpType("Mul").setName(div.get().getOutput(0))
                    .addInput(x).addInput(gate).addOutput(div.get().getOutput(0))
                    .build();
            int at = nodes.indexOf(div.get());
            nodes.set(at, product);
            nodes.add(at, hardSigmoid);
            nodes.remove(add);
            nodes.remove(clip.get());
            nodes.remove(mul.get());
            consumers = null;
            rewritten++;
        }
        return rewritten;
    }

    /** {@code input → mul: Mul(scale) → add: Add(shift)}, the Mul's output read by the Add alone. */
    private record ScalarAffine(NodeProto mul, NodeProto add, String input, float scale, float shift) {
        String output() {
            return add.getOutput(0);
        }
    }

    /** The scalar affine that starts at {@code mul}, if it is one. */
    private Optional<ScalarAffine> scalarAffineAt(NodeProto mul) {
        if (!mul.getOpType().equals("Mul") || mul.getInputCount() != 2) {
            return Optional.empty();
        }
        String x = dataOperand(mul);
        Optional<Float> s = scalarOperand(mul, x);
        Optional<NodeProto> add = s.flatMap(v -> soleConsumer(mul.getOutput(0), "Add"));
        Optional<Float> b = add.flatMap(a -> scalarOperand(a, mul.getOutput(0)));
        return b.map(v -> new ScalarAffine(mul, add.get(), x, s.get(), v));
    }

    /** Rule 3: {@code x → Mul(s) → Add(b) → Conv(1×1, no padding)}. */
    private int foldAffinesBeforeConv() {
        int folded = 0;
        for (NodeProto node : List.copyOf(nodes)) {
            Optional<ScalarAffine> affine = scalarAffineAt(node);
            Optional<NodeProto> conv = affine.flatMap(a -> soleConsumer(a.output(), "Conv"))
                    .filter(c -> c.getInput(0).equals(affine.get().output()) && isPointwise(c) && ownsWeights(c));
            if (conv.isEmpty()) {
                continue;
            }
            ScalarAffine a = affine.get();
            TensorProto weight = constant(conv.get().getInput(1));
            int outChannels = (int) weight.getDims(0);
            float[] w = floats(conv.get().getInput(1));
            float[] bias = conv.get().getInputCount() > 2 ? floats(conv.get().getInput(2)) : new float[outChannels];
            int perChannel = w.length / outChannels;
            for (int c = 0; c < outChannels; c++) {
                double sum = 0;
                for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                    sum += w[i];
                    w[i] *= a.scale();
                }
                bias[c] += (float) (a.shift() * sum);
            }
            replace(conv.get(), withWeights(conv.get(), w, bias).setInput(0, a.input()).build());
            nodes.remove(a.mul());
            nodes.remove(a.add());
            folded++;
        }
        return folded;
    }

    /** Rule 4: {@code HardSigmoid(x)} reads a depthwise identity convolution of {@code x} instead. */
    private int gatesAsConvolutions() {
        int rewritten = 0;
        for (NodeProto gate : List.copyOf(nodes)) {
            if (!gate.getOpType().equals("HardSigmoid")) {
                continue;
            }
            String x = gate.getInput(0);
            int channels = blockedChannels(x);
            boolean fusedAnyway = producer(x).filter(p -> p.getOpType().equals("Conv")).isPresent()
                    && consumers().get(x).size() == 1;
            if (channels == 0 || fusedAnyway) {
                continue;
            }
            float[] ones = new float[channels];
            Arrays.fill(ones, 1f);
            NodeProto identity = depthwise(x, gate.getOutput(0) + "_identity", ones, new float[channels]);
            int at = nodes.indexOf(gate);
            nodes.set(at, gate.toBuilder().setInput(0, identity.getOutput(0)).build());
            nodes.add(at, identity);
            consumers = null;
            rewritten++;
        }
        return rewritten;
    }

    /** Rule 5: {@code x → Mul(s) → Add(b)}, the Mul read by the Add alone, as one depthwise 1×1 convolution. */
    private int affinesAsConvolutions() {
        int rewritten = 0;
        for (NodeProto node : List.copyOf(nodes)) {
            Optional<ScalarAffine> affine = scalarAffineAt(node);
            int channels = affine.map(a -> blockedChannels(a.input())).orElse(0);
            if (channels == 0) {
                continue;
            }
            ScalarAffine a = affine.get();
            float[] w = new float[channels];
            float[] bias = new float[channels];
            Arrays.fill(w, a.scale());
            Arrays.fill(bias, a.shift());
            nodes.set(nodes.indexOf(a.add()), depthwise(a.input(), a.output(), w, bias));
            nodes.remove(a.mul());
            consumers = null;
            rewritten++;
        }
        return rewritten;
    }

    /** A 1×1 convolution with one group per channel: {@code out[c] = x[c] · w[c] + bias[c]}. */
    private NodeProto depthwise(String x, String out, float[] w, float[] bias) {
        put(out + "_w", List.of((long) w.length, 1L, 1L, 1L), w);
        put(out + "_b", List.of((long) bias.length), bias);
        return NodeProto.newBuilder().setOpType("Conv").setName(out).addInput(x).addInput(out + "_w")
                .addInput(out + "_b").addOutput(out)
                .addAttribute(AttributeProto.newBuilder().setName("group").setType(AttributeProto.AttributeType.INT)
                        .setI(w.length))
                .addAttribute(AttributeProto.newBuilder().setName("kernel_shape")
                        .setType(AttributeProto.AttributeType.INTS).addAllInts(List.of(1L, 1L)))
                .build();
    }

    /**
     * The channel count of {@code value} if it is a multiple of 16, else 0: traced back through elementwise
     * operators to the convolution that made it (its weight's first dimension); 0 when the trail ends elsewhere.
     */
    private int blockedChannels(String value) {
        Optional<NodeProto> p = producer(value);
        while (p.isPresent() && Set.of("Mul", "Add", "HardSigmoid", "Relu").contains(p.get().getOpType())) {
            p = producer(dataOperand(p.get()));
        }
        int channels = p.filter(n -> n.getOpType().equals("Conv") && constants.containsKey(n.getInput(1)))
                .map(n -> (int) constant(n.getInput(1)).getDims(0)).orElse(0);
        return channels % 16 == 0 ? channels : 0;
    }

    private Optional<NodeProto> producer(String value) {
        return nodes.stream().filter(n -> n.getOutputList().contains(value)).findFirst();
    }

    private GraphProto graph(GraphProto original) {
        // Constants only the removed operators read would make ONNX Runtime warn at every load.
        Set<String> read = new HashSet<>(graphOutputs);
        nodes.forEach(n -> read.addAll(n.getInputList()));
        List<NodeProto> kept = nodes.stream()
                .filter(n -> !n.getOpType().equals("Constant") || read.contains(n.getOutput(0)))
                .map(n -> tensors.containsKey(n.getOutput(0)) && n.getOpType().equals("Constant")
                        ? constantNode(n, tensors.remove(n.getOutput(0))) : n)
                .toList();
        GraphProto.Builder g = original.toBuilder().clearNode().addAllNode(kept).clearInitializer();
        for (TensorProto t : original.getInitializerList()) {
            if (read.contains(t.getName())) {
                g.addInitializer(tensors.containsKey(t.getName()) ? tensors.remove(t.getName()) : t);
            }
        }
        tensors.values().forEach(g::addInitializer);
        return g.build();
    }

    private static NodeProto constantNode(NodeProto node, TensorProto value) {
        return node.toBuilder().setAttribute(0, node.getAttribute(0).toBuilder().setT(value)).build();
    }

    /** A copy of {@code conv} whose weight and bias are the given values (a bias input is added if it had none). */
    private NodeProto.Builder withWeights(NodeProto conv, float[] w, float[] bias) {
        TensorProto weight = constant(conv.getInput(1));
        put(conv.getInput(1), weight.getDimsList(), w);
        String biasName = conv.getInputCount() > 2 ? conv.getInput(2) : conv.getOutput(0) + "_folded_bias";
        put(biasName, List.of((long) bias.length), bias);
        NodeProto.Builder b = conv.toBuilder();
        if (conv.getInputCount() > 2) {
            return b;
        }
        return b.addInput(biasName);
    }

    private void put(String name, List<Long> dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        TensorProto t = TensorProto.newBuilder().setName(name).setDataType(FLOAT).addAllDims(dims)
                .setRawData(ByteString.copyFrom(raw.array())).build();
        tensors.put(name, t);
        constants.put(name, t);
    }

    private void replace(NodeProto old, NodeProto now) {
        nodes.set(nodes.indexOf(old), now);
        consumers = null;
    }

    private Optional<NodeProto> soleConsumer(String value, String opType) {
        if (graphOutputs.contains(value)) {
            return Optional.empty();
        }
        List<NodeProto> readers = consumers().getOrDefault(value, List.of());
        return readers.size() == 1 && readers.get(0).getOpType().equals(opType)
                ? Optional.of(readers.get(0)) : Optional.empty();
    }

    private Map<String, List<NodeProto>> consumers() {
        if (consumers == null) {
            consumers = new HashMap<>();
            for (NodeProto n : nodes) {
                for (String in : n.getInputList()) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                }
            }
        }
        return consumers;
    }

    /** The convolution's weight and bias are float constants read by it alone. */
    private boolean ownsWeights(NodeProto conv) {
        for (int i = 1; i < conv.getInputCount(); i++) {
            TensorProto t = constants.get(conv.getInput(i));
            if (t == null || t.getDataType() != FLOAT || consumers().get(conv.getInput(i)).size() != 1) {
                return false;
            }
        }
        return conv.getInputCount() >= 2 && constant(conv.getInput(1)).getDimsCount() == 4;
    }

    private boolean isPointwise(NodeProto conv) {
        for (AttributeProto a : conv.getAttributeList()) {
            boolean ok = switch (a.getName()) {
                case "kernel_shape" -> a.getIntsList().stream().allMatch(v -> v == 1);
                case "pads" -> a.getIntsList().stream().allMatch(v -> v == 0);
                case "auto_pad" -> a.getS().toStringUtf8().equals("NOTSET") || a.getS().toStringUtf8().equals("VALID");
                default -> true;
            };
            if (!ok) {
                return false;
            }
        }
        TensorProto w = constants.get(conv.getInput(1));
        return w != null && w.getDimsCount() == 4 && w.getDims(2) == 1 && w.getDims(3) == 1;
    }

    private boolean clipsToSix(NodeProto clip) {
        return clip.getInputCount() == 3
                && scalar(clip.getInput(1)).filter(v -> v == 0f).isPresent()
                && scalar(clip.getInput(2)).filter(v -> v == 6f).isPresent();
    }

    /** The operand a binary node computes on: its first, unless that is a constant, else its second. */
    private String dataOperand(NodeProto binary) {
        return constants.containsKey(binary.getInput(0)) ? binary.getInput(1) : binary.getInput(0);
    }

    /** The binary node's other operand, if it is a single float constant, given one operand {@code value}. */
    private Optional<Float> scalarOperand(NodeProto node, String value) {
        if (node.getInputCount() != 2 || !node.getInputList().contains(value)) {
            return Optional.empty();
        }
        String other = node.getInput(0).equals(value) ? node.getInput(1) : node.getInput(0);
        return other.equals(value) ? Optional.empty() : scalar(other);
    }

    private boolean isScalar(NodeProto node, String value, float expected) {
        return scalarOperand(node, value).filter(v -> v == expected).isPresent();
    }

    private Optional<Float> scalar(String name) {
        TensorProto t = constants.get(name);
        if (t == null || t.getDataType() != FLOAT || t.getDimsList().stream().reduce(1L, (a, b) -> a * b) != 1) {
            return Optional.empty();
        }
        return Optional.of(floats(name)[0]);
    }

    private TensorProto constant(String name) {
        return constants.get(name);
    }

    private float[] floats(String name) {
        TensorProto t = constants.get(name);
        if (t.hasRawData()) {
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[raw.remaining() / 4];
            raw.asFloatBuffer().get(out);
            return out;
        }
        float[] out = new float[t.getFloatDataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getFloatData(i);
        }
        return out;
    }

    private static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
                .build();
    }
}
