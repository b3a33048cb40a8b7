package org.trainscope.algorithms.sampling.provider;

import java.util.List;

import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.core.model.Run;
import org.trainscope.core.summary.Anomaly;

/**
 * What the training overview draws, built by {@link MetricOverviewProvider}; immutable, no SWT.
 * The iterations {@link #from()} to {@link #to()} are spread over {@link #width()} pixel columns
 * ({@link #columnOf}: {@code from} at column 0, {@code to} at the last); each {@link Series}
 * holds, per column, the smallest, largest, first and last finite value recorded there and which
 * non-finite values (NaN, +Inf, -Inf) were, so ten million points draw as one vertical stroke per
 * pixel plus the joins between columns, and a NaN is drawn where it is.
 * <p>
 * The value {@link #axis()} is linear or symmetric-log (the Training Dynamics chart's axis:
 * sign(v)·log10(1 + |v|/z)); on the symmetric-log axis zero and negative values keep their place,
 * and the linear zone z is the smallest non-zero magnitude among the columns' minima and maxima
 * (at least a 10^-12 of the largest), so a positive loss is drawn on a true log scale down to its
 * smallest value. With {@link MetricOverviewRequest#clipOutliers()}, when the top (bottom) 5 % of
 * the columns stretch the finite range more than tenfold beyond the rest, the axis stops at half
 * the rest's range beyond the 95th (5th) percentile of the column maxima (minima); the values past it
 * are drawn at the edge.
 *
 * @param request what was asked
 * @param from the first iteration of column 0
 * @param to the last iteration shown (the last column's)
 * @param recordedFrom the first iteration any chosen metric of the runs has (where zooming out stops)
 * @param recordedTo the last such iteration
 * @param axis the value axis over the finite values of every series in range
 * @param offAbove the largest finite value when clipping left it above the axis (drawn at the top edge); NaN otherwise
 * @param offBelow the smallest finite value when clipping left it below the axis; NaN otherwise
 * @param series one per run and metric that has points in range, runs first, in request order
 * @param anomalies every anomaly of the runs (in range or not), in run order then by iteration
 * @param valueTicks rows from the plot's top, about one per 40 pixels
 * @param iterationTicks columns, about one per 90 pixels
 */
public record MetricOverviewModel(MetricOverviewRequest request, long from, long to, long recordedFrom,
        long recordedTo, PolylineDensity.YAxis axis, double offAbove, double offBelow,
        List<Series> series, List<MarkedAnomaly> anomalies, List<DynamicsChartModel.AxisTick> valueTicks,
        List<DynamicsChartModel.AxisTick> iterationTicks) {

    /** A column holds NaN. */
    public static final byte NAN = 1;
    /** A column holds +Inf. */
    public static final byte POSITIVE_INFINITY = 2;
    /** A column holds -Inf. */
    public static final byte NEGATIVE_INFINITY = 4;

    public MetricOverviewModel {
        series = List.copyOf(series);
        anomalies = List.copyOf(anomalies);
        valueTicks = List.copyOf(valueTicks);
        iterationTicks = List.copyOf(iterationTicks);
    }

    public int width() {
        return request.width();
    }

    public int height() {
        return request.height();
    }

    /** The column of an iteration in [from, to] (rounded to the nearest); -1 outside. */
    public int columnOf(long iteration) {
        return columnOf(iteration, from, to, width());
    }

    /** The mapping shared by the provider and the model: from at 0, to at width - 1, nearest column. */
    static int columnOf(long iteration, long from, long to, int width) {
        if (iteration < from || iteration > to) {
            return -1;
        }
        long span = to - from;
        if (span == 0) {
            return 0;
        }
        // round((it - from) * (width - 1) / span) in integers, exact for any iteration count
        long d = iteration - from;
        return (int) Math.floorDiv(Math.addExact(Math.multiplyExact(d, 2L * (width - 1)), span), 2 * span);
    }

    /** The first iteration that falls in column {@code c} or later (c in [0, width]). */
    static long firstOfColumn(int c, long from, long to, int width) {
        if (c <= 0) {
            return from;
        }
        long span = to - from;
        if (c >= width || span == 0) {
            return to + 1;
        }
        // smallest d with 2 d (width - 1) + span >= 2 c span
        return from + Math.max(0, ceilDiv((2L * c - 1) * span, 2L * (width - 1)));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** The iteration a pointer at column {@code c} stands for (the nearest to the column's centre). */
    public long iterationAt(int c) {
        int column = Math.max(0, Math.min(width() - 1, c));
        if (to == from) {
            return from;
        }
        return from + Math.round(column * (double) (to - from) / (width() - 1));
    }

    /** The pixel row (0 at the top) of a finite value; values off the axis are clamped; MIN_VALUE for NaN/Inf. */
    public int rowOf(double value) {
        double p = axis.position(value);
        if (Double.isNaN(p)) {
            return Integer.MIN_VALUE;
        }
        return (int) Math.round((1 - Math.max(0, Math.min(1, p))) * (height() - 1));
    }

    /** The series of a run and metric, if it has points in range. */
    public java.util.Optional<Series> series(Run run, String metric) {
        return series.stream().filter(s -> s.run() == run && s.metric().equals(metric)).findFirst();
    }

    /**
     * A run's metric over the columns. Columns without a finite point have count 0 and NaN values;
     * {@link #nonFinite} says which non-finite values a column held.
     *
     * @param runIndex the run's place in the request (its colour)
     * @param points how many recorded points fall in range, finite or not
     */
    public record Series(int runIndex, Run run, String metric, int points, double[] min, double[] max,
            double[] first, double[] last, int[] finiteCount, byte[] nonFinite) {

        public Series {
            min = min.clone();
            max = max.clone();
            first = first.clone();
            last = last.clone();
            finiteCount = finiteCount.clone();
            nonFinite = nonFinite.clone();
        }

        public double min(int c) {
            return min[c];
        }

        public double max(int c) {
            return max[c];
        }

        public double first(int c) {
            return first[c];
        }

        public double last(int c) {
            return last[c];
        }

        public int finiteCount(int c) {
            return finiteCount[c];
        }

        /** {@link MetricOverviewModel#NAN}, {@link MetricOverviewModel#POSITIVE_INFINITY}, ... or-ed; 0 for none. */
        public byte nonFinite(int c) {
            return nonFinite[c];
        }

        public int columns() {
            return min.length;
        }

        /** The first column holding NaN or ±Inf; -1 when none does. */
        public int firstNonFiniteColumn() {
            for (int c = 0; c < nonFinite.length; c++) {
                if (nonFinite[c] != 0) {
                    return c;
                }
            }
            return -1;
        }

        // arrays stay private to the record: accessors above, no array getters
        @Override
        public double[] min() {
            return min.clone();
        }

        @Override
        public double[] max() {
            return max.clone();
        }

        @Override
        public double[] first() {
            return first.clone();
        }

        @Override
        public double[] last() {
            return last.clone();
        }

        @Override
        public int[] finiteCount() {
            return finiteCount.clone();
        }

        @Override
        public byte[] nonFinite() {
            return nonFinite.clone();
        }
    }

    /**
     * An anomaly of a run with its place on the chart.
     *
     * @param runIndex the run's place in the request
     * @param column the column of its iteration; -1 when out of the shown range
     */
    public record MarkedAnomaly(int runIndex, Run run, Anomaly anomaly, int column) {
    }
}
