package org.trainscope.ui.internal.navigator;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.summary.Anomaly;
import org.trainscope.core.summary.AnomalyKind;
import org.trainscope.core.summary.RunSummaryModel;
import org.trainscope.core.summary.RunSummaryProvider;

/**
 * The Run Summary's rows: the {@link RunSummaryModel} of {@link RunSummaryProvider} as (property,
 * value) rows. Only formats; the facts and anomalies are computed core-side.
 */
public final class RunSummary {
    /** One row of the summary. */
    public record Row(String property, String value, boolean alarming) {
    }

    private RunSummary() {
    }

    /** The rows of the cheap facts (no tensor data read); fine on the UI thread. */
    public static List<Row> of(Run run) {
        return of(run, new RunSummaryProvider().facts(run));
    }

    public static List<Row> of(Run run, RunSummaryModel model) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("Name", model.name(), false));
        for (String problem : model.metricProblems()) {
            rows.add(new Row("Needs a look", problem, true));
        }
        model.firstNonFiniteOrigin().ifPresent(origin -> rows.add(new Row("First NaN/Inf", origin, true)));
        rows.add(new Row("Location", model.location().toString(), false));
        model.recordingStatus().ifPresent(status -> rows.add(new Row("Recording", status, false)));
        rows.add(new Row("Model type", model.modelTypeName(), false));
        Map<NodeKind, Long> kinds = new EnumMap<>(NodeKind.class);
        kinds.putAll(model.nodeCounts());
        rows.add(new Row("Network", model.nodeCount() + " nodes, " + model.edgeCount() + " edges"
                + (kinds.isEmpty() ? "" : " (" + kinds.entrySet().stream()
                        .map(e -> e.getValue() + " " + kindName(e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "))
                        + ")"), false));
        if (!model.layerGroups().isEmpty()) {
            rows.add(new Row("Layer groups", String.join(" → ", model.layerGroups()), false));
        }
        rows.add(tensorRow(model.tensors()));
        iterationRange(model.tensors()).ifPresent(rows::add);
        long perNodeCounts = model.metrics().stream().filter(RunSummaryModel.MetricFacts::perNodeNonFiniteCount).count();
        for (MetricSeries m : run.metrics()) {
            if (!MetricSeries.isPerNodeNonFiniteCount(m.name())) {
                rows.add(new Row("Metric " + m.name(), m.size() + " values, " + RunTreeLabelProvider.describe(m),
                        m.firstNonFiniteIteration() >= 0));
            }
        }
        if (perNodeCounts > 0) {
            rows.add(new Row("NaN/Inf per operator", perNodeCounts + " count series (nonfinite.forward.<node>,"
                    + " nonfinite.backward.<node>), summed up in \"First NaN/Inf\"", false));
        }
        model.probeShape().ifPresent(shape -> rows.add(new Row("Probe inputs", (shape.length > 0 ? shape[0]
                + " samples " + TensorText.shape(shape) : "present")
                + (model.probeLabels() ? ", with labels" : "") + " (double-click them in Runs to see them)",
                false)));
        for (String w : model.warnings()) {
            rows.add(new Row("Warning", w, true));
        }
        return rows;
    }

    /**
     * One row per anomaly other than a metric's first NaN/Inf (already a "Needs a look" row), or a
     * row saying there are none; only for a model whose tensors were scanned.
     */
    public static List<Row> anomalyRows(RunSummaryModel model) {
        List<Row> rows = new ArrayList<>();
        for (Anomaly a : model.anomalies()) {
            if (a.kind() != AnomalyKind.NON_FINITE_METRIC) {
                rows.add(new Row("Anomaly @" + a.iteration(), a.description(), a.kind() != AnomalyKind.PLATEAU));
            }
        }
        if (rows.isEmpty() && model.metricProblems().isEmpty()) {
            rows.add(new Row("Anomalies", "none found (NaN/Inf in metrics, tensors and nodes; loss spikes, plateaus,"
                    + " divergence)", false));
        }
        return rows;
    }

    /** "operator", "2 random variables": the kind as people write it. */
    private static String kindName(NodeKind kind, long count) {
        String name = kind.externalName().replace('_', ' ');
        return count == 1 ? name : name + "s";
    }

    private static Row tensorRow(List<RunSummaryModel.TensorFacts> tensors) {
        Map<TensorKind, Long> byKind = new EnumMap<>(TensorKind.class);
        long neurons = 0;
        for (RunSummaryModel.TensorFacts t : tensors) {
            byKind.merge(t.kind(), 1L, Long::sum);
            neurons += t.neuronCount();
        }
        String kinds = byKind.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().externalName())
                .collect(Collectors.joining(", "));
        return new Row("Tensors", tensors.size() + (tensors.isEmpty() ? "" : " (" + kinds + "), " + neurons
                + " values per record"), false);
    }

    private static java.util.Optional<Row> iterationRange(List<RunSummaryModel.TensorFacts> tensors) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int records = 0;
        for (RunSummaryModel.TensorFacts t : tensors) {
            if (t.records() > 0) {
                first = Math.min(first, t.firstIteration());
                last = Math.max(last, t.lastIteration());
                records = Math.max(records, t.records());
            }
        }
        if (records == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Row("Recorded iterations", first + " … " + last + " (" + records
                + " records)", false));
    }
}
