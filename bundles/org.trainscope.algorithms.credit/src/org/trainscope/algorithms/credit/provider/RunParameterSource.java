package org.trainscope.algorithms.credit.provider;

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
 * <p>
 * Two values that are not weights come from here too, because operators take them by name: the
 * noise a random-variable node drew for the probe inputs, as "eps" (the static array its attribute
 * "probeNoise" names, trace format §4.1; the same at every iteration), and the probe labels of a
 * "loss" node, as "labels" (class indices [P]).
 */
public final class RunParameterSource implements ParameterSource {
    private static final Set<TensorKind> PARAMETER_KINDS = Set.of(TensorKind.WEIGHT, TensorKind.BIAS);
    /** The node attribute naming the static array with a random variable's noise for the probe (trace format §4.1). */
    public static final String PROBE_NOISE = "probeNoise";

    private final Run run;
    private final long iteration;
    /** The batch size of the user's inputs, or -1 on the recorded probe inputs. */
    private final int userBatch;
    private final Map<String, Map<String, FloatTensor>> cache = new ConcurrentHashMap<>();

    /** The parameters at {@code iteration}, with the probe's noise and labels (for the recorded probe inputs). */
    public RunParameterSource(Run run, long iteration) {
        this(run, iteration, -1);
    }

    private RunParameterSource(Run run, long iteration, int userBatch) {
        this.run = run;
        this.iteration = iteration;
        this.userBatch = userBatch;
    }

    /**
     * The parameters at {@code iteration} for a batch of {@code batch} inputs the user brought: the
     * probe's labels do not belong to them and are left out, and a random variable's noise is 0 for
     * each of them (the VAE's z is its mean), since the recorded noise was drawn for the probe.
     */
    public static RunParameterSource forUserInputs(Run run, long iteration, int batch) {
        return new RunParameterSource(run, iteration, batch);
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
        graph.node(nodeId).ifPresent(node -> addProbeValues(node, out));
        return Map.copyOf(out);
    }

    private void addProbeValues(Node node, Map<String, FloatTensor> out) {
        String noise = node.attributes().get(PROBE_NOISE);
        if (noise != null && !noise.isBlank()) {
            try {
                FloatTensor probeNoise = ProbeArrays.read(run, noise.trim());
                if (userBatch >= 0) {
                    int[] shape = probeNoise.shape().clone();
                    shape[0] = userBatch;
                    probeNoise = FloatTensor.zeros(shape);
                }
                out.putIfAbsent("eps", probeNoise);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the probe noise " + noise + " of node " + node.id(), e);
            }
        }
        int[] labels = userBatch >= 0 ? new int[0] : run.probeLabels();
        if (node.operatorType().equals("loss") && labels.length > 0) {
            float[] values = new float[labels.length];
            for (int i = 0; i < labels.length; i++) {
                values[i] = labels[i];
            }
            out.putIfAbsent("labels", new FloatTensor(new int[] { labels.length }, values));
        }
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
    public static int recordAtOrBefore(long[] iterations, long iteration) {
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

    /**
     * The last iteration whose recorded parameters are all finite (where the view starts), or the
     * last recorded one when none is.
     *
     * @throws IllegalArgumentException when the run recorded no weights (credit needs them)
     */
    public static long lastFiniteIteration(Run run) {
        long[] iterations = parameterIterations(run);
        if (iterations.length == 0) {
            throw new IllegalArgumentException("the run '" + run.name() + "' has no recorded weights: credit needs the "
                    + "network's parameters");
        }
        return iterations[lastFiniteIndex(run, iterations)];
    }

    /**
     * The index into {@code iterations} of the last iteration at which every recorded parameter
     * is finite (a run that blew up ends in NaN weights, which explain nothing); the last index
     * when none is, -1 when there are no iterations. Unreadable records count as not finite.
     */
    public static int lastFiniteIndex(Run run, long[] iterations) {
        List<TensorSeries> parameters = run.tensors().stream().filter(t -> PARAMETER_KINDS.contains(t.kind())).toList();
        for (int i = iterations.length - 1; i >= 0; i--) {
            if (allFinite(parameters, iterations[i])) {
                return i;
            }
        }
        return iterations.length - 1;
    }

    private static boolean allFinite(List<TensorSeries> parameters, long iteration) {
        for (TensorSeries t : parameters) {
            int record = recordAtOrBefore(t.iterations(), iteration);
            if (record < 0) {
                continue;
            }
            float[] values = new float[t.neuronCount()];
            try {
                t.readSnapshot(record, values);
            } catch (IOException e) {
                return false;
            }
            for (float v : values) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }
}
