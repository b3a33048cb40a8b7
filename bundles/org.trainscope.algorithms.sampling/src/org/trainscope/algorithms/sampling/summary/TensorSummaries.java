package org.trainscope.algorithms.sampling.summary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.core.model.RecordSubsetSeries;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.model.TilePass;
import org.trainscope.trace.RecordTileVisitor;

/**
 * The summary of a tensor's polylines, computed at most once per trace state: from memory (the
 * last few), else from the on-disk cache beside the trace ({@link SummaryCache}), else by one
 * sequential record-tile pass ({@link SummaryPass} in a {@link TilePass}) that is then cached.
 * The bins' bulk range comes from a stratified subset read first (16 blocks of 1024 consecutive
 * polylines spread over the neuron range, all of them for small tensors): its 0.5 % and 99.5 %
 * quantiles, widened by half their span on each side; polylines leaving it are kept exactly.
 */
public final class TensorSummaries {
    /** Polylines per block of the subset that fixes the bulk range. */
    static final int SUBSET_BLOCK = 1024;
    static final int SUBSET_BLOCKS = 16;
    /** Most values of the subset whose quantiles fix the bulk and core ranges. */
    private static final int QUANTILE_VALUES = 1 << 17;
    /** Share of the subset's finite values left beyond each end of the bulk range (before widening). */
    static final double TAIL = 0.005;
    /** Share of the subset's finite values beyond each end of the core range (before widening). */
    static final double CORE_TAIL = 0.05;
    /**
     * Most records a summary covers ((R - 1) x 768 KiB of joint histograms: 149 MiB at 200): the
     * chart of a longer run is drawn from at most this many records spread over its range.
     */
    public static final int MOST_RECORDS = 200;
    /** Seed of the reservoir's choice: every summary of a tensor (desktop or Spark) keeps the same polylines. */
    public static final long RESERVOIR_SEED = 42;
    private static final int MEMORY_ENTRIES = 4;
    private static final Map<String, TensorSummary> MEMORY = new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TensorSummary> eldest) {
            return size() > MEMORY_ENTRIES;
        }
    };

    private TensorSummaries() {
    }

    /**
     * The summary of all records of {@code series} as they are now.
     *
     * @param trace the trace folder {@code series} is read from (keys and places the disk cache), or
     *              null for a series with no trace (computed every time, cached in memory only by identity)
     * @param cache where entries live (normally {@code SummaryCache.of(trace)}); null for none
     * @param monitor progress and cancellation; null for none
     */
    public static TensorSummary get(Path trace, SummaryCache cache, TensorSeries series, IProgressMonitor monitor)
            throws IOException {
        return get(trace, cache, series, null, monitor);
    }

    /**
     * As {@link #get(Path, SummaryCache, TensorSeries, IProgressMonitor)}; when the summary has to be
     * computed, {@code preview} first receives the summary of the stratified subset alone (read before
     * the pass anyway, a fraction of a second), for a first picture while the pass runs.
     *
     * @param preview called at most once, on the calling thread, before the pass; null for none
     */
    public static TensorSummary get(Path trace, SummaryCache cache, TensorSeries series,
            Consumer<TensorSummary> preview, IProgressMonitor monitor) throws IOException {
        return get(trace, cache, series, preview, null, monitor);
    }

    /**
     * As {@link #get(Path, SummaryCache, TensorSeries, Consumer, IProgressMonitor)}, with work that
     * rides on the pass if one is made.
     *
     * @param rider boards the pass when the summary has to be computed; null for none
     */
    public static TensorSummary get(Path trace, SummaryCache cache, TensorSeries series,
            Consumer<TensorSummary> preview, PassRider rider, IProgressMonitor monitor) throws IOException {
        Keys keys = keys(trace, series);
        Optional<TensorSummary> known = known(keys, cache);
        if (known.isPresent()) {
            return known.get();
        }
        TensorSummary summary = compute(series, preview, rider, monitor);
        if (keys.disk().isPresent() && cache != null) {
            cache.save(keys.disk().get(), summary);
        }
        synchronized (MEMORY) {
            MEMORY.put(keys.memory(), summary);
        }
        return summary;
    }

    /** The summary of all records of {@code series} if it is held in memory or cached on disk; no pass. */
    public static Optional<TensorSummary> known(Path trace, SummaryCache cache, TensorSeries series)
            throws IOException {
        return known(keys(trace, series), cache);
    }

    private static Optional<TensorSummary> known(Keys keys, SummaryCache cache) throws IOException {
        synchronized (MEMORY) {
            TensorSummary known = MEMORY.get(keys.memory());
            if (known != null) {
                return Optional.of(known);
            }
        }
        TensorSummary loaded = keys.disk().isPresent() && cache != null ? cache.load(keys.disk().get()).orElse(null)
                : null;
        if (loaded != null) {
            synchronized (MEMORY) {
                MEMORY.put(keys.memory(), loaded);
            }
        }
        return Optional.ofNullable(loaded);
    }

    /**
     * Names the summary of all records of {@code series} as they are now: equal keys, equal summaries
     * (for a series with no trace, the series object itself).
     */
    public static String key(Path trace, TensorSeries series) {
        return keys(trace, series).memory();
    }

    /**
     * The disk cache's key (which reads and hashes the trace's manifest: made once per call) and the
     * memory's, the disk key or, for a series with no trace, the series object's identity.
     */
    private record Keys(Optional<String> disk, String memory) {
    }

    private static Keys keys(Path trace, TensorSeries series) {
        int records = series.iterationCount();
        Optional<String> disk = trace != null ? SummaryCache.key(trace, series.id(), series.neuronCount(), records)
                : Optional.empty();
        return new Keys(disk, disk.orElse(System.identityHashCode(series) + "\n" + series.id() + "\n" + records));
    }

    /**
     * The series whose summary the chart of all records of {@code polylines} is drawn from: itself
     * up to {@link #MOST_RECORDS} records, else its records spread over the run (every s-th and the
     * last; {@link RecordSubsetSeries#spread}).
     */
    public static TensorSeries summarised(TensorSeries polylines) {
        int records = polylines.iterationCount();
        return records <= MOST_RECORDS ? polylines
                : new RecordSubsetSeries(polylines, RecordSubsetSeries.spread(0, records, MOST_RECORDS));
    }

    /** Forgets the summaries held in memory (the disk cache stays). */
    public static void clearMemory() {
        synchronized (MEMORY) {
            MEMORY.clear();
        }
    }

    /** One sequential pass over all records of {@code series}, no cache. */
    public static TensorSummary compute(TensorSeries series, IProgressMonitor monitor) throws IOException {
        return compute(series, null, null, monitor);
    }

    private static TensorSummary compute(TensorSeries series, Consumer<TensorSummary> preview, PassRider rider,
            IProgressMonitor monitor) throws IOException {
        int n = series.neuronCount();
        int records = series.iterationCount();
        SubMonitor sub = SubMonitor.convert(monitor, "Summarising " + series.id(), 100);
        Subset subset = subset(series, records);
        SummaryBinning binning = binning(subset, records);
        if (sub.isCanceled()) {
            throw new OperationCanceledException();
        }
        if (preview != null && records > 0 && subset.count() < n) {
            preview.accept(previewOf(subset, records, binning));
        }
        SummaryPass pass = new SummaryPass(n, records, binning, RESERVOIR_SEED);
        SubMonitor scan = sub.split(95).setWorkRemaining(Math.max(1, n));
        TilePass tiles = new TilePass().add(pass);
        Optional<RecordTileVisitor> riding = rider == null ? Optional.empty() : rider.board(sub);
        riding.ifPresent(tiles::add);
        tiles.run(series, 0, records, scan);
        TensorSummary summary = pass.finish();
        if (riding.isPresent()) {
            rider.arrived();
        }
        return summary;
    }

    /**
     * The binning every summary of all records of {@code series} uses, from its stratified subset:
     * for a pass split over machines (the Spark job), whose parts must bin alike.
     */
    public static SummaryBinning binning(TensorSeries series) throws IOException {
        int records = series.iterationCount();
        return binning(subset(series, records), records);
    }

    /** The polylines of the stratified subset, polyline-major over all records. */
    private record Subset(float[] values, int count) {
    }

    /** 16 blocks of 1024 consecutive polylines spread evenly over the neurons (all of them when few). */
    private static Subset subset(TensorSeries series, int records) throws IOException {
        int n = series.neuronCount();
        boolean all = n <= SUBSET_BLOCK * SUBSET_BLOCKS;
        int blocks = all ? (n + SUBSET_BLOCK - 1) / SUBSET_BLOCK : SUBSET_BLOCKS;
        int kept = 0;
        float[] values = new float[Math.min(n, SUBSET_BLOCK * SUBSET_BLOCKS) * records];
        float[] block = new float[SUBSET_BLOCK * records];
        for (int b = 0; b < blocks; b++) {
            int first = all ? b * SUBSET_BLOCK : (int) ((long) b * (n - SUBSET_BLOCK) / (SUBSET_BLOCKS - 1));
            int count = Math.min(SUBSET_BLOCK, n - first);
            if (records > 0) {
                series.readPolylines(first, count, 0, records, block);
            }
            System.arraycopy(block, 0, values, kept * records, count * records);
            kept += count;
        }
        return new Subset(values, kept);
    }

    /** The subset summarised as if it were the whole tensor: a first picture while the pass runs. */
    private static TensorSummary previewOf(Subset subset, int records, SummaryBinning binning) {
        int kept = subset.count();
        float[] tile = new float[kept * records];
        for (int k = 0; k < kept; k++) {
            for (int r = 0; r < records; r++) {
                tile[r * kept + k] = subset.values()[k * records + r];
            }
        }
        SummaryPass pass = new SummaryPass(kept, records, binning, RESERVOIR_SEED);
        pass.visit(0, kept, 0, records, tile, kept);
        return pass.finish();
    }

    /** The bulk range and linear zone from the stratified subset (all polylines when there are few). */
    private static SummaryBinning binning(Subset subset, int records) {
        float[] values = subset.values();
        int kept = subset.count();
        PolylineDensity.Scan scan = PolylineDensity.scan(new TensorSummary.KeptPolylines(values, kept, records, 0,
                records), null);
        // robust ends (a planted or diverging polyline in the subset must not stretch the bins over
        // decades), widened by half the span: what lies beyond is kept exactly as an excursion
        // the quantiles from at most QUANTILE_VALUES of the subset's values, evenly spaced (the
        // ranges are widened by a large margin; sorting all 1.6 M values cost more than the pass'
        // first strips), with a step prime to the record count so that every record is drawn from
        int step = Math.max(1, (kept * records + QUANTILE_VALUES - 1) / QUANTILE_VALUES);
        while (step > 1 && java.math.BigInteger.valueOf(step).gcd(java.math.BigInteger.valueOf(records)).intValue() != 1) {
            step++;
        }
        float[] finite = new float[(kept * records + step - 1) / step];
        int m = 0;
        for (int i = 0; i < kept * records; i += step) {
            if (Float.isFinite(values[i])) {
                finite[m++] = values[i];
            }
        }
        java.util.Arrays.sort(finite, 0, m);
        double lo = m == 0 ? 0 : finite[(int) Math.floor(TAIL * (m - 1))];
        double hi = m == 0 ? 1 : finite[(int) Math.ceil((1 - TAIL) * (m - 1))];
        double span = hi > lo ? hi - lo : Math.max(Math.abs(lo), 1);
        double margin = span / 2;
        // the core: 5 % to 95 % of the subset, widened by a quarter of that span on each side
        double coreLo = m == 0 ? lo : finite[(int) Math.floor(CORE_TAIL * (m - 1))];
        double coreHi = m == 0 ? hi : finite[(int) Math.ceil((1 - CORE_TAIL) * (m - 1))];
        double coreMargin = (coreHi - coreLo) / 4;
        return new SummaryBinning(lo - margin, hi + margin, scan.magnitudeQuantile(0.1), coreLo - coreMargin,
                coreHi + coreMargin);
    }
}
