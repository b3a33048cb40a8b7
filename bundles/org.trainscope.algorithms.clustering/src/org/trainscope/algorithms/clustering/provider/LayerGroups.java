package org.trainscope.algorithms.clustering.provider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.NodeNames;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;

/**
 * CNNVis's layer groups of a run: each operator that mixes neurons through weights (a convolution,
 * a dense layer) starts a group, and the operators after it that do not (activation functions,
 * pooling, batch normalisation, flatten, reshape, dropout, an add or concat) join the group of
 * their input (of the latest input's group when they have several), as CNNVis aggregates
 * "conv + activation + pooling" and as the Neuron Credit view draws activation and reshape layers
 * with the operator they follow. Groups come in the graph's data-flow order; the recorder's own
 * layer groups are not used because DL4J puts the pooling layer in a group of its own and PyTorch
 * records none.
 * <p>
 * A group's neurons are those of its last recorded activation with a probe axis on a node that
 * does not only move values (so the output after pooling, not the flattened copy of it), one
 * neuron per channel for a convolution's [C, H, W] output (CNNVis's neurons of a conv layer are
 * its feature maps). A group without such an activation is left out and named in
 * {@link #skipped()}.
 */
public final class LayerGroups {
    /** Operators whose weights connect every input neuron (or channel) to output neurons. */
    static final Set<String> MIXING = Set.of("conv2d", "conv1d", "conv_transpose2d", "dense", "linear", "gemm",
            "matmul");
    /** Operators that only move values; an activation recorded on them is a copy of the one before. */
    static final Set<String> DATA_MOVEMENT = Set.of("reshape", "flatten", "dropout", "identity", "unflatten");

    /**
     * One layer group.
     *
     * @param id the node that starts it (its mixing operator)
     * @param label "conv2d0 + relu + maxpool1", the names of its operators
     * @param nodes its operator nodes in data-flow order
     * @param activation the activation its neurons are read from
     * @param layout that activation's layout (with the probe axis)
     * @param weight the mixing operator's weight tensor, or null when not recorded
     * @param gradient the gradient of that weight, or null when not recorded
     */
    public record Spec(String id, String label, List<String> nodes, TensorSeries activation, NeuronLayout layout,
            TensorSeries weight, TensorSeries gradient) {

        /** Channels for a spatial activation, units otherwise. */
        public int neuronCount() {
            return layout.isSpatial() ? layout.channelCount() : layout.unitCount();
        }

        /** Units of the activation per neuron (positions of a channel; 1 for a flat layer). */
        public int unitsPerNeuron() {
            return layout.unitCount() / neuronCount();
        }

        /** The operator type of the group's first node. */
        public String operator(NetworkGraph graph) {
            return graph.node(id).map(Node::operatorType).orElse("");
        }
    }

    private final List<Spec> groups;
    private final List<String> skipped;
    private final List<int[]> edges;

    private LayerGroups(List<Spec> groups, List<String> skipped, List<int[]> edges) {
        this.groups = List.copyOf(groups);
        this.skipped = List.copyOf(skipped);
        this.edges = List.copyOf(edges);
    }

    /**
     * The data flow between the groups, as pairs {from, to} of indices into {@link #groups()},
     * ascending: group a feeds group b when a's values reach the mixing operator that starts b
     * through operators that do not mix (activations, pooling, reshapes, an add, a concat, a
     * sampling node), so b's weights connect a's neurons to b's. A sequential network gives
     * {0, 1}, {1, 2}, …; a skip connection adds an edge past a group, parallel branches (two heads
     * on one trunk, branches of an inception block) share their source and their target. A group
     * left out is walked through.
     */
    public List<int[]> edges() {
        return edges;
    }

    public List<Spec> groups() {
        return groups;
    }

    /** Groups left out, with the reason. */
    public List<String> skipped() {
        return skipped;
    }

    /** The aggregated groups (conv + activation + pooling), CNNVis's default. */
    public static LayerGroups of(Run run) {
        return of(run, true);
    }

