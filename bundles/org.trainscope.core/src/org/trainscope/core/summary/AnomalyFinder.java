package org.trainscope.core.summary;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;

/**
 * Finds the {@link Anomaly anomalies} of a run. Plain, deterministic (the same run gives the same
 * list, in the same order), cancellable. NaN and infinities are data: they are found, never
 * skipped silently, and they never make a spike or a plateau.
 * <p>
 * The criteria (docs/algorithms/anomalies.md):
 * <ul>
 * <li><b>first NaN/Inf</b> of every metric, of every recorded tensor (the first record that holds
 * one, with how many) and of every node whose per-node NaN/Inf count (trace format §7.1) turns
 * positive;</li>
 * <li>for <b>loss metrics</b> (the name contains "loss"), on the log of the loss when every finite
 * value is positive, on the value otherwise:
 * <ul>
 * <li><b>spike</b>: a value whose robust z-score against the previous {@value #WINDOW} finite values
 * (median, scale 1.4826 × MAD, at least {@value #SPIKE_FLOOR} so a flat window does not make every
 * wiggle a spike) exceeds {@value #SPIKE_Z}; at least {@value #MIN_HISTORY} earlier finite values are
 * needed; consecutive spiking records are one spike, reported at its peak;</li>
 * <li><b>plateau</b>: at least {@value #PLATEAU_RECORDS} consecutive finite records (and at least 1 % of
 * the series' records: a run recorded at every one of 6,000 iterations descends by less than 1 % in
 * any 20 of them without stalling) whose running median
 * (of up to {@value #PLATEAU_SMOOTHING} finite values centred on each) stays within a band of
 * {@value #PLATEAU_BAND} (about 1 % of the loss on the log scale); a NaN ends the stretch. The median,
 * because a minibatch loss scatters by a few % around the level of a training that is stuck (the
 * batches' class mix differs): on the raw values the stalled demo CNN, at ln 10 ± 1.5 %, is never
 * one; the window is about half a plateau's least length, so a trend still breaks the band;</li>
 * <li><b>divergence</b> (log scale only): the median of the last {@value #WINDOW} finite values rises
 * more than ln 2 above the lowest such median seen before: the loss doubled from its best
 * level; reported once, where it first holds.</li>
 * </ul>
 * </li>
 * </ul>
 */
public final class AnomalyFinder {
    static final int WINDOW = 20;
    static final int MIN_HISTORY = 8;
    static final double SPIKE_Z = 6.0;
    static final double SPIKE_FLOOR = 0.05;
    static final int PLATEAU_RECORDS = 20;
    static final double PLATEAU_BAND = 0.01;
    static final int PLATEAU_SMOOTHING = 9;
    private static final double MAD_TO_SIGMA = 1.4826;
    private static final double LN2 = Math.log(2);
    /** Records scanned together for non-finite values: the scan stops after the window of the first. */
    static final int SCANNED_RECORDS = 8;

    /** Every anomaly of the run; reads every record of every tensor once (cancellable). */
    public List<Anomaly> find(Run run, IProgressMonitor monitor) throws IOException {
        List<TensorSeries> tensors = run.tensors();
        SubMonitor progress = SubMonitor.convert(monitor, "Looking for anomalies in " + run.name(),
                1 + tensors.size());
        List<Anomaly> found = new ArrayList<>(inMetrics(run.metrics()));
        progress.worked(1);
        for (TensorSeries t : tensors) {
            progress.subTask(t.id());
            firstNonFinite(t, progress.split(1)).ifPresent(found::add);
        }
        return sorted(found);
    }

    /** The anomalies of the metrics only: cheap, no tensor data is read. */
    public List<Anomaly> inMetrics(List<MetricSeries> metrics) {
        List<Anomaly> found = new ArrayList<>();
        for (MetricSeries m : metrics) {
            if (MetricSeries.isPerNodeNonFiniteCount(m.name())) {
                firstPositiveCount(m).ifPresent(found::add);
                continue;
            }
            firstNonFinite(m).ifPresent(found::add);
            if (isLoss(m.name())) {
                found.addAll(inLoss(m));
            }
        }
        return sorted(found);
    }

    /** True for the metrics spikes, plateaus and divergence are looked for in. */
    public static boolean isLoss(String metric) {
        return metric.toLowerCase(Locale.ROOT).contains("loss");
    }

