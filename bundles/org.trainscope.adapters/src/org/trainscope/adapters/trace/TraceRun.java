package org.trainscope.adapters.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.trainscope.core.model.BatchInputs;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.trace.ArrayInfo;
import org.trainscope.trace.BatchInputsInfo;
import org.trainscope.trace.DType;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.ProbeInfo;
import org.trainscope.trace.RelatedTraces;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceReader;

/**
 * A run backed by a {@link TraceReader}: tensors read through the reader on demand, metrics from
 * the journal (recomputed on {@link #refresh()}), batches read per iteration. Thread-safe like the
 * reader underneath.
 * <p>
 * Recorders write kinds recorded at a coarser interval into related traces in sub-folders (the
 * manifest attribute {@code relatedTraces}, e.g. weights every 10 iterations in
 * {@code every-10/}): their tensors are part of the run, each with its own iterations
 * ({@link RelatedTraces} applies the format's rules for them).
 */
public final class TraceRun implements Run {
    private final TraceReader reader;
    private final RelatedTraces relatedTraces;
    private final List<TraceReader> related;
    private final NetworkGraph graph;
    private final List<TensorSeries> tensors;
    private final TensorSeries probeInputs;
    private final List<String> ownWarnings = new ArrayList<>();
    private final int[] probeLabels;
    private volatile List<MetricSeries> metrics;

    private TraceRun(TraceReader reader, RelatedTraces related) throws IOException {
        this.reader = reader;
        this.relatedTraces = related;
        this.related = related.readers();
        TraceManifest m = reader.manifest();
        this.graph = TraceGraphs.toCore(m.graph(), reader.directory().resolve(TraceRunAdapter.MANIFEST));
        List<TensorSeries> list = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        TensorSeries probeSeries = null;
        for (TraceReader r : allReaders()) {
            for (TensorInfo t : r.manifest().tensors()) {
                if (ids.add(t.id())) {
                    list.add(new TraceTensorSeries(r, t));
                }
            }
            ProbeInfo probe = r.manifest().probe();
            if (probeSeries == null && probe != null) {
                probeSeries = r.manifest().array(probe.inputs())
                        .map(a -> (TensorSeries) new ProbeArraySeries(r, a)).orElse(null);
            }
        }
        this.tensors = List.copyOf(list);
        this.probeInputs = probeSeries;
        this.probeLabels = readLabels(m);
        this.metrics = collectMetrics();
    }

    /** Opens the trace in {@code directory}; the IOException names the file that is wrong. */
    public static TraceRun open(Path directory) throws IOException {
        return open(directory, new NullProgressMonitor());
    }

    /**
     * Like {@link #open(Path)}, looking at {@code monitor} before the top trace, for every megabyte
     * of its journal, before its related traces and after them (a related trace is read whole
     * between two looks).
     */
    public static TraceRun open(Path directory, IProgressMonitor monitor) throws IOException {
        checkCanceled(monitor);
        TraceReader reader;
        try {
            reader = TraceReader.open(directory, monitor::isCanceled);
        } catch (java.util.concurrent.CancellationException e) {
            throw new OperationCanceledException(e.getMessage());
        }
        RelatedTraces related = null;
        try {
            checkCanceled(monitor);
            // the main trace still opens: a damaged related trace costs only its tensors
            related = RelatedTraces.open(reader);
            checkCanceled(monitor);
            return new TraceRun(reader, related);
        } catch (IOException | RuntimeException e) {
            reader.close();
            if (related != null) {
                related.close();
            }
            throw e;
        }
    }

    private static void checkCanceled(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }

    private List<TraceReader> allReaders() {
        List<TraceReader> all = new ArrayList<>();
        all.add(reader);
        all.addAll(related);
        return all;
    }

