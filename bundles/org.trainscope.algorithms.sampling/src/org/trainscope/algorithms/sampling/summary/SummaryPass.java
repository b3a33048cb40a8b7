package org.trainscope.algorithms.sampling.summary;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.trainscope.algorithms.sampling.internal.Parallel;
import org.trainscope.algorithms.sampling.internal.SplitMix64;
import org.trainscope.trace.RecordTileVisitor;

/**
 * Builds a {@link TensorSummary} from one record-tile scan of all records {@code [0, records)}
 * (run it alone or in a {@code TilePass} beside other consumers). Consecutive strips of the scan
 * are collected into a batch of up to {@link #BATCH_VALUES} values (batch width x records floats),
 * which is then summarised: a wide batch makes each joint histogram take many increments while its
 * counts are in the processor's cache (with one 8,192-neuron strip they were fetched again for every
 * strip). Per batch: per record the finite envelope,
 * the binary-exponent histogram, non-finite counts and the bulk histogram for the band; per segment
 * the joint histogram of the two end bins of every polyline that stays in the bulk range; the
 * values of polylines that leave it (up to {@link #EXCURSION_CAP}) and of the stratified reservoir.
 * <p>
 * Heap: (R-1) (2 B^2 + (B+2)^2) x 4 bytes of joint histograms (B = {@value SummaryBinning#BINS}:
 * 76 MiB at R = 100 records), R (B + 2 + 255) x 8 bytes of per-record histograms, (cap + reservoir) x R x 4
 * bytes of kept polylines, and the values of two batches (the one summarised, the one read meanwhile)
 * and the cells of one (3 x {@value #BATCH_VALUES} x 4 bytes); nothing grows with the neuron count
 * beyond the capped polylines.
 */
public final class SummaryPass implements RecordTileVisitor {
    /** Most polylines kept exactly for leaving the bulk range; more are clamped into its edge bins. */
    public static final int EXCURSION_CAP = 1 << 16;
    /** Polylines in the reservoir (one per equal stretch of neuron indices). */
    public static final int RESERVOIR = 20_000;
    /** Most values of a batch (a batch holds at least one strip of the scan, whatever its size). */
    static final int BATCH_VALUES = 1 << 22;
    static final int EXPONENTS = 255;
    /**
     * Parts a batch's work is split into (by records), run on the common fork-join pool: a few per
     * core, so that a core the scan beside it slows down does not hold up the others.
     */
    private static final int PARTS = Math.max(1, Math.min(32, 4 * Runtime.getRuntime().availableProcessors()));
    private static final int EXPONENT_OFFSET = 127;
    /** Where batches are summarised, beside the scan that reads the next (shared by all passes). */
    private static final ExecutorService SUMMARISING = Parallel.daemonThreads("TrainScope summary pass");

    private final int batchValues;
    private final int neurons;
    private final int records;
    private final SummaryBinning binning;
    private final int bins = SummaryBinning.BINS;
    private final int segments;

    private final float[] min;
    private final float[] max;
    private final long[] magnitudes;
    private final long[] nonFinite;
    private final long[] turnedNonFinite;
    private final long[] band;
    private final int[][] joint;
    private final int[] excursionNeurons = new int[EXCURSION_CAP];
    private float[] excursionValues = new float[0];
    private int excursions;
    private long clamped;
    private final int[] reservoirNeurons;
    private final float[] reservoirValues;
    private int reservoirNext;

    // the batch being collected: strip[r * capacity + k] for its neurons k in [0, stripWidth)
    private int stripFirst = -1;
    private int stripWidth;
    private int capacity;
    private float[] strip = new float[0];
    // the scan's strip being added to the batch, and the records of it seen so far
    private int tileFirst = -1;
    private int tileRecords;
    /** The batch being summarised while the next is read, and the values array to fill after it. */
    private Future<?> summarising;
    private float[] spare = new float[0];
    /**
     * Per value of the batch being summarised: core slot << 16 | linear bin << 8 | symlog bin; -1
     * beyond the bulk range; MIN_VALUE not drawn.
     */
    private int[] cells = new int[0];
    private boolean[] leaves = new boolean[0];

    /**
     * @param neurons  polylines of the series
     * @param records  records scanned, all of {@code [0, records)}
     * @param binning  the bulk range and zone (from a stratified subset read before the pass)
     * @param seed     seed of the reservoir's choice within each stretch
     */
    public SummaryPass(int neurons, int records, SummaryBinning binning, long seed) {
        this(neurons, records, binning, seed, BATCH_VALUES);
    }

