package org.trainscope.algorithms.sampling.summary;

import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.algorithms.sampling.PolylineSource;

/**
 * Everything the training-dynamics chart needs of ALL polylines of a tensor, computed once in one
 * sequential pass ({@link SummaryPass}) and answering for any sub-range of records, any pixel size
 * and both value axes without reading the data again:
 * <ul>
 * <li>per record: finite min/max (the envelope), the histogram of binary exponents (the symmetric
 * log's linear zone), polylines non-finite there and polylines turning non-finite there, and a
 * histogram over the bulk bins (the 5-95 % band);</li>
 * <li>per segment (record i to i + 1): the joint histogram of the two end bins of every polyline
 * that stays in the bulk range, once for linear bins and once for symmetric-log bins;</li>
 * <li>the exact values of polylines leaving the bulk range (excursions: diverging or spiking
 * neurons, up to {@link SummaryPass#EXCURSION_CAP}) and of a reservoir of polylines, one per equal
 * stretch of neuron indices.</li>
 * </ul>
 * {@link #density} draws each bin pair as the segment {@link PolylineDensity#density} would draw
 * for a polyline through the two bin centres, weighted by its count, and the excursions exactly:
 * each bulk segment end moves by at most half a bin ({@link #rowError}). A pyramid of two levels on
 * the linear axis: a linear value window within the core range (where 90 % of the values lie) is
 * drawn from a third joint histogram of finer bins over that range (plus a slot below and above).
 */
public final class TensorSummary {
    final int neurons;
    final int records;
    final SummaryBinning binning;
    final float[] min;
    final float[] max;
    final long[] magnitudes;
    final long[] nonFinite;
    final long[] turnedNonFinite;
    final long[] band;
    final int[][] joint;
    final int[] excursionNeurons;
    final float[] excursionValues;
    final long clamped;
    final int[] reservoirNeurons;
    final float[] reservoirValues;

    TensorSummary(int neurons, int records, SummaryBinning binning, float[] min, float[] max, long[] magnitudes,
            long[] nonFinite, long[] turnedNonFinite, long[] band, int[][] joint, int[] excursionNeurons,
            float[] excursionValues, long clamped, int[] reservoirNeurons, float[] reservoirValues) {
        this.neurons = neurons;
        this.records = records;
        this.binning = binning;
        this.min = min;
        this.max = max;
        this.magnitudes = magnitudes;
        this.nonFinite = nonFinite;
        this.turnedNonFinite = turnedNonFinite;
        this.band = band;
        this.joint = joint;
        this.excursionNeurons = excursionNeurons;
        this.excursionValues = excursionValues;
        this.clamped = clamped;
        this.reservoirNeurons = reservoirNeurons;
        this.reservoirValues = reservoirValues;
    }

    public int neuronCount() {
        return neurons;
    }

    public int recordCount() {
        return records;
    }

    /** Polylines kept exactly for leaving the bulk range. */
    public int excursionCount() {
        return excursionNeurons.length;
    }

    /** Neuron index of each polyline kept exactly for leaving the bulk range, ascending. */
    public int[] excursionNeurons() {
        return excursionNeurons.clone();
    }

    /** Polylines beyond the excursion cap, drawn clamped to the bulk range's edge bins (0 normally). */
    public long clampedCount() {
        return clamped;
    }

    /** The bulk range the bins cover. */
    public double bulkLow() {
        return binning.low;
    }

    public double bulkHigh() {
        return binning.high;
    }

    /**
     * The value range, exponent histogram and non-finite onsets of records {@code [from, to)}, as
     * {@link PolylineDensity#scan} finds them. Exact, except that a polyline that turns non-finite,
     * finite again and non-finite again within the range counts at each turn (recorded NaN and Inf
     * stay so in practice).
     */
    public PolylineDensity.Scan scan(int from, int to) {
        check(from, to);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        long[] exponents = new long[SummaryPass.EXPONENTS];
        int[] first = new int[to - from];
        long bad = 0;
        for (int r = from; r < to; r++) {
            if (!Float.isNaN(min[r])) {
                lo = Math.min(lo, min[r]);
                hi = Math.max(hi, max[r]);
            }
            for (int e = 0; e < SummaryPass.EXPONENTS; e++) {
                exponents[e] += magnitudes[r * SummaryPass.EXPONENTS + e];
            }
            long onset = r == from ? nonFinite[r] : turnedNonFinite[r];
            first[r - from] = (int) Math.min(Integer.MAX_VALUE, onset);
            bad += onset;
        }
        return new PolylineDensity.Scan(lo, hi, (int) Math.min(Integer.MAX_VALUE, bad), first, exponents);
    }

    /** Finite minimum of each record of {@code [from, to)} (NaN where none is finite). */
    public float[] envelopeLow(int from, int to) {
        check(from, to);
        return java.util.Arrays.copyOfRange(min, from, to);
    }

    /** Finite maximum of each record of {@code [from, to)} (NaN where none is finite). */
    public float[] envelopeHigh(int from, int to) {
        check(from, to);
        return java.util.Arrays.copyOfRange(max, from, to);
    }

