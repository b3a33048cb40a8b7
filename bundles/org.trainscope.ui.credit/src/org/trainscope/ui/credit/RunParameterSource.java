package org.trainscope.ui.credit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.trainscope.algorithms.credit.ParameterSource;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.operators.FloatTensor;

/**
 * The recorded parameters of a {@link Run} at one training iteration, as the credit engine's
 * operators want them. A parameter tensor belongs to operator N when its node is N itself or a
 * PARAMETER node feeding N (PyTorch: "0.weight" → "0"; DL4J: "dense1.W" → "dense1"). Its name is
 * the last segment of that node's or tensor's name ("weight", "W", "running_mean", "gamma"), which
 * are the names the operators accept. PyTorch's [out, in] dense weights are passed unchanged: the
 * dense operator recognises the layout from the input width.
 * <p>
 * Each tensor's record is the last one at or before the iteration, so tensors recorded at
 * different cadences still give one consistent snapshot. Snapshots are read lazily, once per node.
 */
public final class RunParameterSource implements ParameterSource {
    private static final Set<TensorKind> PARAMETER_KINDS = Set.of(TensorKind.WEIGHT, TensorKind.BIAS);

    private final Run run;
    private final long iteration;
    private final Map<String, Map<String, FloatTensor>> cache = new ConcurrentHashMap<>();

    public RunParameterSource(Run run, long iteration) {
        this.run = run;
        this.iteration = iteration;
    }

    /** The iteration the parameters are read at. */
    public long iteration() {
        return iteration;
    }

    /**
     * @throws UncheckedIOException when a recorded tensor cannot be read (the engine's interface
     *         has no checked exceptions)
     */
    @Override
    public Map<String, FloatTensor> parameters(String nodeId) {
        return cache.computeIfAbsent(nodeId, this::read);
    }

    private Map<String, FloatTensor> read(String nodeId) {
        NetworkGraph graph = run.graph();
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        Map<TensorKind, List<FloatTensor>> byKind = new java.util.EnumMap<>(TensorKind.class);
        for (TensorSeries t : run.tensors()) {
            if (!PARAMETER_KINDS.contains(t.kind()) || !belongsTo(graph, t.nodeId(), nodeId)) {
                continue;
            }
            int record = recordAtOrBefore(t.iterations(), iteration);
            if (record < 0) {
                continue; // not recorded yet at this iteration
            }
            float[] values = new float[t.neuronCount()];
            try {
                t.readSnapshot(record, values);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + t.id() + " at record " + record, e);
            }
            FloatTensor tensor = new FloatTensor(t.shape(), values);
            out.putIfAbsent(name(graph, t), tensor);
            byKind.computeIfAbsent(t.kind(), k -> new java.util.ArrayList<>()).add(tensor);
        }
        // A recorder may name parameters its own way (DL4J's VAE: "e0W"); when a node has a single
        // weight or bias the kind alone says what it is. With several (batch norm) names must decide.
        aliasIfSingle(out, byKind.get(TensorKind.WEIGHT), "weight");
        aliasIfSingle(out, byKind.get(TensorKind.BIAS), "bias");
        return Map.copyOf(out);
    }

    private static void aliasIfSingle(Map<String, FloatTensor> out, List<FloatTensor> ofKind, String alias) {
        if (ofKind != null && ofKind.size() == 1) {
            out.putIfAbsent(alias, ofKind.get(0));
        }
    }

    private static boolean belongsTo(NetworkGraph graph, String tensorNode, String operator) {
        if (tensorNode.equals(operator)) {
            return true;
        }
        List<String> feeding = graph.predecessors(operator);
        return feeding.contains(tensorNode)
                && graph.node(tensorNode).map(n -> n.kind() == NodeKind.PARAMETER).orElse(false);
    }

    /** "0.weight" → "weight", "dense1/W" → "W"; a parameter node's label wins over the tensor id. */
    static String name(NetworkGraph graph, TensorSeries t) {
        String full = graph.node(t.nodeId()).filter(n -> n.kind() == NodeKind.PARAMETER).map(Node::label)
                .orElse(t.id());
        return lastSegment(full);
    }

    static String lastSegment(String s) {
        int cut = Math.max(s.lastIndexOf('.'), s.lastIndexOf('/'));
        return cut >= 0 && cut < s.length() - 1 ? s.substring(cut + 1) : s;
    }

    /** Index of the last iteration ≤ {@code iteration}, or -1 when all are later. */
    static int recordAtOrBefore(long[] iterations, long iteration) {
        int i = Arrays.binarySearch(iterations, iteration);
        return i >= 0 ? i : -i - 2;
    }

    /**
     * The iterations at which the run has parameters: those of its first weight tensor (recorders
     * write all parameters together), ascending; empty when no weights are recorded.
     */
    public static long[] parameterIterations(Run run) {
        return run.tensors().stream().filter(t -> t.kind() == TensorKind.WEIGHT).findFirst()
                .map(TensorSeries::iterations).orElse(new long[0]);
    }
}
