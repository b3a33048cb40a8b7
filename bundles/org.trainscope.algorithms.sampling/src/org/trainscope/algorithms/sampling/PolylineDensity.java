package org.trainscope.algorithms.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

/**
 * The context of a sample: how many of ALL polylines pass through each pixel of a chart, so the
 * view can draw a density image under the few sampled lines. Reads the source once in blocks,
 * on all cores, each worker with its own count buffer (merged at the end), so nothing but the
 * counts is ever held. Also finds the value range and where values stop being finite.
 */
public final class PolylineDensity {
    private static final int BLOCK = 2048;

    /** The finite value range of the polylines, and where non-finite values start. */
    public record Scan(double min, double max, int nonFinitePolylines, int[] firstNonFinitePerPoint,
            long[] magnitudes) {
        /** True when no finite value was seen. */
        public boolean empty() {
            return min > max;
        }

        /**
         * @return a magnitude (a power of two) below which a fraction {@code q} of the finite
         *         non-zero values lie, from the histogram of their binary exponents; NaN if there
         *         are none. Where a symmetric-log axis stops being linear.
         */
        public double magnitudeQuantile(double q) {
            long total = 0;
            for (long count : magnitudes) {
                total += count;
            }
            if (total == 0) {
                return Double.NaN;
            }
            long seen = 0;
            for (int bin = 0; bin < magnitudes.length; bin++) {
                seen += magnitudes[bin];
                if (seen >= q * total) {
                    return Math.scalb(1.0, bin - EXPONENT_OFFSET + 1);
                }
            }
            return Math.scalb(1.0, magnitudes.length - EXPONENT_OFFSET);
        }
    }

    /** Bin of a float's binary exponent in {@link Scan#magnitudes}: -127 (subnormal) .. 127. */
    private static final int EXPONENT_OFFSET = 127;

    /**
     * Maps a value to a chart row: linear, or symmetric log for values spanning decades, linear
     * within ±{@code linearZone} (where the log of ever smaller noise would take the whole chart).
     */
    public record YAxis(double min, double max, boolean symlog, double linearZone) {

        /** An axis whose log part, if any, starts at a thousandth of the largest magnitude. */
        public YAxis(double min, double max, boolean symlog) {
            this(min, max, symlog, Double.NaN);
        }

        /**
         * The axis over a finite range {@code [lo, hi]}; for a constant ({@code lo == hi}, a layer of
         * dead ReLUs at 0) a band around it, so that its line is drawn mid-height with ticks on both
         * sides rather than along the chart's bottom edge; {@code [0, 1]} for an empty range.
         */
        public static YAxis around(double lo, double hi, boolean symlog, double linearZone) {
            if (!(lo <= hi)) {
                return new YAxis(0, 1, symlog, linearZone);
            }
            if (lo == hi) {
                double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
                return new YAxis(lo - pad, hi + pad, symlog, linearZone);
            }
            return new YAxis(lo, hi, symlog, linearZone);
        }

        public YAxis {
            double largest = Math.max(Math.abs(min), Math.abs(max));
            double fallback = largest > 0 && Double.isFinite(largest) ? largest / 1000 : 1e-12;
            if (!(linearZone > 0) || Double.isInfinite(linearZone)) {
                linearZone = fallback;
            }
        }

        /** Fraction of the height from the bottom, in [0, 1] for values in range; NaN for non-finite. */
        public double position(double v) {
            if (!Double.isFinite(v)) {
                return Double.NaN;
            }
            double lo = t(min);
            double hi = t(max);
            return hi > lo ? (t(v) - lo) / (hi - lo) : 0.5;
        }

        /** Inverse of {@link #position}, for axis labels and tooltips. */
        public double value(double position) {
            double lo = t(min);
            double hi = t(max);
            double tv = lo + position * (hi - lo);
            return symlog ? Math.signum(tv) * (Math.pow(10, Math.abs(tv)) - 1) * linearZone : tv;
        }

        /** The axis' own coordinate of a value: the value, or its symmetric log. */
        public double t(double v) {
            return symlog ? Math.signum(v) * Math.log10(1 + Math.abs(v) / linearZone) : v;
        }
    }

    private PolylineDensity() {
    }

