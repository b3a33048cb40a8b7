package org.trainscope.adapters.internal.onnx;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.trainscope.adapters.MalformedDataException;
import org.trainscope.adapters.internal.io.UniqueNames;
import org.trainscope.adapters.internal.onnx.OnnxModel.Initializer;
import org.trainscope.adapters.internal.onnx.OnnxModel.Op;
import org.trainscope.adapters.internal.onnx.OnnxOperators.Translation;
import org.trainscope.core.model.GraphCycleException;
import org.trainscope.core.model.ImportedNodes;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;

/**
 * Builds the network graph of an ONNX model in TrainScope's vocabulary: one operator node per
 * NodeProto, translated by {@link OnnxOperators} (sampling operators as random variables), one
 * input node per graph input, one parameter node per constant value (initializer, Constant node,
 * Identity of a constant), and an edge wherever a value one node produces is consumed by another.
 * <p>
 * A parameter node's label ends in the parameter name its operator reads ("conv1.weight";
 * "onnx::Conv_19.weight" for an exporter's generated name), which is how the run's parameter
 * source gives it to credit; a constant used in two roles gets a second parameter node. A bias
 * added after a MatMul, or after a Conv without bias, is folded into that layer: the bias feeds
 * the layer, which then computes the whole affine map as ONNX's Gemm does, and the Add node
 * passes its value on as an identity ({@code foldedInto} names the layer). Layer groups come from
 * the exporter's scope names ("/encoder/fc1/Gemm" is in group "encoder"); a parameter joins the
 * group of its first consumer.
 */
public final class OnnxGraphs {
    private static final Set<String> SAMPLING = Set.of("RandomNormal", "RandomNormalLike", "RandomUniform",
            "RandomUniformLike", "Multinomial", "Bernoulli");
    private static final Set<String> FOLDS_BIAS = Set.of("MatMul", "Conv");

    /**
     * A parameter tensor of the run: the constant's values, the tensor's id, its node, the
     * parameter it is, and whether it is one of the model's initializers (else a Constant node's
     * value or a second role of a constant).
     */
    public record ParameterTensor(Initializer values, String id, String nodeId, String role, boolean initializer) {
    }

    /** The graph and the parameter tensors, one per parameter node. */
    public record Result(NetworkGraph graph, List<ParameterTensor> parameters) {
    }

    static final int CANCEL_CHECK_INTERVAL = 1024;

    private final OnnxModel model;
    private final OnnxConstants constants;
    private final UniqueNames taken = new UniqueNames();
    private final Map<String, String> producer = new HashMap<>();
    private final Map<String, Integer> producerOp = new HashMap<>();
    private final Map<String, Integer> uses = new HashMap<>();
    private final Map<String, String> firstConsumerGroup = new HashMap<>();
    /** Parameter node of each constant value, and the role it was given. */
    private final Map<String, String> constantNode = new HashMap<>();
    private final Map<String, String> roleOf = new HashMap<>();
    private final Map<String, String> aliasNode = new HashMap<>();
    private final List<ParameterTensor> tensors = new ArrayList<>();
    /** The graph's nodes in insertion order (a parameter node is relabelled once its role is known) and edges. */
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<String[]> edges = new ArrayList<>();

    private OnnxGraphs(OnnxModel model, ByteBuffer file) {
        this.model = model;
        this.constants = new OnnxConstants(model, file);
    }

    /** Checks {@code monitor} every {@link #CANCEL_CHECK_INTERVAL} nodes: a model may have hundreds of thousands. */
    public static Result build(OnnxModel model, ByteBuffer file, Path path, IProgressMonitor monitor)
            throws MalformedDataException {
        return new OnnxGraphs(model, file).build(path, monitor);
    }

