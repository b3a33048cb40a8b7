package org.trainscope.algorithms.sampling.provider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.sampling.AxisTicks;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.summary.Anomaly;
import org.trainscope.core.summary.AnomalyFinder;

/**
 * The data provider of the training overview (the Trace Compass pattern, as
 * {@link DynamicsChartProvider}): metrics of one or more runs over iterations as min/max per pixel
 * column, the value and iteration axes, and the runs' anomalies ({@link AnomalyFinder}) with their
 * columns. The overview view, the command line and tests call it and only draw the model
 * ({@link MetricOverviewPainter}). One pass over each metric's points, so ten million points cost
 * about what reading them does; cancellable (also when a run the workbench holds is closed).
 */
public final class MetricOverviewProvider {
    /** Points between two looks at the monitor. */
    private static final int CHECK_EVERY = 1 << 20;

    private final AnomalyFinder finder = new AnomalyFinder();
    /** A run's anomalies, whether its tensors were scanned, and the record count they were found at. */
    private final Map<Run, ScannedAnomalies> scanned = new WeakHashMap<>();

    private record ScannedAnomalies(long records, boolean tensors, List<Anomaly> anomalies) {
    }

    /**
     * @param monitor progress and cancellation (OperationCanceledException); null for none
     * @throws IOException when scanning tensors for NaN/Inf cannot read a record
     */
    public MetricOverviewModel compute(MetricOverviewRequest r, IProgressMonitor monitor) throws IOException {
        IProgressMonitor m = monitor == null ? new NullProgressMonitor() : monitor;
        for (Run run : r.runs()) {
            m = WhileRunOpen.of(m, run);
        }
        SubMonitor progress = SubMonitor.convert(m, "Training overview", 2 * r.runs().size() + 1);
        List<MetricSeries> chosen = new ArrayList<>();
        List<Integer> runOf = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < r.runs().size(); i++) {
            for (String name : r.metrics()) {
                MetricSeries s = r.runs().get(i).metric(name).orElse(null);
                if (s == null || s.size() == 0) {
                    continue;
                }
                // read in place (MetricSeries.iterations() would copy them): ascending, as recorders
                // write them, the ends are the extent
                int n = s.size();
                if (s.iteration(0) <= s.iteration(n - 1) && ascending(s)) {
                    first = Math.min(first, s.iteration(0));
                    last = Math.max(last, s.iteration(n - 1));
                } else {
                    for (int k = 0; k < n; k++) {
                        first = Math.min(first, s.iteration(k));
                        last = Math.max(last, s.iteration(k));
                    }
                }
                chosen.add(s);
                runOf.add(i);
            }
        }
        long from = chosen.isEmpty() ? 0 : Math.max(first, r.fromIteration());
        long to = chosen.isEmpty() ? 0 : Math.min(last, r.toIteration());
        if (to < from) { // a range that misses every point: show it as asked, empty
            from = r.fromIteration();
            to = r.toIteration();
        }
        List<MetricOverviewModel.Series> series = new ArrayList<>();
        for (int k = 0; k < chosen.size(); k++) {
            MetricSeries s = chosen.get(k);
            int runIndex = runOf.get(k);
            MetricOverviewModel.Series columns = columns(runIndex, r.runs().get(runIndex), s, from, to, r.width(),
                    progress);
            if (columns.points() > 0) {
                series.add(columns);
            }
        }
        progress.setWorkRemaining(r.runs().size() + 1);
        List<MetricOverviewModel.MarkedAnomaly> anomalies = new ArrayList<>();
        for (int i = 0; i < r.runs().size(); i++) {
            Run run = r.runs().get(i);
            for (Anomaly a : anomalies(run, r.scanTensors(), progress.split(1))) {
                anomalies.add(new MetricOverviewModel.MarkedAnomaly(i, run, a,
                        MetricOverviewModel.columnOf(a.iteration(), from, to, r.width())));
            }
        }
        double[] off = { Double.NaN, Double.NaN };
        PolylineDensity.YAxis axis = axis(series, r.symlog(), r.clipOutliers(), off);
        return new MetricOverviewModel(r, from, to, chosen.isEmpty() ? from : first, chosen.isEmpty() ? to : last,
                axis, off[0], off[1], series, anomalies, valueTicks(axis, r.height()), iterationTicks(from, to, r.width()));
    }

    /** Whether the iterations ascend (as recorders write them; nothing requires it). */
    private static boolean ascending(MetricSeries s) {
        for (int i = 1; i < s.size(); i++) {
            if (s.iteration(i) < s.iteration(i - 1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * One pass over a metric's points: min, max, first and last finite value and the non-finite
     * kinds per column. Iterations in ascending order (as recorders write them) cost one compare per
     * point to find the column; any order gives the same result. Reads the series in place.
     */
    static MetricOverviewModel.Series columns(int runIndex, Run run, MetricSeries series, long from, long to,
            int width, IProgressMonitor monitor) {
        double[] min = new double[width];
        double[] max = new double[width];
        double[] first = new double[width];
        double[] last = new double[width];
        int[] count = new int[width];
        byte[] nonFinite = new byte[width];
        Arrays.fill(min, Double.NaN);
        Arrays.fill(max, Double.NaN);
        Arrays.fill(first, Double.NaN);
        Arrays.fill(last, Double.NaN);
        int points = 0;
        int column = -1;
        long columnStart = Long.MAX_VALUE; // first iteration of the current column
        long nextStart = Long.MIN_VALUE; // first iteration of the next column
        double lo = 0;
        double hi = 0;
        int size = series.size();
        for (int i = 0; i < size; i++) {
            if ((i & (CHECK_EVERY - 1)) == CHECK_EVERY - 1 && monitor != null && monitor.isCanceled()) {
                throw new OperationCanceledException();
            }
            long it = series.iteration(i);
            if (it < from || it > to) {
                continue;
            }
            points++;
            if (it >= nextStart || it < columnStart) {
                if (column >= 0 && count[column] > 0) {
                    min[column] = lo;
                    max[column] = hi;
                }
                column = MetricOverviewModel.columnOf(it, from, to, width);
                columnStart = MetricOverviewModel.firstOfColumn(column, from, to, width);
                nextStart = MetricOverviewModel.firstOfColumn(column + 1, from, to, width);
                lo = min[column];
                hi = max[column];
            }
            double v = series.value(i);
            if (Double.isFinite(v)) {
                if (count[column]++ == 0) {
                    first[column] = v;
                    lo = v;
                    hi = v;
                } else if (v < lo) {
                    lo = v;
                } else if (v > hi) {
                    hi = v;
                }
                last[column] = v;
            } else {
                nonFinite[column] |= Double.isNaN(v) ? MetricOverviewModel.NAN
                        : v > 0 ? MetricOverviewModel.POSITIVE_INFINITY : MetricOverviewModel.NEGATIVE_INFINITY;
            }
        }
        if (column >= 0 && count[column] > 0) {
            min[column] = lo;
            max[column] = hi;
        }
        return new MetricOverviewModel.Series(runIndex, run, series.name(), points, min, max, first, last, count, nonFinite);
    }

    /**
     * A run's anomalies: the metrics' always, the tensors' too when asked. Remembered per run until
     * it has new records: they do not depend on the range or the size, and finding them (a rolling
     * median over every loss value; every tensor record) costs far more than the columns.
     */
    private List<Anomaly> anomalies(Run run, boolean scanTensors, IProgressMonitor monitor) throws IOException {
        long records = run.tensors().stream().mapToLong(TensorSeries::iterationCount).sum()
                + run.metrics().stream().mapToLong(MetricSeries::size).sum();
        synchronized (scanned) {
            ScannedAnomalies known = scanned.get(run);
            if (known != null && known.records() == records && (known.tensors() || !scanTensors)) {
                return scanTensors || !known.tensors() ? known.anomalies()
                        : known.anomalies().stream().filter(a -> a.subjectKind() != Anomaly.SubjectKind.TENSOR)
                                .toList();
            }
        }
        List<Anomaly> found = scanTensors ? finder.find(run, monitor) : finder.inMetrics(run.metrics());
        synchronized (scanned) {
            scanned.put(run, new ScannedAnomalies(records, scanTensors, List.copyOf(found)));
        }
        return found;
    }

    /** The finite range of every series; see {@link MetricOverviewModel} for the symmetric-log linear zone. */
    static PolylineDensity.YAxis axis(List<MetricOverviewModel.Series> series, boolean symlog, boolean clip,
            double[] off) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double smallest = Double.POSITIVE_INFINITY;
        int filled = 0;
        for (MetricOverviewModel.Series s : series) {
            for (int c = 0; c < s.columns(); c++) {
                filled += s.finiteCount(c) > 0 ? 1 : 0;
            }
        }
        double[] tops = new double[filled];
        double[] bottoms = new double[filled];
        int k = 0;
        for (MetricOverviewModel.Series s : series) {
            for (int c = 0; c < s.columns(); c++) {
                if (s.finiteCount(c) == 0) {
                    continue;
                }
                tops[k] = s.max(c);
                bottoms[k++] = s.min(c);
                lo = Math.min(lo, s.min(c));
                hi = Math.max(hi, s.max(c));
                for (double v : new double[] { s.min(c), s.max(c) }) {
                    if (v != 0) {
                        smallest = Math.min(smallest, Math.abs(v));
                    }
                }
            }
        }
        if (lo > hi) {
            return new PolylineDensity.YAxis(0, 1, symlog);
        }
        if (clip && filled >= 20) {
            Arrays.sort(tops);
            Arrays.sort(bottoms);
            double top = tops[(int) Math.floor(0.95 * (filled - 1))];
            double bottom = bottoms[(int) Math.ceil(0.05 * (filled - 1))];
            double rest = top - bottom;
            if (rest > 0 && hi - top > 10 * rest) {
                off[0] = hi;
                hi = top + rest / 2;
            }
            if (rest > 0 && bottom - lo > 10 * rest) {
                off[1] = lo;
                lo = bottom - rest / 2;
            }
        }
        double largest = Math.max(Math.abs(lo), Math.abs(hi));
        double zone = Double.isFinite(smallest) ? Math.max(smallest, largest * 1e-12) : Double.NaN;
        return PolylineDensity.YAxis.around(lo, hi, symlog, zone);
    }

    private static List<DynamicsChartModel.AxisTick> valueTicks(PolylineDensity.YAxis axis, int h) {
        double[] values = AxisTicks.values(axis, Math.max(2, h / 40));
        double step = values.length > 1 ? values[1] - values[0] : Double.NaN;
        List<DynamicsChartModel.AxisTick> ticks = new ArrayList<>();
        for (double v : values) {
            ticks.add(new DynamicsChartModel.AxisTick((int) Math.round((1 - axis.position(v)) * (h - 1)),
                    axis.symlog() ? AxisTicks.logLabel(v) : AxisTicks.label(v, step)));
        }
        return ticks;
    }

    private static List<DynamicsChartModel.AxisTick> iterationTicks(long from, long to, int width) {
        List<DynamicsChartModel.AxisTick> ticks = new ArrayList<>();
        for (long it : AxisTicks.iterations(from, to, Math.max(2, width / 90))) {
            ticks.add(new DynamicsChartModel.AxisTick(MetricOverviewModel.columnOf(it, from, to, width),
                    Long.toString(it)));
        }
        return ticks;
    }
}
