package org.trainscope.core.summary;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.TensorKind;

/**
 * What the Run Summary view draws and {@code trainscope-cli info}/{@code anomalies} print: the
 * facts of one run and its anomalies. Immutable; built by {@link RunSummaryProvider}.
 *
 * @param name what people call the run
 * @param location where it was opened from
 * @param modelTypeId the model type's id, or ""
 * @param modelTypeName the model type's name when a contribution declares it, else its id, else "(not stated)"
 * @param recordingStatus whether the recording is finished, in words; empty when the source has no such notion
 * @param firstNonFiniteOrigin where NaN/Inf first appeared, in words; empty when not known
 * @param nodeCounts how many nodes of each kind, in {@link NodeKind} order
 * @param edgeCount edges of the network graph
 * @param layerGroups the layer groups in data-flow order
 * @param tensors the recorded tensors
 * @param metrics the metrics, per-node NaN/Inf counts included
 * @param probeShape the shape of the probe inputs; empty when the run has none
 * @param probeLabels whether the probe inputs have class labels
 * @param warnings problems met while reading the run
 * @param anomalies by iteration ({@link AnomalyFinder}); those of tensors only when {@code tensorsScanned}
 * @param tensorsScanned whether the tensors' records were read for NaN/Inf
 */
public record RunSummaryModel(String name, Path location, String modelTypeId, String modelTypeName,
        Optional<String> recordingStatus, Optional<String> firstNonFiniteOrigin, Map<NodeKind, Long> nodeCounts,
        int edgeCount, List<String> layerGroups, List<TensorFacts> tensors, List<MetricFacts> metrics,
        Optional<int[]> probeShape, boolean probeLabels, List<String> warnings, List<Anomaly> anomalies,
        boolean tensorsScanned) {

    /** One recorded tensor. */
    public record TensorFacts(String id, String nodeId, TensorKind kind, int[] shape, int neuronCount, int records,
            long firstIteration, long lastIteration) {
    }

    /**
     * One metric.
     *
     * @param last its last value (NaN when it has none)
     * @param firstNonFiniteIteration -1 when every value is finite
     * @param perNodeNonFiniteCount one of the recorder's per-node NaN/Inf counts, folded into one line by views
     */
    public record MetricFacts(String name, int size, double last, long firstNonFiniteIteration,
            boolean perNodeNonFiniteCount) {
    }

    public RunSummaryModel {
        nodeCounts = Map.copyOf(nodeCounts);
        layerGroups = List.copyOf(layerGroups);
        tensors = List.copyOf(tensors);
        metrics = List.copyOf(metrics);
        warnings = List.copyOf(warnings);
        anomalies = List.copyOf(anomalies);
    }

    public int nodeCount() {
        return (int) nodeCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The anomalies of one kind, in order. */
    public List<Anomaly> anomalies(AnomalyKind kind) {
        return anomalies.stream().filter(a -> a.kind() == kind).toList();
    }

    /** "loss turns NaN at iteration 32" for each metric that turns non-finite: why the run needs a look. */
    public List<String> metricProblems() {
        return anomalies(AnomalyKind.NON_FINITE_METRIC).stream().map(Anomaly::description).toList();
    }
}