    private Result build(Path file, IProgressMonitor monitor) throws MalformedDataException {
        List<Op> ops = model.nodes();
        String[] ids = new String[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            checkCanceled(i, monitor);
            Op op = ops.get(i);
            ids[i] = unique(op.name().isEmpty() ? op.opType() + "_" + i : op.name());
            for (String out : op.outputs()) {
                if (!out.isEmpty()) {
                    producer.put(out, ids[i]);
                    producerOp.put(out, i);
                }
            }
            for (String in : op.inputs()) {
                firstConsumerGroup.putIfAbsent(in, groupOf(op.name()));
                uses.merge(in, 1, Integer::sum);
            }
        }
        model.outputs().forEach(o -> uses.merge(o, 1, Integer::sum));
        Set<String> initNames = new HashSet<>();
        for (Initializer init : model.initializers()) {
            String id = unique(init.name().isEmpty() ? "initializer" : init.name());
            initNames.add(init.name());
            addParameterNode(init.name(), id, init, true);
        }
        for (String input : model.inputs()) {
            if (!initNames.contains(input) && !input.isEmpty()) {
                String id = unique(input);
                producer.put(input, id);
                nodes.put(id, new Node(id, input, NodeKind.OPERATOR, "input", "",
                        declaredSampleShape(model.inputShapes().get(input))));
            }
        }
        Translation[] translations = new Translation[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            checkCanceled(i, monitor);
            Op op = ops.get(i);
            if (constants.isConstantProducer(op)) {
                String value = op.outputs().get(0);
                addParameterNode(value, ids[i], constants.get(value), false);
            } else {
                translations[i] = OnnxOperators.translate(op, constants, model.opset(), usedOutputs(op));
            }
        }
        foldBiases(ops, ids, translations);
        for (int i = 0; i < ops.size(); i++) {
            checkCanceled(i, monitor);
            if (translations[i] != null) {
                addOperator(ops.get(i), ids[i], translations[i], file);
            }
        }
        checkCanceled(0, monitor);
        NetworkGraph.Builder b = NetworkGraph.builder();
        nodes.values().forEach(b::add);
        edges.forEach(e -> b.connect(e[0], e[1]));
        try {
            return new Result(b.build(), List.copyOf(tensors));
        } catch (GraphCycleException e) {
            throw new MalformedDataException(file, -1, e.getMessage(), e);
        }
    }

    private boolean[] usedOutputs(Op op) {
        boolean[] used = new boolean[op.outputs().size()];
        for (int k = 0; k < used.length; k++) {
            used[k] = !op.outputs().get(k).isEmpty() && uses.containsKey(op.outputs().get(k));
        }
        return used;
    }

    private void addParameterNode(String value, String id, Initializer values, boolean initializer) {
        constantNode.put(value, id);
        producer.put(value, id);
        nodes.put(id, new Node(id, value, NodeKind.PARAMETER, "", firstConsumerGroup.getOrDefault(value, ""), null));
        tensors.add(new ParameterTensor(values.named(value), value, id, "", initializer));
    }

    /**
     * Add(MatMul(x, W), b) and Add(Conv(x, W), b) with a per-output constant b, where the Add is
     * the only consumer of the product: b becomes the layer's bias.
     */
    private void foldBiases(List<Op> ops, String[] ids, Translation[] translations) {
        for (int i = 0; i < ops.size(); i++) {
            Op add = ops.get(i);
            if (!add.opType().equals("Add") || add.inputs().size() != 2 || translations[i] == null) {
                continue;
            }
            int c = constants.isConstant(add.inputs().get(0)) ? 0 : 1;
            String bias = add.inputs().get(c);
            String product = add.inputs().get(1 - c);
            Integer p = producerOp.get(product);
            if (!constants.isConstant(bias) || constants.isConstant(product) || p == null
                    || translations[p] == null || translations[p].refused() || uses.getOrDefault(product, 0) != 1
                    || !FOLDS_BIAS.contains(ops.get(p).opType()) || translations[p].parameters().containsValue("bias")) {
                continue;
            }
            Op layer = ops.get(p);
            boolean conv = layer.opType().equals("Conv");
            long[] w = constants.dims(layer.inputs().get(1));
            long outputs = conv ? w[0] : w[w.length - 1];
            if (!OnnxOperators.isBias(constants.dims(bias), outputs, conv)) {
                continue;
            }
            Map<String, String> withBias = new LinkedHashMap<>(translations[p].parameters());
            withBias.put(bias, "bias");
            translations[p] = new OnnxOperators.Translation(translations[p].type(), translations[p].attributes(),
                    translations[p].data(), withBias);
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put(ImportedNodes.SOURCE_OPERATOR, "ONNX Add");
            attributes.put("foldedInto", ids[p]);
            translations[i] = new OnnxOperators.Translation("identity", attributes, List.of(product), Map.of());
        }
    }