    /** One pass: finite min/max and, per point, how many polylines turn non-finite there. */
    public static Scan scan(PolylineSource source, IProgressMonitor monitor) {
        int n = source.polylineCount();
        int len = source.length();
        int[] firstBad = new int[len];
        double[] mm = { Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY };
        long[] magnitudes = new long[2 * EXPONENT_OFFSET + 1];
        AtomicInteger bad = new AtomicInteger();
        forBlocks(n, monitor, (first, count, rows) -> {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            int[] localBad = new int[len];
            long[] localMagnitudes = new long[magnitudes.length];
            source.read(first, count, rows);
            for (int i = 0; i < count; i++) {
                int base = i * len;
                boolean marked = false;
                for (int j = 0; j < len; j++) {
                    float v = rows[base + j];
                    if (Float.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                        if (v != 0) {
                            localMagnitudes[Math.getExponent(v) + EXPONENT_OFFSET]++;
                        }
                    } else if (!marked) {
                        // only the first non-finite point of a polyline is a marker
                        localBad[j]++;
                        bad.incrementAndGet();
                        marked = true;
                    }
                }
            }
            synchronized (mm) {
                mm[0] = Math.min(mm[0], lo);
                mm[1] = Math.max(mm[1], hi);
                for (int j = 0; j < len; j++) {
                    firstBad[j] += localBad[j];
                }
                for (int b = 0; b < magnitudes.length; b++) {
                    magnitudes[b] += localMagnitudes[b];
                }
            }
        }, len);
        return new Scan(mm[0], mm[1], bad.get(), firstBad, magnitudes);
    }

    /**
     * Counts, for each pixel of a {@code width x height} chart (row 0 at the top), the polylines
     * passing through it. Points are spread evenly over the width; segments touching a
     * non-finite value are left out (the view marks those points instead).
     */
    public static int[] density(PolylineSource source, YAxis axis, int width, int height, IProgressMonitor monitor) {
        int len = source.length();
        double xStep = len > 1 ? (width - 1) / (double) (len - 1) : 0;
        int[] columns = ColumnRaster.columns(len, xStep);
        if (height < 1 || !ColumnRaster.applies(columns, width)) {
            return densityByPolyline(source, axis, width, height, xStep, monitor);
        }
        // one column raster per worker; toRows' rows are always on the chart, so it always applies
        List<ColumnRaster> rasters = new ArrayList<>();
        ThreadLocal<ColumnRaster> local = ThreadLocal.withInitial(() -> {
            ColumnRaster raster = new ColumnRaster(columns, width, height);
            synchronized (rasters) {
                rasters.add(raster);
            }
            return raster;
        });
        ThreadLocal<int[]> blockRows = ThreadLocal.withInitial(() -> new int[BLOCK * len]);
        forBlocks(source.polylineCount(), monitor, (first, count, rows) -> {
            source.read(first, count, rows);
            // point-major (ys[j * count + i]), so a segment of the whole block is read in one run
            int[] ys = blockRows.get();
            toRowsTransposed(rows, count, len, axis, height, ys);
            local.get().add(ys, count, 1, count, null);
        }, len);
        int[] total = new int[width * height];
        synchronized (rasters) {
            for (int k = 1; k < rasters.size(); k++) {
                rasters.get(0).merge(rasters.get(k));
            }
            if (!rasters.isEmpty()) {
                rasters.get(0).addTo(total);
            }
        }
        return total;
    }

    /** The general path, for charts narrower than the polylines: each polyline on its own. */
    private static int[] densityByPolyline(PolylineSource source, YAxis axis, int width, int height, double xStep,
            IProgressMonitor monitor) {
        int len = source.length();
        List<int[]> buffers = new ArrayList<>();
        ThreadLocal<int[]> local = ThreadLocal.withInitial(() -> {
            int[] b = new int[width * height];
            synchronized (buffers) {
                buffers.add(b);
            }
            return b;
        });
        forBlocks(source.polylineCount(), monitor, (first, count, rows) -> {
            source.read(first, count, rows);
            int[] counts = local.get();
            int[] ys = new int[len];
            for (int i = 0; i < count; i++) {
                toRows(rows, i * len, len, axis, height, ys);
                rasterise(ys, xStep, width, height, counts);
            }
        }, len);
        int[] total = new int[width * height];
        synchronized (buffers) {
            for (int[] b : buffers) {
                for (int p = 0; p < total.length; p++) {
                    total[p] += b[p];
                }
            }
        }
        return total;
    }

    /** {@link #toRows} of a block of {@code count} polylines, written point-major. */
    private static void toRowsTransposed(float[] rows, int count, int len, YAxis axis, int height, int[] ys) {
        double lo = axis.t(axis.min);
        double hi = axis.t(axis.max);
        for (int i = 0; i < count; i++) {
            int base = i * len;
            for (int j = 0; j < len; j++) {
                ys[j * count + i] = row(rows[base + j], axis, lo, hi, height);
            }
        }
    }

