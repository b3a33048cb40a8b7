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

    /** @return the multiples of {@link #step} in [lo, hi], ascending; just lo for an empty range */
    public static double[] linear(double lo, double hi, int maxTicks) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            return new double[0];
        }
        double step = step(hi - lo, maxTicks);
        if (Double.isNaN(step)) {
            return new double[] { lo };
        }
        List<Double> ticks = new ArrayList<>();
        long first = (long) Math.ceil(lo / step - 1e-9);
        for (long k = first; k * step <= hi + step * 1e-9; k++) {
            // k * step rather than repeated additions: no drift, and 0 is exactly 0
            ticks.add(k * step);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** @return tick values for a value axis, linear or symmetric log, ascending, all within it */
    public static double[] values(PolylineDensity.YAxis axis, int maxTicks) {
        if (!axis.symlog()) {
            return linear(axis.min(), axis.max(), maxTicks);
        }
        // powers of ten (with 2 and 5 between them while they fit), both signs, and zero
        for (double[] mantissas : new double[][] { { 1, 2, 5 }, { 1 } }) {
            for (int everyNth = 1; everyNth <= 8; everyNth *= 2) {
                double[] ticks = logTicks(axis, mantissas, everyNth);
                if (ticks.length <= maxTicks) {
                    return ticks;
                }
            }
        }
        return new double[] { axis.min(), axis.max() };
    }

    private static double[] logTicks(PolylineDensity.YAxis axis, double[] mantissas, int everyNth) {
        double largest = Math.max(Math.abs(axis.min()), Math.abs(axis.max()));
        List<Double> ticks = new ArrayList<>();
        if (axis.min() <= 0 && axis.max() >= 0) {
            ticks.add(0.0);
        }
        if (!(largest > 0) || Double.isInfinite(largest)) {
            return ticks.stream().mapToDouble(Double::doubleValue).toArray();
        }
        int top = (int) Math.floor(Math.log10(largest));
        // down to the linear part of the axis, where powers of ten crowd together
        int bottom = Math.max(top - 12, (int) Math.ceil(Math.log10(axis.linearZone())));
        for (int exponent = top; exponent >= bottom; exponent--) {
            if ((top - exponent) % everyNth != 0) {
                continue;
            }
            for (double mantissa : mantissas) {
                double magnitude = mantissa * Math.pow(10, exponent);
                for (double v : new double[] { magnitude, -magnitude }) {
                    if (v >= axis.min() && v <= axis.max()) {
                        ticks.add(v);
                    }
                }
            }
        }
        return ticks.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
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

    /** A label for a tick of a symmetric-log axis: its own leading digit, nothing more. */
    public static String logLabel(double value) {
        double magnitude = Math.abs(value);
        return label(value, magnitude == 0 ? 1 : Math.pow(10, Math.floor(Math.log10(magnitude))));
    }
}
