package org.trainscope.algorithms.sampling.summary;

/**
 * The fixed value binning of a {@link TensorSummary}: {@link #BINS} bins over the bulk range
 * {@code [low, high]}, uniform in the value (linear axis) or in its symmetric log with linear zone
 * {@code zone} (log axis). A value is first put on a grid of {@link #FINE} cells over the bulk range
 * (one multiply), from which a table gives both bins, so the pass never takes a logarithm per value.
 * Values outside the bulk range have no bin: their polylines are kept exactly (excursions).
 */
public final class SummaryBinning implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** Bins per axis kind: the joint histogram of a segment is BINS x BINS counts. */
    public static final int BINS = 256;
    /** Cells of the fine grid over the bulk range, from which the bins are looked up. */
    static final int FINE = 1 << 16;
    static final int LINEAR = 0;
    static final int SYMLOG = 1;
    /**
     * Slots of the finer level over the core range, linear axis: below, {@link #BINS} bins, above.
     * Drawn instead of the bulk bins when a value window lies within the core range.
     */
    static final int CORE_SLOTS = BINS + 2;

    final double low;
    final double high;
    final double zone;
    final double coreLow;
    final double coreHigh;
    private final double toFine;
    private final double toCore;
    /** Rebuilt rather than serialized (a Spark task ships a binning with every part; 128 KiB each). */
    private final transient short[] symlogBinOfCell = new short[FINE];

    /** @param coreLow, coreHigh the core range, within {@code [low, high]}: where most values lie */
    SummaryBinning(double low, double high, double zone, double coreLow, double coreHigh) {
        this.low = low;
        this.high = high > low ? high : low + 1;
        this.zone = zone > 0 && Double.isFinite(zone) ? zone : 1e-12;
        this.coreLow = Math.max(this.low, coreLow);
        this.coreHigh = coreHigh > this.coreLow ? Math.min(this.high, coreHigh) : this.high;
        this.toFine = FINE / (this.high - this.low);
        this.toCore = BINS / (this.coreHigh - this.coreLow);
        double s0 = s(this.low, SYMLOG);
        double s1 = s(this.high, SYMLOG);
        for (int c = 0; c < FINE; c++) {
            double centre = this.low + (c + 0.5) / toFine;
            symlogBinOfCell[c] = (short) clampBin((int) Math.floor((s(centre, SYMLOG) - s0) / (s1 - s0) * BINS));
        }
    }

    /** A deserialized binning is built again from its five numbers (the constructor keeps them as they are). */
    private Object readResolve() {
        return new SummaryBinning(low, high, zone, coreLow, coreHigh);
    }

    /** The fine cell of a value, -1 for a value outside the bulk range or non-finite. */
    int cell(float v) {
        if (!(v >= low && v <= high)) {
            return -1;
        }
        return Math.min(FINE - 1, (int) ((v - low) * toFine));
    }

    /** The fine cell of a value clamped into the bulk range (finite values only). */
    int clampedCell(float v) {
        return v < low ? 0 : v > high ? FINE - 1 : cell(v);
    }

    /**
     * The joint histograms' code of a finite value clamped into the bulk range (core slot << 16 |
     * linear bin << 8 | symmetric-log bin): where a polyline beyond the excursion cap is counted.
     * For a value of the bulk range, the code the pass gives it.
     */
    int clampedCode(float v) {
        int cell = clampedCell(v);
        float clamped = (float) Math.max(low, Math.min(high, v));
        return coreSlot(clamped) << 16 | linearBin(cell) << 8 | symlogBin(cell);
    }

    /** The core slot of a value of the bulk range: 0 below the core, 1 + bin inside, BINS + 1 above. */
    int coreSlot(float v) {
        if (v > coreHigh) {
            return BINS + 1;
        }
        // without a branch below the core (about 1 value in 20 is, at random: a branch there is
        // mispredicted often): slots below 1 are clamped to 0
        return Math.max(0, Math.min(BINS, (int) ((v - coreLow) * toCore + 1)));
    }

    /** The value at the centre of core slot {@code slot} (beyond the core range for the outer two). */
    double coreCentre(int slot) {
        double width = (coreHigh - coreLow) / BINS;
        return coreLow + (slot - 0.5) * width;
    }

    double coreBinWidth() {
        return (coreHigh - coreLow) / BINS;
    }

    int linearBin(int cell) {
        return cell >> 8;
    }

    int symlogBin(int cell) {
        return symlogBinOfCell[cell];
    }

    /** The value at the centre of bin {@code bin} of {@code kind}: where its polylines are drawn. */
    double centre(int bin, int kind) {
        double s0 = s(low, kind);
        double s1 = s(high, kind);
        double s = s0 + (bin + 0.5) / BINS * (s1 - s0);
        return kind == LINEAR ? s : Math.signum(s) * (Math.pow(10, Math.abs(s)) - 1) * zone;
    }

    /** Width of a bin of {@code kind} in that kind's own coordinate (value or symmetric log). */
    double binWidth(int kind) {
        return (s(high, kind) - s(low, kind)) / BINS;
    }

    double s(double v, int kind) {
        return kind == LINEAR ? v : Math.signum(v) * Math.log10(1 + Math.abs(v) / zone);
    }

    private static int clampBin(int b) {
        return Math.max(0, Math.min(BINS - 1, b));
    }
}
