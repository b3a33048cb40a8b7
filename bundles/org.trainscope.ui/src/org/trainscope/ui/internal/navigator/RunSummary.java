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
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.modeltypes.ModelTypeManager;

/** The facts about a run worth seeing first, as (property, value) rows. Cheap: no tensor data is read. */
public final class RunSummary {
    /** One row of the summary. */
    public record Row(String property, String value, boolean alarming) {
    }

    private RunSummary() {
    }

    public static List<Row> of(Run run) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("Name", run.name(), false));
        for (String problem : RunHealth.metricProblems(run)) {
            rows.add(new Row("Needs a look", problem, true));
        }
        run.firstNonFiniteOrigin().ifPresent(origin -> rows.add(new Row("First NaN/Inf", origin, true)));
        rows.add(new Row("Location", run.location().toString(), false));
        run.recordingStatus().ifPresent(status -> rows.add(new Row("Recording", status, false)));
        rows.add(new Row("Model type", ModelTypeManager.getInstance().modelType(run.modelTypeId())
                .map(t -> t.name()).orElse(run.modelTypeId().isEmpty() ? "(not stated)" : run.modelTypeId()), false));
        Map<NodeKind, Long> kinds = new EnumMap<>(NodeKind.class);
        run.graph().nodes().forEach(n -> kinds.merge(n.kind(), 1L, Long::sum));
        rows.add(new Row("Network", run.graph().size() + " nodes, " + run.graph().edges().size() + " edges"
                + (kinds.isEmpty() ? "" : " (" + kinds.entrySet().stream()
                        .map(e -> e.getValue() + " " + kindName(e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "))
                        + ")"), false));
        if (!run.graph().layerGroups().isEmpty()) {
            rows.add(new Row("Layer groups", String.join(" → ", run.graph().layerGroups().keySet()), false));
        }
        rows.add(tensorRow(run.tensors()));
        iterationRange(run.tensors()).ifPresent(rows::add);
        long perNodeCounts = run.metrics().stream().filter(m -> MetricSeries.isPerNodeNonFiniteCount(m.name())).count();
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
        run.probeInputs().ifPresent(p -> rows.add(new Row("Probe inputs", (p.shape().length > 0 ? p.shape()[0]
                + " samples " + TensorText.shape(p.shape()) : "present")
                + (run.probeLabels().length > 0 ? ", with labels" : "") + " (double-click them in Runs to see them)",
                false)));
        for (String w : run.warnings()) {
            rows.add(new Row("Warning", w, true));
        }
        return rows;
    }

    /** "operator", "2 random variables": the kind as people write it. */
    private static String kindName(NodeKind kind, long count) {
        String name = kind.externalName().replace('_', ' ');
        return count == 1 ? name : name + "s";
    }

    private static Row tensorRow(List<TensorSeries> tensors) {
        Map<TensorKind, Long> byKind = new EnumMap<>(TensorKind.class);
        long neurons = 0;
        for (TensorSeries t : tensors) {
            byKind.merge(t.kind(), 1L, Long::sum);
            neurons += t.neuronCount();
        }
        String kinds = byKind.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().externalName())
                .collect(Collectors.joining(", "));
        return new Row("Tensors", tensors.size() + (tensors.isEmpty() ? "" : " (" + kinds + "), " + neurons
                + " values per record"), false);
    }

    private static java.util.Optional<Row> iterationRange(List<TensorSeries> tensors) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int records = 0;
        for (TensorSeries t : tensors) {
            long[] its = t.iterations();
            if (its.length > 0) {
                first = Math.min(first, its[0]);
                last = Math.max(last, its[its.length - 1]);
                records = Math.max(records, its.length);
            }
        }
        if (records == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Row("Recorded iterations", first + " … " + last + " (" + records
                + " records)", false));
    }
}