    /** Chart rows of one polyline's points; Integer.MIN_VALUE marks a non-finite point. */
    public static void toRows(float[] rows, int offset, int len, YAxis axis, int height, int[] ys) {
        double lo = axis.t(axis.min);
        double hi = axis.t(axis.max);
        for (int j = 0; j < len; j++) {
            ys[j] = row(rows[offset + j], axis, lo, hi, height);
        }
    }

    /** The chart row of one value (row 0 at the top), Integer.MIN_VALUE for a non-finite one: as {@link #toRows}. */
    public static int row(float v, YAxis axis, int height) {
        return row(v, axis, axis.t(axis.min), axis.t(axis.max), height);
    }

    /**
     * The chart row of one value: {@link YAxis#position} with {@code t(min)} and {@code t(max)}
     * computed once per call rather than per value (the same double arithmetic, so the same row).
     */
    private static int row(float v, YAxis axis, double lo, double hi, int height) {
        double p = !Float.isFinite(v) ? Double.NaN : hi > lo ? (axis.t(v) - lo) / (hi - lo) : 0.5;
        return Double.isNaN(p) ? Integer.MIN_VALUE : (int) Math.round((1 - Math.max(0, Math.min(1, p))) * (height - 1));
    }

    /**
     * Draws one polyline into {@code counts}: each column a segment covers gets the vertical span
     * the segment crosses there, so steep segments stay connected. A segment leaves its last
     * column to the next segment, so a polyline counts about once per pixel.
     */
    public static void rasterise(int[] ys, double xStep, int width, int height, int[] counts) {
        rasterise(ys, xStep, width, height, counts, null, 0);
    }

    /**
     * As {@link #rasterise(int[], double, int, int, int[])}, but a pixel is counted at most once
     * per {@code id}: {@code stamp} remembers which id touched each pixel last (for drawing many
     * lines with one buffer and no per-line allocation).
     */
    public static void rasterise(int[] ys, double xStep, int width, int height, int[] counts, int[] stamp, int id) {
        for (int j = 0; j + 1 < ys.length; j++) {
            int y0 = ys[j];
            int y1 = ys[j + 1];
            if (y0 == Integer.MIN_VALUE || y1 == Integer.MIN_VALUE) {
                continue;
            }
            boolean last = j + 2 >= ys.length || ys[j + 2] == Integer.MIN_VALUE;
            segment(j, y0, y1, last, xStep, width, height, counts, stamp, id, 1);
        }
    }

    /**
     * Adds {@code weight} to every pixel that segment {@code j} (point j at row {@code y0} to point
     * j + 1 at row {@code y1}) of a polyline covers, as {@link #rasterise(int[], double, int, int, int[])}
     * draws it: the same pixels, so {@code weight} polylines with these two rows there count as they
     * would one by one. {@code last}: no finite point follows, so the segment keeps its end column.
     */
    public static void rasteriseSegment(int j, int y0, int y1, boolean last, double xStep, int width, int height,
            int[] counts, int weight) {
        segment(j, y0, y1, last, xStep, width, height, counts, null, 0, weight);
    }

    private static void segment(int j, int y0, int y1, boolean last, double xStep, int width, int height, int[] counts,
            int[] stamp, int id, int weight) {
        int x0 = (int) Math.round(j * xStep);
        int x1 = (int) Math.round((j + 1) * xStep);
        int xEnd = Math.min(last || x1 == x0 ? x1 : x1 - 1, width - 1);
        if (x1 == x0) {
            if (x0 <= xEnd) {
                // a zero-width segment covers one pixel at its end row
                span(x0, y1, y1, width, height, counts, stamp, id, weight);
            }
            return;
        }
        // The row at column x is round(y0 + (y1 - y0) * (x - x0) / m), m = x1 - x0, which is
        // exactly y0 + floor((2 (y1 - y0) (x - x0) + m) / 2m): kept as quotient q and
        // remainder r and stepped by whole columns, so the loop has no division and draws
        // the same pixels as the per-column formula.
        int m = x1 - x0;
        int denominator = 2 * m;
        int rise = 2 * (y1 - y0);
        int stepQuotient = Math.floorDiv(rise, denominator);
        int stepRemainder = Math.floorMod(rise, denominator);
        int q = 0;
        int r = m;
        for (int x = x0; x <= xEnd; x++) {
            int ya = y0 + q;
            // advance to column x + 1 (the segment's end column stays at y1)
            if (x < x1) {
                q += stepQuotient;
                r += stepRemainder;
                if (r >= denominator) {
                    r -= denominator;
                    q++;
                }
            }
            int yb = y0 + q;
            span(x, Math.min(ya, yb), Math.max(ya, yb), width, height, counts, stamp, id, weight);
        }
    }

