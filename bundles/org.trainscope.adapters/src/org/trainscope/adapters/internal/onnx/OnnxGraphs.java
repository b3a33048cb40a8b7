package org.trainscope.adapters.internal.onnx;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.trainscope.adapters.MalformedDataException;
import org.trainscope.adapters.internal.io.UniqueNames;
import org.trainscope.adapters.internal.onnx.OnnxModel.Initializer;
import org.trainscope.adapters.internal.onnx.OnnxModel.Op;
import org.trainscope.core.model.GraphCycleException;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;

/**
 * Builds the network graph of an ONNX model: one operator node per NodeProto (sampling operators
 * as random variables), one input node per graph input, one parameter node per initializer, and an
 * edge wherever a value one node produces is consumed by another. Layer groups come from the
 * exporter's scope names ("/encoder/fc1/Gemm" is in group "encoder"); a parameter joins the group
 * of its first consumer.
 */
public final class OnnxGraphs {
    private static final Set<String> SAMPLING = Set.of("RandomNormal", "RandomNormalLike", "RandomUniform",
            "RandomUniformLike", "Multinomial", "Bernoulli");

    /** The graph and the node id given to each initializer. */
    public record Result(NetworkGraph graph, Map<String, String> parameterNodes) {
    }

    static final int CANCEL_CHECK_INTERVAL = 1024;

    private OnnxGraphs() {
    }

    /** Checks {@code monitor} every {@link #CANCEL_CHECK_INTERVAL} nodes: a model may have hundreds of thousands. */
    public static Result build(OnnxModel model, Path file, IProgressMonitor monitor) throws MalformedDataException {
        UniqueNames taken = new UniqueNames();
        Map<String, String> producer = new HashMap<>();
        Map<String, String> opIds = new HashMap<>();
        Map<String, String> firstConsumerGroup = new HashMap<>();
        for (int i = 0; i < model.nodes().size(); i++) {
            checkCanceled(i, monitor);
            Op op = model.nodes().get(i);
            String id = unique(op.name().isEmpty() ? op.opType() + "_" + i : op.name(), taken);
            opIds.put(i + "", id);
            for (String out : op.outputs()) {
                if (!out.isEmpty()) {
                    producer.put(out, id);
                }
            }
            for (String in : op.inputs()) {
                firstConsumerGroup.putIfAbsent(in, groupOf(op.name()));
            }
        }
        NetworkGraph.Builder b = NetworkGraph.builder();
        Map<String, String> parameterNodes = new HashMap<>();
        Set<String> initNames = new HashSet<>();
        for (Initializer init : model.initializers()) {
            String id = unique(init.name().isEmpty() ? "initializer" : init.name(), taken);
            initNames.add(init.name());
            parameterNodes.put(init.name(), id);
            producer.put(init.name(), id);
            String group = firstConsumerGroup.getOrDefault(init.name(), "");
            b.add(new Node(id, init.name(), NodeKind.PARAMETER, "", group, null));
        }
        for (String input : model.inputs()) {
            if (!initNames.contains(input) && !input.isEmpty()) {
                String id = unique(input, taken);
                producer.put(input, id);
                b.add(new Node(id, input, NodeKind.OPERATOR, "input", "", null));
            }
        }
        for (int i = 0; i < model.nodes().size(); i++) {
            checkCanceled(i, monitor);
            Op op = model.nodes().get(i);
            NodeKind kind = SAMPLING.contains(op.opType()) ? NodeKind.RANDOM_VARIABLE : NodeKind.OPERATOR;
            String id = opIds.get(i + "");
            b.add(new Node(id, op.name().isEmpty() ? op.opType() : op.name(), kind, op.opType(), groupOf(op.name()),
                    op.attributes()));
            Set<String> from = new LinkedHashSet<>();
            for (String in : op.inputs()) {
                String p = producer.get(in);
                if (p != null && !p.equals(id)) {
                    from.add(p);
                } else if (p != null) {
                    throw new MalformedDataException(file, "node '" + id + "' consumes its own output '" + in + "' (a cycle)");
                }
            }
            from.forEach(p -> b.connect(p, id));
        }
        checkCanceled(0, monitor);
        try {
            return new Result(b.build(), parameterNodes);
        } catch (GraphCycleException e) {
            throw new MalformedDataException(file, -1, e.getMessage(), e);
        }
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

    private static String unique(String id, UniqueNames taken) {
        return taken.claim(id.isBlank() ? "node" : id);
    }

}
