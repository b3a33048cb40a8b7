package org.trainscope.core.summary;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.modeltypes.ModelTypeDescriptor;
import org.trainscope.core.modeltypes.ModelTypeManager;

/**
 * The data provider of the run summary (the Trace Compass pattern: the Run Summary view, the
 * command line and tests ask it for a {@link RunSummaryModel} and only present it). Two depths:
 * {@link #facts(Run)} reads no tensor data and is cheap enough for the UI thread;
 * {@link #summarize(Run, IProgressMonitor)} also reads every tensor record once for NaN/Inf and
 * belongs in a Job.
 */
public final class RunSummaryProvider {
    private final AnomalyFinder finder = new AnomalyFinder();

    /** The facts and the anomalies of the metrics; no tensor data is read. */
    public RunSummaryModel facts(Run run) {
        return model(run, finder.inMetrics(run.metrics()), false);
    }

    /** The facts and every anomaly, tensors included (cancellable: OperationCanceledException). */
    public RunSummaryModel summarize(Run run, IProgressMonitor monitor) throws IOException {
        SubMonitor progress = SubMonitor.convert(monitor, 1);
        return model(run, finder.find(run, progress.split(1)), true);
    }

    private static RunSummaryModel model(Run run, List<Anomaly> anomalies, boolean tensorsScanned) {
        Map<NodeKind, Long> kinds = new EnumMap<>(NodeKind.class);
        run.graph().nodes().forEach(n -> kinds.merge(n.kind(), 1L, Long::sum));
        List<RunSummaryModel.TensorFacts> tensors = new ArrayList<>();
        for (TensorSeries t : run.tensors()) {
            long[] its = t.iterations();
            tensors.add(new RunSummaryModel.TensorFacts(t.id(), t.nodeId(), t.kind(), t.shape().clone(),
                    t.neuronCount(), its.length, its.length == 0 ? -1 : its[0], its.length == 0 ? -1
                            : its[its.length - 1]));
        }
        List<RunSummaryModel.MetricFacts> metrics = new ArrayList<>();
        for (MetricSeries m : run.metrics()) {
            double[] v = m.values();
            metrics.add(new RunSummaryModel.MetricFacts(m.name(), v.length, v.length == 0 ? Double.NaN
                    : v[v.length - 1], m.firstNonFiniteIteration(), MetricSeries.isPerNodeNonFiniteCount(m.name())));
        }
        String typeName = ModelTypeManager.getInstance().modelType(run.modelTypeId()).map(ModelTypeDescriptor::name)
                .orElse(run.modelTypeId().isEmpty() ? "(not stated)" : run.modelTypeId());
        Optional<int[]> probeShape = run.probeInputs().map(p -> p.shape().clone());
        return new RunSummaryModel(run.name(), run.location(), run.modelTypeId(), typeName, run.recordingStatus(),
                run.firstNonFiniteOrigin(), kinds, run.graph().edges().size(),
                List.copyOf(run.graph().layerGroups().keySet()), tensors, metrics, probeShape,
                run.probeLabels().length > 0, run.warnings(), anomalies, tensorsScanned);
    }
}
