package org.trainscope.algorithms.sampling;

import java.util.Arrays;
import java.util.BitSet;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.trainscope.algorithms.sampling.internal.SplitMix64;

/**
 * Which drawn polylines a chart calls outliers: a polyline is an outlier when its
 * {@link PathIsolation} is above the level that only a fraction {@code f} of ALL polylines exceed,
 * the level estimated from a seeded subsample of all polylines. So the outlier colour marks about
 * {@code f} of the polylines whatever the data (at most {@code f} of the subsample, fewer only when
 * the most isolated lines tie exactly; none when {@code f} of the polylines is less than one),
 * instead of a share that depends on how the density happens to be spread. A polyline with no
 * drawn segment is never an outlier.
 *
 * @param fraction  f, the share of all polylines that the level leaves above it
 * @param level     isolation above which a polyline is an outlier
 * @param estimated how many drawn polylines the level was estimated from
 */
public record OutlierLevel(double fraction, double level, int estimated) {
    /** The fraction the training-dynamics chart uses: the sparsest 1 % of all polylines. */
    public static final double DEFAULT_FRACTION = 0.01;
    /** Polylines read to estimate the level: 1 % of them is 50 lines, a stable quantile. */
    public static final int DEFAULT_SUBSAMPLE = 5000;
    /** Consecutive polylines read together when estimating the level. */
    static final int RUN = 64;

    /** True when a polyline of this isolation is drawn as an outlier. */
    public boolean isOutlier(double isolation) {
        return isolation != PathIsolation.NOT_DRAWN && isolation > level;
    }

    /**
     * Estimates the level from about {@code subsample} polylines of {@code source} (all of them when
     * there are no more): seeded uniformly chosen runs of {@value #RUN} consecutive polylines, so each
     * polyline is equally likely to be in the subsample and each run costs one block read.
     *
     * @param isolation on the chart of all polylines of {@code source}
     */
    public static OutlierLevel estimate(PolylineSource source, PolylineDensity.YAxis axis, int height,
            PathIsolation isolation, double fraction, int subsample, long seed, IProgressMonitor monitor) {
        int n = source.polylineCount();
        int len = source.length();
        int runCount = (n + RUN - 1) / RUN;
        int[] runs = choose(runCount, (subsample + RUN - 1) / RUN, seed);
        double[] values = new double[runs.length * RUN];
        int drawn = 0;
        float[] block = new float[RUN * len];
        int[] ys = new int[len];
        // one tick per run read: a monitor split off a SubMonitor moves only once its total is set
        org.eclipse.core.runtime.SubMonitor progress = org.eclipse.core.runtime.SubMonitor.convert(monitor, runs.length);
        for (int run : runs) {
            if (monitor != null && monitor.isCanceled()) {
                throw new OperationCanceledException();
            }
            progress.worked(1);
            int first = run * RUN;
            int count = Math.min(RUN, n - first);
            source.read(first, count, block);
            for (int i = 0; i < count; i++) {
                PolylineDensity.toRows(block, i * len, len, axis, height, ys);
                double s = isolation.of(ys);
                if (s != PathIsolation.NOT_DRAWN) {
                    values[drawn++] = s;
                }
            }
        }
        if (drawn == 0) {
            return new OutlierLevel(fraction, Double.POSITIVE_INFINITY, 0);
        }
        Arrays.sort(values, 0, drawn);
        // strictly above the value floor(f * drawn) places from the top: at most that many of the subsample
        return new OutlierLevel(fraction, values[drawn - 1 - (int) Math.floor(fraction * drawn)], drawn);
    }

    /** {@code min(n, m)} distinct indices of {@code [0, n)}, ascending, chosen uniformly from the seed. */
    static int[] choose(int n, int m, long seed) {
        if (n <= m) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        // Floyd's algorithm: m distinct values with m draws
        SplitMix64 random = new SplitMix64(seed ^ 0x6F75746C69657273L);
        BitSet taken = new BitSet(n);
        for (int j = n - m; j < n; j++) {
            int t = random.nextInt(j + 1);
            taken.set(taken.get(t) ? j : t);
        }
        return taken.stream().toArray();
    }
}