    private void addOperator(Op op, String id, Translation t, Path file) throws MalformedDataException {
        Map<String, String> attributes = new LinkedHashMap<>(t.attributes());
        String type = t.type();
        Set<String> from = new LinkedHashSet<>();
        List<String> dataNodes = new ArrayList<>();
        String problem = null;
        for (String in : t.data()) {
            String p = producer.get(in);
            if (id.equals(p)) {
                throw new MalformedDataException(file, "node '" + id + "' consumes its own output '" + in + "' (a cycle)");
            }
            if (p == null) {
                problem = "its input '" + in + "' is produced by no node and is no graph input";
            } else if (dataNodes.contains(p)) {
                problem = "two of its inputs come from the same node '" + p + "'";
            } else {
                dataNodes.add(p);
                from.add(p);
            }
        }
        for (Map.Entry<String, String> e : t.parameters().entrySet()) {
            from.add(parameterNode(e.getKey(), e.getValue()));
        }
        if (problem != null && !t.refused()) {
            attributes.put(ImportedNodes.NOT_EXPLAINABLE, problem);
            type = op.opType();
        }
        if (attributes.containsKey("inputOrder")) {
            attributes.put("inputOrder", String.join(",", dataNodes));
        }
        NodeKind kind = SAMPLING.contains(op.opType()) ? NodeKind.RANDOM_VARIABLE : NodeKind.OPERATOR;
        nodes.put(id, new Node(id, op.name().isEmpty() ? op.opType() : op.name(), kind, type, groupOf(op.name()),
                attributes));
        from.forEach(p -> edges.add(new String[] { p, id }));
    }

    /**
     * The parameter node giving {@code value} as parameter {@code role}: the constant's own node,
     * labelled so that its last segment is the role; a second node when it already has another role.
     */
    private String parameterNode(String value, String role) {
        String node = constantNode.get(value);
        String had = roleOf.putIfAbsent(value, role);
        if (had == null || had.equals(role)) {
            if (had == null) {
                relabel(node, labelFor(value, role), role);
            }
            return node;
        }
        return aliasNode.computeIfAbsent(value + "\u0000" + role, k -> {
            String alias = unique(value + "." + role);
            nodes.put(alias, new Node(alias, value + "." + role, NodeKind.PARAMETER, "",
                    firstConsumerGroup.getOrDefault(value, ""), null));
            tensors.add(new ParameterTensor(constants.get(value).named(alias), alias, alias, role, false));
            return alias;
        });
    }

    private void relabel(String node, String label, String role) {
        Node old = nodes.get(node);
        nodes.put(node, new Node(node, label, NodeKind.PARAMETER, "", old.layerGroup(), null));
        for (int k = 0; k < tensors.size(); k++) {
            ParameterTensor t = tensors.get(k);
            if (t.nodeId().equals(node)) {
                tensors.set(k, new ParameterTensor(t.values(), t.id(), node, role, t.initializer()));
            }
        }
    }

    /** "conv1.weight" stays; "onnx::Conv_19" read as weight becomes "onnx::Conv_19.weight". */
    static String labelFor(String value, String role) {
        int cut = Math.max(value.lastIndexOf('.'), value.lastIndexOf('/'));
        String last = cut >= 0 ? value.substring(cut + 1) : value;
        return last.equals(role) ? value : value + "." + role;
    }

    /** "/encoder/encoder.0/Gemm" → "encoder"; names without a scope → "". */
    static String groupOf(String nodeName) {
        if (!nodeName.startsWith("/")) {
            return "";
        }
        int end = nodeName.indexOf('/', 1);
        return end < 0 ? "" : nodeName.substring(1, end);
    }

    private static void checkCanceled(int i, IProgressMonitor monitor) {
        if (i % CANCEL_CHECK_INTERVAL == 0 && monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }

    private String unique(String id) {
        return taken.claim(id.isBlank() ? "node" : id);
    }

    /**
     * The per-sample shape an input declares ({@code "shape": "[1, 28, 28]"}, the batch axis
     * dropped), so inputs a user brings can be checked and images resized to it; nothing when a
     * dimension after the batch is symbolic or missing.
     */
    private static Map<String, String> declaredSampleShape(long[] dims) {
        if (dims == null || dims.length < 2) {
            return null;
        }
        StringBuilder shape = new StringBuilder("[");
        for (int k = 1; k < dims.length; k++) {
            if (dims[k] <= 0 || dims[k] > Integer.MAX_VALUE) {
                return null;
            }
            shape.append(k > 1 ? ", " : "").append(dims[k]);
        }
        return Map.of("shape", shape.append(']').toString());
    }
}
