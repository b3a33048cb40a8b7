package org.trainscope.core.snapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The abnormality score of a node at the current iteration (docs/algorithms/snapshot.md): how far
 * the values flowing through it have <em>grown</em> beyond their own recent history. For each of
 * the node's tensors, at its current record:
 * <ul>
 * <li>non-finite values among those read: {@code NON_FINITE * (1 + fraction)}, so any node with
 * NaN/Inf ranks above every node whose values are merely large;</li>
 * <li>otherwise the robust z-score of the current record against the tensor's own earlier records
 * in the window, for two measures on a log10 scale, the mean |value| and the spread (q95 - q05):
 * {@code z = (x - median) / max(1.4826 * MAD, FLOOR)}; the larger of the two, capped at
 * {@code MAX_Z}, and 0 when both shrank. Logs, because exploding values grow by factors; the
 * median and MAD, because the history may itself hold a spike; the floor, because weights change
 * so slowly that their MAD is near 0 and any wobble would otherwise look infinite. Only growth
 * counts: gradients normally shrink as training settles (scoring that would mark healthy layers),
 * and a layer that dies is the Run Summary's dead-unit anomaly. Records whose measure is exactly 0
 * (biases before the first step) carry no scale and are left out of the history.</li>
 * </ul>
 * The node's score is the largest of its tensors'. With fewer than {@link #MIN_HISTORY} earlier
 * records in the window there is nothing to compare with: the score is 0 unless values are non-finite.
 */
public final class AbnormalityScore {
    /** The smallest robust scale, in decades: a change of 0.1 decade (×1.26) is z = 1. */
    public static final double FLOOR = 0.1;
    /** The largest score a finite change gets. */
    public static final double MAX_Z = 50;
    /** The base score of non-finite values (always above {@link #MAX_Z}). */
    public static final double NON_FINITE = 100;
    /** The fewest earlier records a z-score is computed from: one record says nothing about the usual variation. */
    public static final int MIN_HISTORY = 2;
    /** A node scoring less is not marked, whatever its rank: three robust standard deviations. */
    public static final double MARK_THRESHOLD = 3;

    private AbnormalityScore() {
    }

    /** The score of one tensor's series at its current record. */
    public static Abnormality of(FlowSeries s) {
        if (s.current() < 0) {
            return Abnormality.NONE;
        }
        RecordStats now = s.stats().get(s.current());
        if (now.nonFiniteCount() > 0) {
            double f = now.nonFiniteFraction();
            return new Abnormality(NON_FINITE * (1 + f), s.tensorId(),
                    String.format(Locale.ROOT, "%.1f %% of its values are NaN or ±Inf (%d NaN, %d Inf)", 100 * f,
                            now.nanCount(), now.infCount()),
                    Double.POSITIVE_INFINITY);
        }
        List<RecordStats> history = s.stats().subList(0, s.current());
        Measure magnitude = measure(history, now, RecordStats::meanAbs);
        Measure spread = measure(history, now, RecordStats::spread);
        if (magnitude == null && spread == null) {
            return new Abnormality(0, s.tensorId(), "fewer than " + MIN_HISTORY + " earlier records in the window to compare with", Double.NaN);
        }
        Measure worst = spread == null || magnitude != null && magnitude.z >= spread.z ? magnitude : spread;
        String what = worst == magnitude ? "mean |value|" : "spread (q95 − q05)";
        double growth = magnitude == null ? Double.NaN : magnitude.ratio;
        return new Abnormality(Math.max(0, worst.z), s.tensorId(), String.format(Locale.ROOT,
                "%s ×%.3g against its earlier median, z = %.1f", what, worst.ratio, worst.z), growth);
    }

    /** The node's score: its most abnormal tensor's. */
    public static Abnormality ofNode(List<FlowSeries> series) {
        Abnormality best = Abnormality.NONE;
        for (FlowSeries s : series) {
            Abnormality a = of(s);
            if (a.score() > best.score() || best.tensorId().isEmpty() && !a.tensorId().isEmpty()) {
                best = a;
            }
        }
        return best;
    }

    private record Measure(double z, double ratio) {
    }

    /**
     * The robust z-score of log10 of the current record's {@code measure} against log10 of the
     * history's; null when fewer than {@link #MIN_HISTORY} earlier records have a positive, finite measure.
     */
    private static Measure measure(List<RecordStats> history, RecordStats now, ToDoubleFunction<RecordStats> measure) {
        List<Double> logs = new ArrayList<>();
        for (RecordStats h : history) {
            double v = measure.applyAsDouble(h);
            if (v > 0 && Double.isFinite(v)) {
                logs.add(Math.log10(v));
            }
        }
        double current = measure.applyAsDouble(now);
        if (logs.size() < MIN_HISTORY || !Double.isFinite(current) || current < 0) {
            return null;
        }
        double[] x = logs.stream().mapToDouble(Double::doubleValue).toArray();
        double median = median(x);
        double[] dev = Arrays.stream(x).map(v -> Math.abs(v - median)).toArray();
        double scale = Math.max(1.4826 * median(dev), FLOOR);
        if (current == 0) {
            return new Measure(0, 0); // nothing left to grow: not an explosion
        }
        double z = (Math.log10(current) - median) / scale;
        return new Measure(Math.max(-MAX_Z, Math.min(MAX_Z, z)), Math.pow(10, Math.log10(current) - median));
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