    /** @param batchValues most values of a batch (tests: many batches of a small tensor) */
    SummaryPass(int neurons, int records, SummaryBinning binning, long seed, int batchValues) {
        this.batchValues = batchValues;
        this.neurons = neurons;
        this.records = records;
        this.binning = binning;
        this.segments = Math.max(0, records - 1);
        min = new float[records];
        max = new float[records];
        Arrays.fill(min, Float.NaN);
        Arrays.fill(max, Float.NaN);
        magnitudes = new long[records * EXPONENTS];
        nonFinite = new long[records];
        turnedNonFinite = new long[records];
        band = new long[records * (bins + 2)];
        joint = new int[3 * segments][];
        for (int h = 0; h < joint.length; h++) {
            joint[h] = new int[h < 2 * segments ? bins * bins : SummaryBinning.CORE_SLOTS * SummaryBinning.CORE_SLOTS];
        }
        int size = Math.min(neurons, RESERVOIR);
        reservoirNeurons = new int[size];
        SplitMix64 random = new SplitMix64(seed ^ 0x7265736572766fL);
        for (int s = 0; s < size; s++) {
            long lo = (long) s * neurons / size;
            long hi = (long) (s + 1) * neurons / size;
            reservoirNeurons[s] = (int) (lo + random.nextInt((int) (hi - lo)));
        }
        reservoirValues = new float[size * records];
    }

    @Override
    public void visit(int firstNeuron, int neuronCount, int firstRecord, int recordCount, float[] values, int stride) {
        if (firstNeuron != tileFirst) {
            endTile();
            if (stripFirst >= 0 && (firstNeuron != stripFirst + stripWidth || stripWidth + neuronCount > capacity)) {
                finishStrip();
            }
            if (stripFirst < 0) {
                stripFirst = firstNeuron;
                stripWidth = 0;
                capacity = Math.max(neuronCount, batchValues / Math.max(1, records));
                capacity = (int) Math.min(capacity, neurons - (long) firstNeuron);
                capacity = Math.max(capacity, neuronCount);
                if (strip.length < capacity * records) {
                    strip = new float[capacity * records];
                }
            }
            tileFirst = firstNeuron;
            tileRecords = 0;
            stripWidth += neuronCount;
        }
        int at = firstNeuron - stripFirst;
        for (int i = 0; i < recordCount; i++) {
            System.arraycopy(values, i * stride, strip, (firstRecord + i) * capacity + at, neuronCount);
        }
        tileRecords = Math.max(tileRecords, firstRecord + recordCount);
    }

    /** A strip of the scan ends: it must have brought every record. */
    private void endTile() {
        if (tileFirst >= 0 && tileRecords != records) {
            throw new IllegalStateException("strip at neuron " + tileFirst + " ended after " + tileRecords + " of "
                    + records + " records");
        }
        tileFirst = -1;
    }

    /** Ends the pass: the summary of everything visited. */
    public TensorSummary finish() {
        endTile();
        finishStrip();
        awaitSummarising();
        return new TensorSummary(neurons, records, binning, min, max, magnitudes, nonFinite, turnedNonFinite, band,
                joint, Arrays.copyOf(excursionNeurons, excursions), Arrays.copyOf(excursionValues, excursions * records),
                clamped, reservoirNeurons, reservoirValues);
    }

    /**
     * Hands the collected batch to the summarising thread and collects the next one into the other
     * values array meanwhile: reading a trace that is not in the page cache waits for the disk, which
     * the summary's CPU work then fills. One batch at a time is summarised, in scan order (the kept
     * polylines are listed in neuron order).
     */
    private void finishStrip() {
        if (stripFirst < 0) {
            return;
        }
        awaitSummarising();
        Batch batch = new Batch(strip, stripFirst, stripWidth, capacity);
        summarising = SUMMARISING.submit(() -> summarise(batch));
        strip = spare;
        spare = batch.values;
        stripFirst = -1;
    }

    /** Waits for the batch being summarised; rethrows what failed there. */
    private void awaitSummarising() {
        if (summarising != null) {
            try {
                Parallel.await(summarising); // the batch writes into this pass' arrays: let it end first
            } finally {
                summarising = null;
            }
        }
    }

    /** A collected batch: values[r * capacity + k] of neurons first + k, k in [0, width). */
    private record Batch(float[] values, int first, int width, int capacity) {
    }

    private void summarise(Batch batch) {
        int n = batch.width;
        if (cells.length < batch.capacity * records) {
            cells = new int[batch.capacity * records];
        }
        if (leaves.length < n) {
            leaves = new boolean[n];
        }
        Arrays.fill(leaves, 0, n, false);
        // both phases split by records over the cores: every array a part writes is its records' own
        int parts = Math.max(1, Math.min(PARTS, records / 2));
        Parallel.forEach(parts, p -> perRecord(batch, records * p / parts, records * (p + 1) / parts));
        // column reads cost a cache miss per record: only for the few polylines kept exactly
        for (int k = 0; k < n; k++) {
            if (leaves[k]) {
                keepOrClamp(batch, k);
            }
        }
        keepReservoir(batch);
        Parallel.forEach(parts, p -> joint(batch, segments * p / parts, segments * (p + 1) / parts));
    }

