package org.trainscope.adapters.internal.tensorboard;

import java.util.Collection;

/**
 * A fixed grid of {@link #BINS} equal bins over [lo, hi] onto which histograms with their own
 * bucket edges are redistributed: each bucket's count is spread uniformly over the part of the grid
 * its interval covers (clipped to the histogram's min and max).
 */
final class HistogramGrid {
    static final int BINS = 64;
    private final double lo;
    private final double hi;

    private HistogramGrid(double lo, double hi) {
        this.lo = lo;
        this.hi = hi;
    }

    /** The grid over the finite min and max of all {@code histograms}. */
    static HistogramGrid spanning(Collection<Histogram> histograms) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Histogram h : histograms) {
            if (Double.isFinite(h.min())) {
                lo = Math.min(lo, h.min());
            }
            if (Double.isFinite(h.max())) {
                hi = Math.max(hi, h.max());
            }
        }
        if (!(lo <= hi)) {
            lo = 0;
            hi = 1;
        }
        return new HistogramGrid(lo, hi);
    }

    float[] resample(Histogram h) {
        float[] bins = new float[BINS];
        double[] limits = h.limits();
        double[] counts = h.counts();
        double previous = Double.isFinite(h.min()) ? h.min() : lo;
        for (int i = 0; i < limits.length; i++) {
            double left = Math.max(previous, i == 0 && Double.isFinite(h.min()) ? h.min() : previous);
            double right = Math.min(limits[i], Double.isFinite(h.max()) ? h.max() : hi);
            previous = limits[i];
            if (counts[i] == 0 || !Double.isFinite(counts[i])) {
                continue;
            }
            spread(bins, Math.max(lo, Math.min(hi, left)), Math.max(lo, Math.min(hi, Math.max(left, right))), counts[i]);
        }
        return bins;
    }

    private void spread(float[] bins, double left, double right, double count) {
        double width = (hi - lo) / BINS;
        if (!(width > 0) || right <= left) {
            bins[binOf(right, width)] += (float) count;
            return;
        }
        int first = binOf(left, width);
        int last = binOf(right, width);
        for (int b = first; b <= last; b++) {
            double binLo = lo + b * width;
            double overlap = Math.min(right, binLo + width) - Math.max(left, binLo);
            if (overlap > 0) {
                bins[b] += (float) (count * overlap / (right - left));
            }
        }
    }

    private int binOf(double x, double width) {
        if (!(width > 0)) {
            return 0;
        }
        return (int) Math.max(0, Math.min(BINS - 1, Math.floor((x - lo) / width)));
    }
}