    /** "loss turns NaN at iteration 32". */
    public Optional<Anomaly> firstNonFinite(MetricSeries m) {
        long[] its = m.iterations();
        double[] v = m.values();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                return Optional.of(new Anomaly(AnomalyKind.NON_FINITE_METRIC, Anomaly.SubjectKind.METRIC, m.name(),
                        its[i], v[i], m.name() + " turns " + nonFiniteWord(v[i]) + " at iteration " + its[i]));
            }
        }
        return Optional.empty();
    }

    /**
     * The first record of {@code t} that holds NaN or infinite values. Read a few records at a time
     * ({@link #SCANNED_RECORDS}), each window in record tiles as the trace stores them, so that the
     * heap it takes does not grow with the tensor (it read whole records: 240 MB for one of a
     * 60 M-neuron tensor, more than the heap for a big enough one) and the scan still stops after
     * the window of the first failure.
     */
    public Optional<Anomaly> firstNonFinite(TensorSeries t, IProgressMonitor monitor) throws IOException {
        long[] its = t.iterations();
        SubMonitor progress = SubMonitor.convert(monitor, its.length);
        long[] nan = new long[SCANNED_RECORDS];
        long[] inf = new long[SCANNED_RECORDS];
        for (int from = 0; from < its.length; from += SCANNED_RECORDS) {
            int to = Math.min(its.length, from + SCANNED_RECORDS);
            int window = from;
            Arrays.fill(nan, 0);
            Arrays.fill(inf, 0);
            t.scanRecordTiles(from, to, (firstNeuron, neuronCount, firstRecord, recordCount, values, stride) -> {
                if (progress.isCanceled()) {
                    throw new OperationCanceledException();
                }
                for (int i = 0; i < recordCount; i++) {
                    int at = firstRecord + i - window;
                    int base = i * stride;
                    for (int k = 0; k < neuronCount; k++) {
                        float x = values[base + k];
                        if (x != x) {
                            nan[at]++;
                        } else if (Float.isInfinite(x)) {
                            inf[at]++;
                        }
                    }
                }
            });
            for (int r = from; r < to; r++) {
                long n = nan[r - from];
                long i = inf[r - from];
                if (n + i > 0) {
                    String what = n > 0 && i > 0 ? n + " NaN and " + i + " infinite" : n > 0 ? n + " NaN" : i + " infinite";
                    return Optional.of(new Anomaly(AnomalyKind.NON_FINITE_TENSOR, Anomaly.SubjectKind.TENSOR, t.id(),
                            its[r], n + i, t.id() + " (" + t.kind().externalName() + ") has " + what + " of "
                                    + t.neuronCount() + " values at iteration " + its[r] + ", its first record with any"));
                }
            }
            progress.worked(to - from);
        }
        return Optional.empty();
    }

    /** "nonfinite.forward.fc1": the first iteration where the recorder counted NaN/Inf in fc1's output. */
    private static Optional<Anomaly> firstPositiveCount(MetricSeries m) {
        boolean forward = m.name().startsWith("nonfinite.forward.");
        String node = m.name().substring((forward ? "nonfinite.forward." : "nonfinite.backward.").length());
        long[] its = m.iterations();
        double[] v = m.values();
        for (int i = 0; i < v.length; i++) {
            if (v[i] > 0 || Double.isNaN(v[i])) {
                return Optional.of(new Anomaly(AnomalyKind.NON_FINITE_NODE, Anomaly.SubjectKind.NODE, node, its[i],
                        v[i], (forward ? "the output of " : "the gradient of ") + node + " first holds NaN/Inf at iteration "
                                + its[i] + (Double.isNaN(v[i]) ? "" : " (" + Math.round(v[i]) + " values)")));
            }
        }
        return Optional.empty();
    }

    /** Spikes, plateaus and divergence of one loss series. */
    List<Anomaly> inLoss(MetricSeries m) {
        long[] its = m.iterations();
        double[] v = m.values();
        boolean logScale = Arrays.stream(v).filter(Double::isFinite).allMatch(x -> x > 0);
        double[] y = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            y[i] = !Double.isFinite(v[i]) ? Double.NaN : logScale ? Math.log(v[i]) : v[i];
        }
        List<Anomaly> found = new ArrayList<>();
        spikes(m.name(), its, v, y, logScale, found);
        plateaus(m.name(), its, v, y, logScale, found);
        if (logScale) {
            divergence(m.name(), its, v, y).ifPresent(found::add);
        }
        return found;
    }

    private static void spikes(String name, long[] its, double[] v, double[] y, boolean logScale, List<Anomaly> out) {
        int peak = -1;
        double peakZ = 0;
        double peakMedian = 0;
        SlidingWindow window = new SlidingWindow(WINDOW); // the finite values before i
        for (int i = 0; i < y.length; i++) {
            double z = Double.NaN;
            double median = Double.NaN;
            if (!Double.isNaN(y[i]) && window.size() >= MIN_HISTORY) {
                median = window.median();
                double mad = window.medianAbsoluteDeviation(median);
                double floor = logScale ? SPIKE_FLOOR : SPIKE_FLOOR * Math.max(Math.abs(median), 1e-12);
                z = (y[i] - median) / Math.max(MAD_TO_SIGMA * mad, floor);
            }
            if (!Double.isNaN(y[i])) {
                window.add(y[i]);
            }
            if (z > SPIKE_Z) {
                if (peak < 0 || z > peakZ) {
                    peak = i;
                    peakZ = z;
                    peakMedian = median;
                }
            } else if (peak >= 0 && !Double.isNaN(y[i])) {
                out.add(spike(name, its, v, peak, peakZ, peakMedian, logScale));
                peak = -1;
            }
        }
        if (peak >= 0) {
            out.add(spike(name, its, v, peak, peakZ, peakMedian, logScale));
        }
    }

    private static Anomaly spike(String name, long[] its, double[] v, int i, double z, double median, boolean logScale) {
        double typical = logScale ? Math.exp(median) : median;
        return new Anomaly(AnomalyKind.SPIKE, Anomaly.SubjectKind.METRIC, name, its[i], v[i], String.format(Locale.ROOT,
                "%s spikes to %.4g at iteration %d (robust z %.1f against the previous %d values, median %.4g)", name,
                v[i], its[i], z, WINDOW, typical));
    }

    /** The least length of a plateau in a series of {@code records} records. */
    static int plateauRecords(int records) {
        return Math.max(PLATEAU_RECORDS, records / 100);
    }

    private static void plateaus(String name, long[] its, double[] v, double[] raw, boolean logScale, List<Anomaly> out) {
        double[] y = runningMedian(raw, PLATEAU_SMOOTHING);
        int least = plateauRecords(y.length);
        int start = 0;
        while (start < y.length) {
            if (Double.isNaN(y[start])) {
                start++;
                continue;
            }
            double lo = y[start];
            double hi = y[start];
            double band = logScale ? PLATEAU_BAND : PLATEAU_BAND * Math.max(Math.abs(y[start]), 1e-12);
            int end = start + 1;
            while (end < y.length && !Double.isNaN(y[end]) && Math.max(hi, y[end]) - Math.min(lo, y[end]) <= band) {
                lo = Math.min(lo, y[end]);
                hi = Math.max(hi, y[end]);
                end++;
            }
            if (end - start >= least) {
                double level = logScale ? Math.exp((lo + hi) / 2) : (lo + hi) / 2;
                out.add(new Anomaly(AnomalyKind.PLATEAU, Anomaly.SubjectKind.METRIC, name, its[start], level,
                        String.format(Locale.ROOT, "%s stays at %.4g (running median of %d within %s) from iteration %d "
                                + "to %d (%d records)",
                                name, level, PLATEAU_SMOOTHING, logScale ? "1 %" : "1 % of its value", its[start], its[end - 1],
                                end - start)));
                start = end;
            } else {
                start++;
            }
        }
    }

    private static Optional<Anomaly> divergence(String name, long[] its, double[] v, double[] y) {
        double best = Double.POSITIVE_INFINITY;
        long bestAt = -1;
        SlidingWindow window = new SlidingWindow(WINDOW); // the finite values up to i
        for (int i = 0; i < y.length; i++) {
            if (Double.isNaN(y[i])) {
                continue;
            }
            window.add(y[i]);
            if (window.size() < WINDOW) {
                continue;
            }
            double median = window.median();
            if (median - best > LN2) {
                return Optional.of(new Anomaly(AnomalyKind.DIVERGENCE, Anomaly.SubjectKind.METRIC, name, its[i], v[i],
                        String.format(Locale.ROOT, "%s diverges: from iteration %d its median over %d values is %.1f× "
                                + "its best level (%.4g around iteration %d)", name, its[i], WINDOW,
                                Math.exp(median - best), Math.exp(best), bestAt)));
            }
            if (median < best) {
                best = median;
                bestAt = its[i];
            }
        }
        return Optional.empty();
    }

    /**
     * The median of the non-NaN values among the {@code window} records centred on each record
     * (fewer at the ends); a NaN record stays NaN, so it still ends a plateau.
     */
    private static double[] runningMedian(double[] y, int window) {
        double[] out = new double[y.length];
        int half = window / 2;
        SlidingWindow near = new SlidingWindow(window); // the non-NaN values of [i - half, i + half]
        int added = 0;
        int removed = 0;
        for (int i = 0; i < y.length; i++) {
            for (; removed < i - half; removed++) {
                if (!Double.isNaN(y[removed])) {
                    near.removeOldest();
                }
            }
            for (; added < Math.min(y.length, i + half + 1); added++) {
                if (!Double.isNaN(y[added])) {
                    near.add(y[added]);
                }
            }
            out[i] = Double.isNaN(y[i]) ? Double.NaN : near.median();
        }
        return out;
    }

    private static String nonFiniteWord(double v) {
        return Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
    }

    /** By iteration, then kind, then subject: the order people read a run's history in. */
    private static List<Anomaly> sorted(List<Anomaly> anomalies) {
        return anomalies.stream().sorted(Comparator.comparingLong(Anomaly::iteration)
                .thenComparing(Anomaly::kind).thenComparing(Anomaly::subject)).toList();
    }
}
