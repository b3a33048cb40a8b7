package org.trainscope.recorders.dl4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.gradient.Gradient;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainscope.trace.GraphEdge;
import org.trainscope.trace.MetricInfo;

/**
 * Counts the NaN/Inf values of one training iteration per graph node (trace format §7.1), and
 * remembers where the first one was seen.
 *
 * <p>Forward: the values of every activation node's output for the training batch. Backward:
 * DL4J exposes no gradient with respect to a layer's output to listeners, only the gradients of
 * the parameters ({@code model.gradient()} at {@code onGradientCalculation}), so the backward
 * count of an operator node is the number of non-finite values in the gradients of its own
 * parameters; nodes without parameters (pooling, activations) have no backward count. Parameter
 * gradients arrive from the last layer to the first, which is the order the backward metrics are
 * declared in and the order in which the first backward origin is chosen.
 *
 * <p>Only counts are kept. A sum is one reduction and is non-finite whenever a value is; the exact
 * count is made only then.
 */
final class NonFiniteWatch {
    static final String FORWARD = "forward";
    static final String BACKWARD = "backward";
    static final String PREFIX = "nonfinite.";

    private final List<String> forwardNodes;
    private final List<String> backwardNodes;
    /** parameter key (paramTable, gradient) -> the operator node it belongs to */
    private final Map<String, String> ownerOfParam = new LinkedHashMap<>();

    private final Map<String, Long> forwardCounts = new LinkedHashMap<>();
    private final Map<String, Long> backwardCounts = new LinkedHashMap<>();
    private String[] origin; // {direction, node} of the first non-finite value seen, once
    private long originIteration = -1;

    NonFiniteWatch(ModelLayout layout) {
        this.forwardNodes = List.copyOf(layout.activationNodes());
        Map<String, String> operatorOfParamNode = new LinkedHashMap<>();
        Set<String> paramNodes = new LinkedHashSet<>();
        layout.params().forEach(p -> paramNodes.add(p.nodeId()));
        for (GraphEdge e : layout.graph().edges()) {
            if (paramNodes.contains(e.from())) {
                operatorOfParamNode.putIfAbsent(e.from(), e.to());
            }
        }
        List<String> owners = new ArrayList<>();
        for (ModelLayout.ParamBinding p : layout.params()) {
            String owner = operatorOfParamNode.getOrDefault(p.nodeId(), p.nodeId());
            ownerOfParam.put(p.paramKey(), owner);
            if (!owners.contains(owner)) {
                owners.add(owner);
            }
        }
        // parameters are listed in execution order; gradients arrive the other way round
        List<String> reversed = new ArrayList<>(owners);
        java.util.Collections.reverse(reversed);
        this.backwardNodes = List.copyOf(reversed);
    }

    /** The metrics to declare: the two totals, then per node (§7.1 order). */
    List<MetricInfo> metrics() {
        List<MetricInfo> m = new ArrayList<>();
        m.add(new MetricInfo(PREFIX + FORWARD, null));
        m.add(new MetricInfo(PREFIX + BACKWARD, null));
        forwardNodes.forEach(n -> m.add(new MetricInfo(PREFIX + FORWARD + "." + n, null)));
        backwardNodes.forEach(n -> m.add(new MetricInfo(PREFIX + BACKWARD + "." + n, null)));
        return m;
    }

    /** Counts the outputs of a training forward, keyed by activation node id. */
    void countOutputs(long iteration, Map<String, INDArray> outputsByNode) {
        Map<String, Long> counts = new LinkedHashMap<>();
        outputsByNode.forEach((node, a) -> counts.put(node, count(a)));
        countForward(iteration, counts);
    }

    /** Adds counts already made of a training forward's outputs, keyed by node id, in execution order. */
    void countForward(long iteration, Map<String, Long> countsByNode) {
        for (String node : forwardNodes) {
            Long n = countsByNode.get(node);
            if (n != null) {
                add(forwardCounts, iteration, FORWARD, node, n);
            }
        }
    }

    /** Counts the parameter gradients of a training step, by owning node, in arrival order. */
    void countBackward(long iteration, Gradient gradient) {
        if (gradient == null) {
            return;
        }
        Map<String, INDArray> byKey = gradient.gradientForVariable();
        Map<String, Long> perNode = new LinkedHashMap<>();
        ownerOfParam.forEach((key, node) -> {
            INDArray g = byKey.get(key);
            if (g != null) {
                perNode.merge(node, count(g), Long::sum);
            }
        });
        for (String node : backwardNodes) {
            Long n = perNode.get(node);
            if (n != null) {
                add(backwardCounts, iteration, BACKWARD, node, n);
            }
        }
    }

    private void add(Map<String, Long> counts, long iteration, String direction, String node, long n) {
        counts.merge(node, n, Long::sum);
        if (n > 0 && origin == null) {
            origin = new String[] {direction, node};
            originIteration = iteration;
        }
    }

    /**
     * The metrics of the iteration counted since the previous call (totals always, per-node counts
     * only when a total is non-zero), and resets the counts.
     */
    Map<String, Double> takeMetrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        long forward = forwardCounts.values().stream().mapToLong(Long::longValue).sum();
        long backward = backwardCounts.values().stream().mapToLong(Long::longValue).sum();
        m.put(PREFIX + FORWARD, (double) forward);
        m.put(PREFIX + BACKWARD, (double) backward);
        if (forward + backward > 0) {
            forwardCounts.forEach((node, n) -> m.put(PREFIX + FORWARD + "." + node, (double) n));
            backwardCounts.forEach((node, n) -> m.put(PREFIX + BACKWARD + "." + node, (double) n));
        }
        forwardCounts.clear();
        backwardCounts.clear();
        return m;
    }

    /** {iteration, direction, node} of the first non-finite value seen, or null. */
    Object[] origin() {
        return origin == null ? null : new Object[] {originIteration, origin[0], origin[1]};
    }

    /** Forgets counts of an iteration that will not be written. */
    void discardCounts() {
        forwardCounts.clear();
        backwardCounts.clear();
    }

    /** The number of NaN and ±Inf values in {@code a}. */
    static long count(INDArray a) {
        if (a == null || a.isEmpty() || !a.dataType().isFPType()) {
            return 0;
        }
        if (Double.isFinite(a.sumNumber().doubleValue())) {
            return 0; // a sum reaches NaN or an infinity whenever one value is one
        }
        // rare (only where something is non-finite): count on a copy rather than reach into ND4J's
        // non-exported reduction ops
        long n = 0;
        for (double v : a.dup('c').reshape(a.length()).toDoubleVector()) {
            if (!Double.isFinite(v)) {
                n++;
            }
        }
        return n;
    }
}