    /**
     * Draws many polylines at once: the same counts as calling the stamp variant of
     * {@link #rasterise(int[], double, int, int, int[], int[], int)} for each included line with an
     * id of its own, so each line counts at most once per pixel. Much faster for many lines, as
     * it draws segment by segment into a cache-sized part of a column-major buffer.
     *
     * @param ys      chart rows as {@link #toRows} makes them, line {@code i} at
     *                {@code ys[i * length .. i * length + length - 1]}
     * @param counts  row-major {@code width x height} counts, added to
     * @param include which lines to draw, or null for all
     */
    public static void rasteriseAll(int[] ys, int lines, int length, double xStep, int width, int height,
            int[] counts, boolean[] include) {
        if (include != null) {
            boolean any = false;
            for (int i = 0; i < lines && !any; i++) {
                any = include[i];
            }
            if (!any) {
                return;
            }
        }
        int[] columns = ColumnRaster.columns(length, xStep);
        if (height >= 1 && ColumnRaster.applies(columns, width)
                && ColumnRaster.onChart(ys, 0, lines * length, height)) {
            ColumnRaster raster = new ColumnRaster(columns, width, height);
            raster.add(ys, lines, length, 1, include);
            raster.addTo(counts);
            return;
        }
        // general case (chart narrower than the lines, or rows off the chart): line by line
        int[] stamp = new int[width * height];
        int[] line = new int[length];
        for (int i = 0; i < lines; i++) {
            if (include == null || include[i]) {
                System.arraycopy(ys, i * length, line, 0, length);
                rasterise(line, xStep, width, height, counts, stamp, i + 1);
            }
        }
    }

    /** Counts rows {@code lo..hi} (clipped to the chart) of column {@code x}. */
    private static void span(int x, int lo, int hi, int width, int height, int[] counts, int[] stamp, int id,
            int weight) {
        int top = Math.max(0, lo);
        int bottom = Math.min(height - 1, hi);
        int end = bottom * width + x;
        if (stamp == null) {
            for (int p = top * width + x; p <= end; p += width) {
                counts[p] += weight;
            }
        } else {
            for (int p = top * width + x; p <= end; p += width) {
                if (stamp[p] != id) {
                    stamp[p] = id;
                    counts[p]++;
                }
            }
        }
    }

    @FunctionalInterface
    private interface BlockTask {
        void run(int first, int count, float[] rows);
    }

    /** Runs {@code task} over blocks of polylines on all cores, checking cancellation per block. */
    private static void forBlocks(int n, IProgressMonitor given, BlockTask task, int len) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        // one tick per block: a monitor that was split off a SubMonitor counts work only once its
        // total is set (without it the bar stood at 0 % for the whole pass, then jumped)
        IProgressMonitor monitor = given == null ? null : SubMonitor.convert(given, blocks);
        int threads = Math.max(1, Math.min(blocks, Runtime.getRuntime().availableProcessors()));
        AtomicInteger next = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "polyline-density");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    float[] rows = new float[BLOCK * len];
                    for (int b = next.getAndIncrement(); b < blocks && !stop.get(); b = next.getAndIncrement()) {
                        if (monitor != null && monitor.isCanceled()) {
                            throw new OperationCanceledException();
                        }
                        int first = b * BLOCK;
                        try {
                            task.run(first, Math.min(BLOCK, n - first), rows);
                        } catch (RuntimeException | Error e) {
                            stop.set(true);
                            throw e;
                        }
                        if (monitor != null) {
                            synchronized (monitor) { // a SubMonitor is not thread-safe
                                monitor.worked(1);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCanceledException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            // never shutdownNow(): an interrupted FileChannel read closes the trace's shared
            // channel for every reader; the workers stop at their next block instead
            stop.set(true);
            pool.shutdown();
        }
    }

    /** Number of progress ticks {@link #scan} and {@link #density} report for a source. */
    public static int ticks(PolylineSource source) {
        return (source.polylineCount() + BLOCK - 1) / BLOCK;
    }
}