    /** Adds the strip's bulk segments {@code [from, to)} to the joint histograms. */
    private void joint(Batch batch, int from, int to) {
        int n = batch.width;
        int capacity = batch.capacity;
        for (int r = from; r < to; r++) {
            int[] linear = joint[r];
            int[] symlog = joint[segments + r];
            int[] core = joint[2 * segments + r];
            int a = r * capacity;
            int b = a + capacity;
            for (int k = 0; k < n; k++) {
                int c0 = cells[a + k];
                int c1 = cells[b + k];
                if ((c0 | c1) >= 0) {
                    linear[(c0 & 0xff00) | (c1 >>> 8 & 0xff)]++;
                    symlog[(c0 & 0xff) << 8 | (c1 & 0xff)]++;
                    core[(c0 >>> 16) * SummaryBinning.CORE_SLOTS + (c1 >>> 16)]++;
                }
            }
        }
    }

    /**
     * Counts one bulk segment from code {@code c0} at record {@code r} to {@code c1} at {@code r + 1}
     * in the joint histograms, indexed as {@link #joint(Batch, int, int)} does (which keeps its own copy
     * of these three lines in its hot loop). For polylines merged from parts ({@link SummaryMerge}).
     */
    static void countSegment(int[][] joint, int segments, int r, int c0, int c1) {
        joint[r][(c0 & 0xff00) | (c1 >>> 8 & 0xff)]++;
        joint[segments + r][(c0 & 0xff) << 8 | (c1 & 0xff)]++;
        joint[2 * segments + r][(c0 >>> 16) * SummaryBinning.CORE_SLOTS + (c1 >>> 16)]++;
    }

    /**
     * Envelope, exponents, non-finite counts and the bulk histogram of records {@code [from, to)} of
     * the batch, counted per record in small int histograms of the part's own (cheaper to increment
     * than the summary's long counts, which they are added to).
     */
    private void perRecord(Batch batch, int from, int to) {
        int n = batch.width;
        int capacity = batch.capacity;
        float[] strip = batch.values;
        int width = bins + 2;
        int[] exponents = new int[EXPONENTS];
        int[] bulk = new int[width];
        for (int r = from; r < to; r++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            long bad = 0;
            long turned = 0;
            int base = r * capacity;
            for (int k = 0; k < n; k++) {
                float v = strip[base + k];
                if (Float.isFinite(v)) {
                    lo = v < lo ? v : lo;
                    hi = v > hi ? v : hi;
                    if (v != 0) {
                        exponents[EXPONENT_OFFSET + Math.getExponent(v)]++;
                    }
                    int cell = binning.cell(v);
                    if (cell >= 0) {
                        int linear = binning.linearBin(cell);
                        cells[base + k] = binning.coreSlot(v) << 16 | linear << 8 | binning.symlogBin(cell);
                        bulk[1 + linear]++;
                    } else {
                        cells[base + k] = -1;
                        leaves[k] = true;
                        bulk[v < binning.low ? 0 : bins + 1]++;
                    }
                } else {
                    cells[base + k] = Integer.MIN_VALUE;
                    bad++;
                    if (r == 0 || Float.isFinite(strip[base - capacity + k])) {
                        turned++;
                    }
                }
            }
            addAndClear(exponents, magnitudes, r * EXPONENTS);
            addAndClear(bulk, band, r * width);
            if (lo <= hi) {
                min[r] = Float.isNaN(min[r]) ? lo : Math.min(min[r], lo);
                max[r] = Float.isNaN(max[r]) ? hi : Math.max(max[r], hi);
            }
            nonFinite[r] += bad;
            turnedNonFinite[r] += turned;
        }
    }

    private static void addAndClear(int[] counts, long[] into, int offset) {
        for (int i = 0; i < counts.length; i++) {
            into[offset + i] += counts[i];
            counts[i] = 0;
        }
    }

    /**
     * Keeps polyline {@code k} of the strip, which leaves the bulk range, exactly (its cells then say
     * "not in the joint histograms"); past the cap, clamps it into the bulk range's edge bins.
     */
    private void keepOrClamp(Batch batch, int k) {
        int capacity = batch.capacity;
        float[] strip = batch.values;
        if (excursions < EXCURSION_CAP) {
            if (excursionValues.length < (excursions + 1) * records) {
                excursionValues = Arrays.copyOf(excursionValues, Math.max(64, 2 * (excursions + 1)) * records);
            }
            copyPolyline(batch, k, excursionValues, excursions * records);
            excursionNeurons[excursions++] = batch.first + k;
            for (int r = 0; r < records; r++) {
                cells[r * capacity + k] = Integer.MIN_VALUE;
            }
        } else {
            clamped++;
            for (int r = 0; r < records; r++) {
                if (cells[r * capacity + k] == -1) {
                    cells[r * capacity + k] = binning.clampedCode(strip[r * capacity + k]);
                }
            }
        }
    }

    /** Copies the strip's reservoir polylines. */
    private void keepReservoir(Batch batch) {
        while (reservoirNext < reservoirNeurons.length && reservoirNeurons[reservoirNext] < batch.first + batch.width) {
            int k = reservoirNeurons[reservoirNext] - batch.first;
            if (k >= 0) {
                copyPolyline(batch, k, reservoirValues, reservoirNext * records);
            }
            reservoirNext++;
        }
    }

    private void copyPolyline(Batch batch, int k, float[] out, int offset) {
        for (int r = 0; r < records; r++) {
            out[offset + r] = batch.values[r * batch.capacity + k];
        }
    }
}