    /**
     * The groups of a run, aggregated or not. Not aggregated ({@code aggregate} false), every
     * operator that does not only move values starts a group of its own (a convolution, its
     * activation function and its pooling each a column), clustered on its own recorded activation,
     * when its input's activation is recorded too (otherwise the two are one layer as recorded, see
     * {@link #inputsRecorded}); an operator that only moves values (flatten, dropout) still joins its
     * input's group, since its activation is a copy. Operators whose activation is not recorded are left out and named in
     * one line of {@link #skipped()}; the data flow is walked through them.
     */
    public static LayerGroups of(Run run, boolean aggregate) {
        NetworkGraph graph = run.graph();
        List<List<String>> members = new ArrayList<>();
        java.util.Map<String, Integer> owner = new java.util.HashMap<>();
        for (String id : graph.topologicalOrder()) {
            Node node = graph.node(id).orElseThrow();
            if (node.kind() == NodeKind.PARAMETER || node.operatorType().equals("loss")) {
                continue;
            }
            boolean startsGroup = MIXING.contains(node.operatorType()) || !aggregate && !members.isEmpty()
                    && !DATA_MOVEMENT.contains(node.operatorType()) && inputsRecorded(run, graph, id, owner);
            if (startsGroup) {
                owner.put(id, members.size());
                members.add(new ArrayList<>(List.of(id)));
            } else {
                // joins the latest group among its inputs' (a sequential net: the group just before);
                // nodes before the first mixing operator are the input and join none
                int group = graph.predecessors(id).stream().map(owner::get).filter(java.util.Objects::nonNull)
                        .mapToInt(Integer::intValue).max().orElse(-1);
                if (group >= 0) {
                    owner.put(id, group);
                    members.get(group).add(id);
                }
            }
        }
        List<Spec> groups = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> unrecorded = new ArrayList<>(); // unaggregated layers without an activation: one line
        int[] kept = new int[members.size()]; // index among the groups kept, or -1
        int k = 0;
        for (List<String> nodes : members) {
            String first = nodes.get(0);
            String label = label(graph, nodes);
            Optional<TensorSeries> activation = activationOf(run, graph, nodes);
            if (activation.isEmpty()) {
                if (aggregate || mixes(graph, first)) {
                    skipped.add(label + ": no activation of the probe inputs recorded");
                } else {
                    unrecorded.add(label);
                }
                kept[k++] = -1;
                continue;
            }
            kept[k++] = groups.size();
            // only an operator that mixes neurons has weights between its input and its neurons
            TensorSeries weight = mixes(graph, first) ? parameterOf(run, graph, first, TensorKind.WEIGHT, null) : null;
            TensorSeries gradient = weight == null ? null : parameterOf(run, graph, first, TensorKind.GRADIENT, weight);
            groups.add(new Spec(first, label, List.copyOf(nodes), activation.get(),
                    NeuronLayout.of(run, activation.get()), weight, gradient));
        }
        if (!unrecorded.isEmpty()) {
            skipped.add("the activation" + (unrecorded.size() == 1 ? " of " : "s of ") + String.join(", ", unrecorded)
                    + (unrecorded.size() == 1 ? " is" : " are") + " not recorded: "
                    + (unrecorded.size() == 1 ? "it has" : "they have") + " no column of " + (unrecorded.size() == 1 ? "its" : "their")
                    + " own and the data flow passes through");
        }
        return new LayerGroups(groups, skipped, edges(graph, members, kept));
    }

    /**
     * True when every input of {@code id} that belongs to a group has its own recorded probe
     * activation. When one has not, {@code id} stays in that input's group even with the layers
     * not aggregated: DL4J applies a convolution's activation function inside the layer and records
     * only its output (on the "conv2d0.relu" node), so the convolution and its activation are one
     * layer there, and a column of its own for the activation would cut the convolution's weights
     * off its neurons.
     */
    private static boolean inputsRecorded(Run run, NetworkGraph graph, String id, java.util.Map<String, Integer> owner) {
        List<String> inputs = graph.predecessors(id).stream().filter(owner::containsKey).toList();
        return !inputs.isEmpty() && inputs.stream().allMatch(in -> probeActivation(run, in).isPresent());
    }

    private static Optional<TensorSeries> probeActivation(Run run, String id) {
        return run.tensors().stream()
                .filter(s -> s.kind() == TensorKind.ACTIVATION && s.nodeId().equals(id) && s.iterationCount() > 0)
                .filter(s -> NeuronLayout.of(run, s).hasProbeAxis()).findFirst();
    }

    /** True when the node is an operator whose weights mix neurons (a convolution, a dense layer). */
    public static boolean mixes(NetworkGraph graph, String id) {
        return graph.node(id).map(n -> MIXING.contains(n.operatorType())).orElse(false);
    }

