package org.trainscope.core.snapshot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;

/**
 * The data provider of the Snapshot view (the Trace Compass pattern: the view asks for a
 * {@link SnapshotGraphModel} in a job and only draws it; tests call the same code). For the
 * run's network it summarises, per node and per recorded iteration in a window around the
 * current one, the distribution of the node's activations (or a parameter's values) and of its
 * gradients ({@link FlowStatistics}), scores each node's abnormality ({@link AbnormalityScore})
 * and ranks the nodes.
 * <p>
 * The window is taken from the iterations at which <em>any</em> of the run's tensors was recorded:
 * {@code recordsBefore} of them before the current iteration, {@code recordsAfter} after; so every
 * node's chart spans the same iterations, and a tensor recorded less often has fewer points in it.
 * Updates (parameter steps) are not charted. The statistics of a record never change once written,
 * so one provider remembers them: following the current iteration or a live run reads only the
 * records it has not seen.
 */
public final class SnapshotGraphProvider {
    private record Key(TensorSeries tensor, int record, int maxValues) {
    }

    /** Records already summarised; bounded so a long session does not grow without end. */
    private final Map<Key, RecordStats> cache = new ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 200_000;

    /** The model of {@code request}; cancellable (OperationCanceledException). */
    public SnapshotGraphModel compute(SnapshotRequest request, IProgressMonitor monitor) {
        return compute(request, null, monitor);
    }