    /**
     * The {@code q}-quantile of the finite values of each record of {@code [from, to)}, from the bulk
     * histogram (interpolated within a bin: within one linear bin of the exact quantile when it lies in
     * the bulk range; the record's min or max when it lies beyond). The 5-95 % band is q = 0.05 and 0.95.
     */
    public float[] quantile(int from, int to, double q) {
        check(from, to);
        int slots = SummaryBinning.BINS + 2;
        float[] out = new float[to - from];
        double width = binning.binWidth(SummaryBinning.LINEAR);
        for (int r = from; r < to; r++) {
            long total = 0;
            for (int b = 0; b < slots; b++) {
                total += band[r * slots + b];
            }
            if (total == 0) {
                out[r - from] = Float.NaN;
                continue;
            }
            double target = q * total;
            long seen = 0;
            int b = 0;
            while (b < slots - 1 && seen + band[r * slots + b] < target) {
                seen += band[r * slots + b];
                b++;
            }
            if (b == 0) {
                out[r - from] = min[r];
            } else if (b == slots - 1) {
                out[r - from] = max[r];
            } else {
                long in = band[r * slots + b];
                double within = in > 0 ? (target - seen) / in : 0.5;
                out[r - from] = (float) (binning.low + (b - 1 + within) * width);
            }
        }
        return out;
    }

    /**
     * Counts, for each pixel of a {@code width x height} chart of records {@code [from, to)} on
     * {@code axis}, the polylines passing through it, as {@link PolylineDensity#density} does for the
     * data: bulk segments through their bins' centres, weighted by their counts; excursions exactly.
     */
    public int[] density(PolylineDensity.YAxis axis, int width, int height, int from, int to) {
        check(from, to);
        int len = to - from;
        int[] counts = new int[width * height];
        double xStep = len > 1 ? (width - 1) / (double) (len - 1) : 0;
        int segments = records - 1;
        int bins;
        int[] rowOfBin;
        int first;
        if (usesCore(axis)) {
            bins = SummaryBinning.CORE_SLOTS;
            rowOfBin = new int[bins];
            for (int b = 0; b < bins; b++) {
                rowOfBin[b] = PolylineDensity.row((float) binning.coreCentre(b), axis, height);
            }
            first = 2 * segments;
        } else {
            int kind = axis.symlog() ? SummaryBinning.SYMLOG : SummaryBinning.LINEAR;
            bins = SummaryBinning.BINS;
            rowOfBin = new int[bins];
            for (int b = 0; b < bins; b++) {
                rowOfBin[b] = PolylineDensity.row((float) binning.centre(b, kind), axis, height);
            }
            first = kind * segments;
        }
        for (int r = from; r + 1 < to; r++) {
            int[] counts2 = joint[first + r];
            int j = r - from;
            boolean last = r + 2 == to;
            for (int p = 0; p < counts2.length; p++) {
                int c = counts2[p];
                if (c != 0) {
                    PolylineDensity.rasteriseSegment(j, rowOfBin[p / bins], rowOfBin[p % bins], last, xStep, width,
                            height, counts, c);
                }
            }
        }
        int[] ys = new int[len];
        for (int e = 0; e < excursionNeurons.length; e++) {
            PolylineDensity.toRows(excursionValues, e * records + from, len, axis, height, ys);
            PolylineDensity.rasterise(ys, xStep, width, height, counts);
        }
        return counts;
    }

    /**
     * At most how many rows a bulk segment end of {@link #density} lies from where the exact density
     * draws it, on a chart of {@code height} rows on {@code axis}: half a bin in the axis' own
     * coordinate, as a share of the chart's span, in rows, plus the row rounding.
     */
    public double rowError(PolylineDensity.YAxis axis, int height) {
        int kind = axis.symlog() ? SummaryBinning.SYMLOG : SummaryBinning.LINEAR;
        double span = Math.abs(axis.t(axis.max()) - axis.t(axis.min()));
        double half = (usesCore(axis) ? binning.coreBinWidth() : binning.binWidth(kind)) / 2;
        if (kind == SummaryBinning.SYMLOG) {
            // bins are uniform in the binning's log; the axis' zone may differ: scale by the larger slope
            half *= Math.max(1, binning.zone / axis.linearZone());
        }
        return span > 0 ? half / span * (height - 1) + 1 : 1;
    }

    /**
     * True when a chart on {@code axis} is drawn from the finer core level: a linear value window
     * within the core range, where the core's bins are finer than the bulk's.
     */
    boolean usesCore(PolylineDensity.YAxis axis) {
        return !axis.symlog() && axis.min() >= binning.coreLow && axis.max() <= binning.coreHigh
                && binning.coreBinWidth() < binning.binWidth(SummaryBinning.LINEAR);
    }

    /** The reservoir's polylines over records {@code [from, to)}, a stratified subset of all. */
    public PolylineSource reservoir(int from, int to) {
        check(from, to);
        return new KeptPolylines(reservoirValues, reservoirNeurons.length, records, from, to);
    }

    /** Neuron index of each reservoir polyline, ascending. */
    public int[] reservoirNeurons() {
        return reservoirNeurons.clone();
    }

    private void check(int from, int to) {
        if (from < 0 || to > records || from >= to) {
            throw new IllegalArgumentException("records [" + from + ", " + to + ") of a summary of " + records);
        }
    }

    /** Polylines held in memory, polyline-major over all records, seen over {@code [from, to)}. */
    static final class KeptPolylines implements PolylineSource {
        private final float[] values;
        private final int count;
        private final int records;
        private final int from;
        private final int to;

        KeptPolylines(float[] values, int count, int records, int from, int to) {
            this.values = values;
            this.count = count;
            this.records = records;
            this.from = from;
            this.to = to;
        }

        @Override
        public int polylineCount() {
            return count;
        }

        @Override
        public int length() {
            return to - from;
        }

        @Override
        public void read(int first, int n, float[] out) {
            int len = to - from;
            for (int i = 0; i < n; i++) {
                System.arraycopy(values, (first + i) * records + from, out, i * len, len);
            }
        }
    }
}