    private static List<int[]> edges(NetworkGraph graph, List<List<String>> members, int[] kept) {
        java.util.Map<String, Integer> starts = new java.util.HashMap<>(); // mixing node -> its group
        for (int g = 0; g < members.size(); g++) {
            starts.put(members.get(g).get(0), g);
        }
        java.util.SortedSet<Long> pairs = new java.util.TreeSet<>();
        for (int a = 0; a < members.size(); a++) {
            if (kept[a] < 0) {
                continue;
            }
            java.util.Deque<String> todo = new java.util.ArrayDeque<>(members.get(a));
            java.util.Set<String> seen = new java.util.HashSet<>(members.get(a));
            while (!todo.isEmpty()) {
                for (String next : graph.successors(todo.pop())) {
                    Integer b = starts.get(next);
                    if (b != null && b == a) {
                        continue; // a recurrence back into the group itself
                    }
                    if (b != null && kept[b] >= 0) {
                        pairs.add((long) kept[a] << 32 | kept[b]);
                    } else if (seen.add(next)) {
                        // a node that does not mix, or the start of a group left out: walk on
                        if (b != null) {
                            members.get(b).stream().filter(seen::add).forEach(todo::push);
                        }
                        todo.push(next);
                    }
                }
            }
        }
        return pairs.stream().map(p -> new int[] { (int) (p >> 32), (int) (long) p }).toList();
    }

    /**
     * The last probe activation on a node that does not only move values; but when a later node
     * of the group only reshapes those values into channels (a generator's dense output unflattened
     * to [C, H, W]), that spatial copy, so the group's neurons are the channels the next
     * convolution's weights connect.
     */
    private static Optional<TensorSeries> activationOf(Run run, NetworkGraph graph, List<String> nodes) {
        TensorSeries reshaped = null;
        for (int i = nodes.size() - 1; i >= 0; i--) {
            String id = nodes.get(i);
            boolean moves = graph.node(id).map(n -> DATA_MOVEMENT.contains(n.operatorType())).orElse(false);
            Optional<TensorSeries> t = probeActivation(run, id);
            if (moves) {
                if (reshaped == null && t.isPresent() && NeuronLayout.of(run, t.get()).isSpatial()) {
                    reshaped = t.get();
                }
                continue;
            }
            if (t.isPresent()) {
                NeuronLayout layout = NeuronLayout.of(run, t.get());
                boolean sameValues = reshaped != null && !layout.isSpatial()
                        && NeuronLayout.of(run, reshaped).unitCount() == layout.unitCount();
                return Optional.of(sameValues ? reshaped : t.get());
            }
        }
        return Optional.empty();
    }

    /**
     * The operator's weight matrix or kernel (rank ≥ 2; a batch norm's scale is rank 1), on the
     * node itself or a parameter node feeding it; for a gradient, the one of {@code weight}'s node
     * and shape.
     */
    private static TensorSeries parameterOf(Run run, NetworkGraph graph, String operator, TensorKind kind,
            TensorSeries weight) {
        return run.tensors().stream().filter(t -> t.kind() == kind && t.shape().length >= 2 && t.iterationCount() > 0)
                .filter(t -> weight == null ? belongsTo(graph, t.nodeId(), operator)
                        : t.nodeId().equals(weight.nodeId()) && java.util.Arrays.equals(t.shape(), weight.shape()))
                .max(Comparator.comparingInt((TensorSeries t) -> t.shape().length)).orElse(null);
    }

    private static boolean belongsTo(NetworkGraph graph, String tensorNode, String operator) {
        return tensorNode.equals(operator) || graph.predecessors(operator).contains(tensorNode)
                && graph.node(tensorNode).map(n -> n.kind() == NodeKind.PARAMETER).orElse(false);
    }

    /** The group's first node by its name, with the operators that joined it: "conv2d0 + relu + maxpool1". */
    private static String label(NetworkGraph graph, List<String> nodes) {
        StringBuilder s = new StringBuilder(graph.node(nodes.get(0)).map(NodeNames::name).orElse(nodes.get(0)));
        for (String id : nodes.subList(1, nodes.size())) {
            graph.node(id).filter(n -> !DATA_MOVEMENT.contains(n.operatorType()) && !n.operatorType().isEmpty())
                    .ifPresent(n -> s.append(" + ").append(n.operatorType()));
        }
        return s.toString();
    }
}
