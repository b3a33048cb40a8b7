package org.trainscope.algorithms.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a chart puts its axis ticks and what it writes there: round numbers (1, 2 or 5 times a
 * power of ten) rather than the range divided in equal parts, so that a reader can interpolate
 * (0, 0.5, 1.0 rather than -0.1834, 0.4614, 1.11), and labels with just the digits the step needs.
 * A symmetric-log axis gets its ticks at 0 and at powers of ten (times 2 and 5 when few decades
 * are shown). Plain Java, no UI.
 */
public final class AxisTicks {

    private static final double[] MANTISSAS = { 1, 2, 5 };

    private AxisTicks() {
    }

    /**
     * @return the smallest step of the form {1, 2, 5} x 10^k that puts at most {@code maxTicks}
     *         ticks on any span of this length (its multiples in the span: at most
     *         floor(span / step) + 1); NaN for an empty or infinite span
     */
    public static double step(double span, int maxTicks) {
        if (!(span > 0) || Double.isInfinite(span)) {
            return Double.NaN;
        }
        int intervals = Math.max(1, maxTicks - 1);
        double power = Math.pow(10, Math.floor(Math.log10(span / (intervals + 1))));
        for (int decade = 0; decade < 3; decade++, power *= 10) {
            for (double mantissa : MANTISSAS) {
                double step = mantissa * power;
                if (Math.floor(span / step) <= intervals) {
                    return step;
                }
            }
        }
        return power;
    }

    /**
     * @return the multiples of {@link #step} in [lo, hi], ascending; just lo for an empty range. The
     *         step that allows {@code maxTicks} on any span of this length can leave a single one on
     *         this span (20 on [-15, 14] holds only 0: a short chart panel was labelled with nothing
     *         but 0); then the step for one, two or three ticks more is taken, the first that gives two.
     */
    public static double[] linear(double lo, double hi, int maxTicks) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            return new double[0];
        }
        double step = step(hi - lo, maxTicks);
        if (Double.isNaN(step)) {
            return new double[] { lo };
        }
        double[] ticks = multiples(lo, hi, step);
        for (int more = maxTicks + 1; ticks.length < 2 && more <= maxTicks + 3; more++) {
            ticks = multiples(lo, hi, step(hi - lo, more));
        }
        return ticks;
    }

    private static double[] multiples(double lo, double hi, double step) {
        List<Double> ticks = new ArrayList<>();
        long first = (long) Math.ceil(lo / step - 1e-9);
        for (long k = first; k * step <= hi + step * 1e-9; k++) {
            // k * step rather than repeated additions: no drift, and 0 is exactly 0
            ticks.add(k * step);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * @return tick values for a value axis, linear or symmetric log, ascending, all within it; on a
     *         symmetric log axis no two closer than 1/maxTicks of its height
     */
    public static double[] values(PolylineDensity.YAxis axis, int maxTicks) {
        if (!axis.symlog()) {
            return linear(axis.min(), axis.max(), maxTicks);
        }
        return logTicks(axis, maxTicks);
    }

    /**
     * Zero, then powers of ten from the largest down to the linear zone, then 2 and 5 times them,
     * each kept only when it is at least 1/maxTicks of the axis away from every tick kept before:
     * the decades are labelled evenly however many the axis spans (a diverged tensor spans 40), and
     * 2 and 5 fill in only where the decades leave room. An axis within one decade (a loss between
     * 300 and 550) holds fewer than two of these: it gets the linear axis' round numbers instead,
     * which on so short a stretch of the log are as evenly spread.
     */
    private static double[] logTicks(PolylineDensity.YAxis axis, int maxTicks) {
        double largest = Math.max(Math.abs(axis.min()), Math.abs(axis.max()));
        List<Double> candidates = new ArrayList<>();
        candidates.add(0.0);
        if (largest > 0 && !Double.isInfinite(largest)) {
            int top = (int) Math.floor(Math.log10(largest));
            double zone = axis.linearZone();
            int bottom = zone > 0 && Double.isFinite(zone) ? (int) Math.ceil(Math.log10(zone)) : top - 12;
            // the zone may lie above the top decade (all magnitudes within one decade, the smallest
            // of them the zone): the top decade's multiples are candidates all the same
            bottom = Math.min(top, Math.max(bottom, top - 400)); // the float range, at most
            for (double mantissa : MANTISSAS) {
                for (int exponent = top; exponent >= bottom; exponent--) {
                    double magnitude = mantissa * Math.pow(10, exponent);
                    candidates.add(magnitude);
                    candidates.add(-magnitude);
                }
            }
        }
        double gap = 1.0 / Math.max(1, maxTicks);
        List<Double> kept = new ArrayList<>();
        for (double v : candidates) {
            if (!(v >= axis.min() && v <= axis.max())) {
                continue;
            }
            double at = axis.position(v);
            if (kept.stream().allMatch(k -> Math.abs(axis.position(k) - at) >= gap)) {
                kept.add(v);
            }
        }
        if (kept.size() < 2) {
            return spread(linear(axis.min(), axis.max(), maxTicks), axis, gap);
        }
        return kept.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** The ticks, ascending, without those closer than {@code gap} of the axis to the one kept before. */
    private static double[] spread(double[] ticks, PolylineDensity.YAxis axis, double gap) {
        List<Double> kept = new ArrayList<>();
        for (double v : ticks) {
            if (kept.isEmpty() || axis.position(v) - axis.position(kept.get(kept.size() - 1)) >= gap) {
                kept.add(v);
            }
        }
        return kept.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** @return round iteration numbers (multiples of an integer step) in [first, last], ascending */
    public static long[] iterations(long first, long last, int maxTicks) {
        if (last <= first) {
            return new long[] { first };
        }
        long step = Math.max(1, Math.round(step(last - first, maxTicks)));
        long start = Math.floorDiv(first + step - 1, step) * step;
        List<Long> ticks = new ArrayList<>();
        for (long t = start; t <= last; t += step) {
            ticks.add(t);
        }
        return ticks.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * @return {@code value} written with as many decimals as {@code step} needs (a tick label),
     *         in scientific notation for very large or very small magnitudes
     */
    public static String label(double value, double step) {
        double magnitude = Math.abs(value);
        if (value == 0) {
            return "0";
        }
        if (magnitude >= 1e6 || magnitude < 1e-4) {
            return String.format(Locale.ROOT, "%.2g", value);
        }
        int decimals = step > 0 ? (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)) : 2;
        return String.format(Locale.ROOT, "%." + Math.min(decimals, 6) + "f", value);
    }

    /**
     * A label for a tick of a symmetric-log axis: its own digits down to the last non-zero one
     * (2000 and 0.005 for the decades' ticks, 350 and 0.35 for those of an axis within one decade).
     */
    public static String logLabel(double value) {
        double magnitude = Math.abs(value);
        if (magnitude == 0 || !Double.isFinite(magnitude)) {
            return label(value, 1);
        }
        double step = Math.pow(10, Math.floor(Math.log10(magnitude)));
        for (int digits = 1; digits < 6 && Math.abs(value / step - Math.rint(value / step)) > 1e-6; digits++) {
            step /= 10;
        }
        return label(value, step);
    }
}