    /** Labels are tiny and asked for without a chance to throw, so they are read at open; failure is a warning. */
    private int[] readLabels(TraceManifest m) {
        if (m.probe() == null || m.probe().labels() == null) {
            return new int[0];
        }
        Optional<ArrayInfo> labels = m.array(m.probe().labels());
        if (labels.isEmpty() || labels.get().dtype() != DType.INT64) {
            return new int[0];
        }
        try {
            long[] values = reader.readArrayLongs(labels.get().id());
            int[] out = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, values[i]));
            }
            return out;
        } catch (IOException e) {
            ownWarnings.add("probe labels unreadable: " + e.getMessage());
            return new int[0];
        }
    }

    private List<MetricSeries> collectMetrics() {
        long[] iterations = reader.iterations();
        List<MetricSeries> out = new ArrayList<>();
        for (MetricInfo info : reader.manifest().metrics()) {
            org.trainscope.trace.TraceMetricSeries stored = reader.metric(info.name());
            int n = Math.min(stored.size(), iterations.length);
            int present = 0;
            for (int r = 0; r < n; r++) {
                present += stored.has(r) ? 1 : 0;
            }
            long[] its = new long[present];
            double[] values = new double[present];
            int k = 0;
            for (int r = 0; r < n; r++) {
                if (stored.has(r)) {
                    its[k] = iterations[r];
                    values[k++] = stored.value(r);
                }
            }
            out.add(new MetricSeries(info.name(), its, values));
        }
        return List.copyOf(out);
    }

    /** The reader underneath, for callers that want the trace's own API (record numbers, raw batches). */
    public TraceReader reader() {
        return reader;
    }

    @Override
    public String name() {
        String n = reader.manifest().name();
        Path file = reader.directory().getFileName();
        return n != null && !n.isBlank() ? n : file == null ? reader.directory().toString() : file.toString();
    }

    @Override
    public Path location() {
        return reader.directory();
    }

    @Override
    public String modelTypeId() {
        return reader.manifest().modelType();
    }

    @Override
    public NetworkGraph graph() {
        return graph;
    }

    @Override
    public List<TensorSeries> tensors() {
        return tensors;
    }

    @Override
    public List<MetricSeries> metrics() {
        return metrics;
    }

    @Override
    public Optional<TensorSeries> probeInputs() {
        return Optional.ofNullable(probeInputs);
    }

    @Override
    public int[] probeLabels() {
        return probeLabels.clone();
    }

    /** Empty when batches are not recorded, the iteration was not recorded, or its row is unreadable (then a warning says why). */
    @Override
    public int[] batchIndices(long iteration) {
        if (reader.manifest().batches() == null) {
            return new int[0];
        }
        int record = reader.recordOf(iteration);
        if (record < 0) {
            return new int[0];
        }
        long[] row = new long[reader.manifest().batches().batchSize()];
        try {
            int count = reader.readBatch(record, row);
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                out[i] = (int) Math.min(Integer.MAX_VALUE, row[i]);
            }
            return out;
        } catch (IOException e) {
            synchronized (ownWarnings) {
                ownWarnings.add("batch of iteration " + iteration + " unreadable: " + e.getMessage());
            }
            return new int[0];
        }
    }

    /** The traces declaring batch inputs (§4.8): the top trace first, then the related ones. */
    private List<TraceReader> batchInputReaders() {
        return allReaders().stream().filter(r -> r.manifest().batchInputs() != null).toList();
    }

    @Override
    public long[] batchInputIterations() {
        java.util.TreeSet<Long> all = new java.util.TreeSet<>();
        for (TraceReader r : batchInputReaders()) {
            all.addAll(java.util.Arrays.stream(r.iterations()).boxed().toList());
        }
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    /** Read from the first trace that recorded the iteration; the indices from that trace's batches, else the top trace's. */
    @Override
    public Optional<BatchInputs> batchInputs(long iteration) throws IOException {
        for (TraceReader r : batchInputReaders()) {
            int record = r.recordOf(iteration);
            if (record < 0) {
                continue;
            }
            BatchInputsInfo info = r.manifest().batchInputs();
            float[] values = new float[info.batchSize() * info.valuesPerSample()];
            long[] labels = info.labels() ? new long[info.batchSize()] : null;
            int count = r.readBatchInputs(record, values, labels);
            int[] shape = new int[info.sampleShape().size() + 1];
            shape[0] = count;
            for (int i = 1; i < shape.length; i++) {
                shape[i] = info.sampleShape().get(i - 1);
            }
            int[] indices = batchIndicesOf(r, record, iteration);
            int[] labelInts = new int[labels == null ? 0 : count];
            for (int i = 0; i < labelInts.length; i++) {
                labelInts[i] = (int) Math.max(-1, Math.min(Integer.MAX_VALUE, labels[i]));
            }
            return Optional.of(new BatchInputs(iteration, shape,
                    java.util.Arrays.copyOf(values, count * info.valuesPerSample()), labelInts,
                    indices.length == count ? indices : new int[0]));
        }
        return Optional.empty();
    }

    private int[] batchIndicesOf(TraceReader r, int record, long iteration) throws IOException {
        if (r.manifest().batches() == null) {
            return batchIndices(iteration);
        }
        long[] row = new long[r.manifest().batches().batchSize()];
        int count = r.readBatch(record, row);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = (int) Math.min(Integer.MAX_VALUE, row[i]);
        }
        return out;
    }

    @Override
    public List<String> warnings() {
        List<String> all = new ArrayList<>(reader.warnings());
        all.addAll(relatedTraces.warnings());
        synchronized (ownWarnings) {
            all.addAll(ownWarnings);
        }
        return List.copyOf(all);
    }

    @Override
    public Optional<String> recordingStatus() {
        return Optional.of(RelatedTraces.worse(reader.status(), relatedTraces.status()).describe());
    }

    @Override
    public Optional<String> firstNonFiniteOrigin() {
        return reader.firstNonFinite()
                .map(origin -> origin.describe() + (origin.noted() ? "" : " (from the per-node counts)"));
    }

    @Override
    public boolean refresh() throws IOException {
        boolean added = reader.refresh();
        if (added) {
            metrics = collectMetrics();
        }
        added |= relatedTraces.refresh();
        return added;
    }

    @Override
    public void close() {
        reader.close();
        relatedTraces.close();
    }

    @Override
    public String toString() {
        return "TraceRun[" + reader.directory() + "]";
    }
}