    /**
     * Two runs compared at {@code first}'s iteration ({@link SnapshotComparison}): {@code first}'s
     * snapshot, and {@code other}'s over the same window widened back to {@code other}'s last record
     * at or before the window's start, so that every iteration of the first run's window has its
     * match (the same iteration or the nearest recorded before it) even when the runs record at
     * different intervals. Cancellable.
     */
    public SnapshotComparison compare(SnapshotRequest first, Run other, IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, 2);
        SnapshotGraphModel a = compute(first, progress.split(1));
        long from = a.fromIteration();
        for (TensorSeries t : other.tensors()) {
            long[] its = t.iterations();
            int i = lowerBound(its, a.fromIteration() + 1) - 1;
            if (i >= 0 && t.kind() != TensorKind.UPDATE) {
                from = Math.min(from, its[i]);
            }
        }
        SnapshotRequest second = new SnapshotRequest(other, first.iteration(), first.recordsBefore(),
                first.recordsAfter(), first.maxValuesPerRecord(), first.markedCount());
        SnapshotGraphModel b = compute(second, new long[] { from, a.toIteration() }, progress.split(1));
        return SnapshotComparison.of(a, b);
    }

    /** The model of {@code request} over {@code fixedWindow} (null: the request's own window). */
    private SnapshotGraphModel compute(SnapshotRequest request, long[] fixedWindow, IProgressMonitor monitor) {
        Run run = request.run();
        NetworkGraph graph = run.graph();
        Map<String, List<TensorSeries>> byNode = new HashMap<>();
        List<long[]> recorded = new ArrayList<>();
        for (TensorSeries t : run.tensors()) {
            if (t.kind() != TensorKind.UPDATE && graph.node(t.nodeId()).isPresent()) {
                byNode.computeIfAbsent(t.nodeId(), k -> new ArrayList<>()).add(t);
                recorded.add(t.iterations());
            }
        }
        long[] window = fixedWindow != null ? fixedWindow : window(recorded, request);
        if (cache.size() > CACHE_LIMIT) {
            cache.clear();
        }
        List<String> order = graph.topologicalOrder();
        SubMonitor progress = SubMonitor.convert(monitor, "Data flow of " + run.name(), Math.max(1, order.size()));
        List<String> warnings = new ArrayList<>();
        Map<String, List<FlowSeries>> values = new LinkedHashMap<>();
        Map<String, List<FlowSeries>> gradients = new LinkedHashMap<>();
        Map<String, Abnormality> scores = new HashMap<>();
        for (String id : order) {
            if (progress.isCanceled()) {
                throw new OperationCanceledException();
            }
            List<FlowSeries> v = new ArrayList<>();
            List<FlowSeries> g = new ArrayList<>();
            for (TensorSeries t : byNode.getOrDefault(id, List.of())) {
                try {
                    FlowSeries s = series(run, t, window, request, progress);
                    (s.isGradient() ? g : v).add(s);
                } catch (IOException e) {
                    warnings.add(t.id() + " not read: " + e.getMessage());
                }
            }
            values.put(id, v);
            gradients.put(id, g);
            List<FlowSeries> all = new ArrayList<>(v);
            all.addAll(g);
            if (all.stream().anyMatch(s -> s.current() >= 0)) {
                scores.put(id, AbnormalityScore.ofNode(all));
            }
            progress.worked(1);
        }
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i), i);
        }
        List<String> ranking = new ArrayList<>(scores.keySet());
        // ties (a NaN that spread through every later layer) go to the node earlier in the data flow, where it began
        ranking.sort(Comparator.comparingDouble((String id) -> -scores.get(id).score())
                .thenComparingInt(position::get));
        List<NodeFlow> nodes = new ArrayList<>();
        for (String id : order) {
            Node node = graph.node(id).orElseThrow();
            int rank = ranking.indexOf(id) + 1;
            Abnormality a = scores.getOrDefault(id, Abnormality.NONE);
            boolean marked = rank > 0 && rank <= request.markedCount() && a.score() >= AbnormalityScore.MARK_THRESHOLD;
            nodes.add(new NodeFlow(node, values.get(id), gradients.get(id), a, rank, marked));
        }
        return new SnapshotGraphModel(run.name(), request.iteration(), window[0], window[1], nodes, graph.edges(),
                graph.layerGroups(), ranking, warnings);
    }

    /** [first, last] iteration of the window: see the class comment. */
    static long[] window(List<long[]> recorded, SnapshotRequest request) {
        TreeSet<Long> all = new TreeSet<>();
        for (long[] its : recorded) {
            for (long it : its) {
                all.add(it);
            }
        }
        long now = request.iteration();
        long from = now;
        int n = 0;
        for (Long it : all.headSet(now, true).descendingSet()) {
            if (n++ > request.recordsBefore()) {
                break;
            }
            from = it;
        }
        long to = now;
        n = 0;
        for (Long it : all.tailSet(now, false)) {
            if (n++ >= request.recordsAfter()) {
                break;
            }
            to = it;
        }
        return new long[] { from, to };
    }

    private FlowSeries series(Run run, TensorSeries t, long[] window, SnapshotRequest request, SubMonitor progress)
            throws IOException {
        long[] its = t.iterations();
        int first = lowerBound(its, window[0]);
        int end = lowerBound(its, window[1] + 1);
        int currentRecord = lowerBound(its, request.iteration() + 1) - 1;
        List<RecordStats> stats = new ArrayList<>();
        for (int r = first; r < end; r++) {
            if (progress.isCanceled()) {
                throw new OperationCanceledException();
            }
            int record = r;
            RecordStats s = cache.get(new Key(t, record, request.maxValuesPerRecord()));
            if (s == null) {
                s = FlowStatistics.of(t, record, request.maxValuesPerRecord());
                cache.put(new Key(t, record, request.maxValuesPerRecord()), s);
            }
            stats.add(s);
        }
        int current = currentRecord >= first && currentRecord < end ? currentRecord - first : -1;
        int loudest = -1;
        if (current >= 0 && stats.get(current).loudestIndex() >= 0) {
            loudest = NeuronLayout.of(run, t).unitOf(stats.get(current).loudestIndex());
        }
        return new FlowSeries(t.id(), t.kind(), Arrays.copyOfRange(its, first, end), stats, current, t.neuronCount(),
                loudest);
    }

    /** The first index whose iteration is at least {@code it}. */
    private static int lowerBound(long[] its, long it) {
        int lo = 0;
        int hi = its.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (its[mid] < it) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
