package org.trainscope.algorithms.sampling.provider;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.sampling.OutlierLevel;
import org.trainscope.algorithms.sampling.PassSharingSampler;
import org.trainscope.algorithms.sampling.PathIsolation;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.SamplingQuality;
import org.trainscope.algorithms.sampling.SamplingResult;
import org.trainscope.algorithms.sampling.TensorSeriesPolylines;
import org.trainscope.core.algorithms.AlgorithmDescriptor;
import org.trainscope.core.algorithms.AlgorithmManager;
import org.trainscope.core.algorithms.AlgorithmParameters;
import org.trainscope.core.algorithms.ParameterDescriptor;
import org.trainscope.algorithms.sampling.summary.PassRider;
import org.trainscope.algorithms.sampling.summary.SampleCache;
import org.trainscope.algorithms.sampling.summary.SummaryCache;
import org.trainscope.algorithms.sampling.summary.TensorSummaries;
import org.trainscope.algorithms.sampling.summary.TensorSummary;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.trace.RecordTileVisitor;

/**
 * The training-dynamics data provider: for a {@link DynamicsRequest} (run, tensor, range, pixel
 * size, sampler and its parameters) it computes the {@link DynamicsChartModel} the Training
 * Dynamics view draws and {@code trainscope-cli export --view dynamics} writes. One pass for the
 * value range, one for the density of all polylines, the sampler through the algorithms extension
 * point, the outlier level from a subsample of all polylines, the groups of anomalous sampled
 * polylines ({@link NeuronGroupFinder}), then the picture. Plain Java,
 * cancellable through the monitor, no display needed:
 *
 * <pre>{@code
 * try (Run run = TraceRun.open(trace)) {
 *     TensorSeries t = run.tensor("e0.leakyrelu.act").orElseThrow();
 *     DynamicsChartModel chart = DynamicsChartProvider.compute(DynamicsRequest.of(run, t), null);
 *     DynamicsChartPainter.write(chart, Path.of("dynamics.svg")); // or .png, headless
 *     int[] order = DynamicsChartProvider.sample(DynamicsRequest.of(run, t), null).selectionOrder();
 * }
 * }</pre>
 */
public final class DynamicsChartProvider {
    /** Samples up to this size are drawn as lines; larger ones are rasterised with the density. */
    public static final int MAX_VECTOR_LINES = 1000;
    /** The share of the values that the symmetric-log axis keeps in its linear part. */
    static final double LINEAR_ZONE_QUANTILE = 0.1;
    /**
     * The share of a linear value axis below which the bulk of the values is squashed: at 1 % of a
     * 400-pixel chart the middle 99 % of the values lie within about 2 pixels.
     */
    public static final double SQUASHED_SHARE = 0.01;

    private DynamicsChartProvider() {
    }

    /**
     * Computes the chart. Throws {@link OperationCanceledException} when cancelled (or when the
     * run is closed in the workbench under it), IOException when the sampler is missing or fails,
     * IllegalArgumentException when a sampler parameter is not what the sampler declares.
     *
     * @param monitor progress and cancellation; null for none
     */
    public static DynamicsChartModel compute(DynamicsRequest r, IProgressMonitor monitor) throws IOException {
        return compute(r, (PolylineDensity.YAxis) null, null, monitor);
    }

    /**
     * As {@link #compute(DynamicsRequest, IProgressMonitor)}, progressive: when the tensor's summary
     * is not cached yet, {@code preview} first receives a chart of the stratified subset that fixes
     * the summary's bins (the density and value range of up to 16,384 polylines, no sample yet), within
     * about a second, while the one pass over all polylines runs; when the sample is not known yet,
     * {@code preview} then receives the density of all polylines while the sampler runs (minutes on
     * tens of millions of polylines); then the finished chart is returned.
     *
     * @param preview called at most twice, on the calling thread, with charts whose
     *                {@link DynamicsChartModel#isPreview()} is true and that have no sample; null for none
     */
    public static DynamicsChartModel compute(DynamicsRequest r, Consumer<DynamicsChartModel> preview,
            IProgressMonitor monitor) throws IOException {
        return compute(r, null, preview, monitor);
    }

    /**
     * The same tensor of two runs (a failing and a fixed VAE, two widths of a CNN) for two panels
     * on one value axis: the union of both finite ranges (or the first request's value window),
     * symmetric-log linear below the smaller of the two linear zones, so a row means the same value
     * in both. The requests' record ranges should cover the same iterations (the view maps the
     * second run's range from the first's); each chart keeps its own sample, outliers and groups.
     *
     * @param monitor progress and cancellation; null for none
     * @return the two charts, in the order asked
     */
    public static List<DynamicsChartModel> compare(DynamicsRequest first, DynamicsRequest second,
            IProgressMonitor monitor) throws IOException {
        SubMonitor sub = SubMonitor.convert(monitor, "Training dynamics of two runs", 10);
        PolylineDensity.Scan a = scan(first, sub.split(1));
        PolylineDensity.Scan b = scan(second, sub.split(1));
        PolylineDensity.YAxis axis;
        if (first.hasValueWindow()) {
            axis = new PolylineDensity.YAxis(first.valueLow(), first.valueHigh(), first.symlog(),
                    smaller(a.magnitudeQuantile(LINEAR_ZONE_QUANTILE), b.magnitudeQuantile(LINEAR_ZONE_QUANTILE)));
        } else {
            double lo = Math.min(a.empty() ? Double.POSITIVE_INFINITY : a.min(), b.empty() ? Double.POSITIVE_INFINITY : b.min());
            double hi = Math.max(a.empty() ? Double.NEGATIVE_INFINITY : a.max(), b.empty() ? Double.NEGATIVE_INFINITY : b.max());
            axis = PolylineDensity.YAxis.around(lo, hi, first.symlog(),
                    smaller(a.magnitudeQuantile(LINEAR_ZONE_QUANTILE), b.magnitudeQuantile(LINEAR_ZONE_QUANTILE)));
        }
        DynamicsChartModel one = compute(first, axis, null, sub.split(4));
        DynamicsChartModel two = compute(second.withSymlog(first.symlog()), axis, null, sub.split(4));
        return List.of(one, two);
    }

    private static PolylineDensity.Scan scan(DynamicsRequest shown, IProgressMonitor monitor) throws IOException {
        IProgressMonitor whileOpen = WhileRunOpen.of(monitor, shown.run());
        ChartRecords chart = ChartRecords.of(shown);
        DynamicsRequest r = chart.request();
        return summary(r, chart.series(), null, null, whileOpen).scan(r.fromRecord(), r.toRecord());
    }

    /** First passes in flight: a log-scale click or a zoom during a tensor's first pass joins it. */
    private static final SharedWork<TensorSummary, TensorSummary> FIRST_PASSES = new SharedWork<>();
    /** Samplings in flight, shared by the requests that need the same sample. */
    private static final SharedWork<SamplingResult, Void> SAMPLINGS = new SharedWork<>();

    /**
     * The summary of all polylines of the request's tensor (all records): from memory, the cache
     * beside the trace, or one sequential pass, shared by every request that needs it while it runs.
     * Every chart of the tensor, each zoom, pan and axis change, is drawn from it.
     *
     * @param preview receives the first picture's summary (the stratified subset's) on this thread
     *                while the pass runs; null for none
     * @param rider   boards the pass if this request starts one; null for none
     */
    static TensorSummary summary(DynamicsRequest r, TensorSeries polylines, Consumer<TensorSummary> preview,
            PassRider rider, IProgressMonitor monitor) throws IOException {
        Path trace = r.run() != null ? r.run().location() : null;
        SummaryCache cache = trace != null ? SummaryCache.of(trace) : null;
        try {
            Optional<TensorSummary> known = TensorSummaries.known(trace, cache, polylines);
            if (known.isPresent()) {
                return known.get();
            }
            return FIRST_PASSES.await(TensorSummaries.key(trace, polylines),
                    (flight, partial) -> TensorSummaries.get(trace, cache, polylines, partial, rider,
                            WhileRunOpen.of(flight, r.run())),
                    monitor, preview);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            if (monitor != null && monitor.isCanceled()) {
                throw new OperationCanceledException();
            }
            throw e;
        }
    }

    /** The request's value axis over a scan: its value window, or the finite range. */
    private static PolylineDensity.YAxis axis(DynamicsRequest r, PolylineDensity.YAxis shared,
            PolylineDensity.Scan scan) {
        double lo = scan.empty() ? Double.NaN : scan.min();
        double hi = scan.empty() ? Double.NaN : scan.max();
        // the log axis is linear below the magnitude of the smallest tenth of the values: their
        // noise around zero would otherwise be spread over decades and fill the chart
        double linearZone = scan.magnitudeQuantile(LINEAR_ZONE_QUANTILE);
        return shared != null ? shared : r.hasValueWindow()
                ? new PolylineDensity.YAxis(r.valueLow(), r.valueHigh(), r.symlog(), linearZone)
                : PolylineDensity.YAxis.around(lo, hi, r.symlog(), linearZone);
    }

    /** A first picture from the subset's summary: its density and range, no sample, no outliers. */
    private static DynamicsChartModel previewChart(ChartRecords chart, PolylineDensity.YAxis shared,
            TensorSummary subset) {
        DynamicsRequest r = chart.request();
        TensorSeries t = chart.series();
        PolylineDensity.Scan scan = subset.scan(r.fromRecord(), r.toRecord());
        PolylineDensity.YAxis axis = axis(r, shared, scan);
        int[] density = subset.density(axis, r.width(), r.height(), r.fromRecord(), r.toRecord());
        long[] iterations = Arrays.copyOfRange(t.iterations(), r.fromRecord(), r.toRecord());
        boolean all = subset.neuronCount() >= t.neuronCount();
        List<ChartFigure> figures = List.of(all
                ? new ChartFigure("density of all " + t.neuronCount() + " polylines",
                        "The density of every polyline, drawn while the sampler chooses the lines to show.")
                : new ChartFigure("first picture from " + subset.neuronCount() + " of " + t.neuronCount() + " polylines",
                        "The density of a stratified subset of the polylines, while one pass over all of them runs."));
        return new DynamicsChartModel(chart, densityImage(density, r.width(), r.height()), null, axis, iterations,
                new int[0], new int[0], new float[0], new boolean[0],
                new OutlierLevel(OutlierLevel.DEFAULT_FRACTION, Double.POSITIVE_INFINITY, 0), scan, figures, List.of(),
                true, squashesBulk(r, axis, subset));
    }

    /**
     * Whether a linear axis squeezes the bulk of the values into less than {@link #SQUASHED_SHARE} of
     * its height ({@link DynamicsChartModel#squashesBulk}); never for a value window the user chose.
     */
    private static boolean squashesBulk(DynamicsRequest r, PolylineDensity.YAxis axis, TensorSummary summary) {
        if (axis.symlog() || r.hasValueWindow()) {
            return false;
        }
        double bulk = Math.min(summary.bulkHigh(), axis.max()) - Math.max(summary.bulkLow(), axis.min());
        return bulk >= 0 && bulk < SQUASHED_SHARE * (axis.max() - axis.min());
    }

    /**
     * The most recently used sample of the same polylines over a range that holds {@code key}'s, with
     * its values read: the lines a zoom shows at once while its own range is sampled.
     */
    private static Optional<KnownSample> earlierLines(SampleKey key) {
        synchronized (SAMPLES) {
            KnownSample found = null;
            for (KnownSample k : SAMPLES.values()) { // least recently used first
                SampleKey other = k.key();
                float[] values = k.values().get();
                if (other.polylines().equals(key.polylines()) && other.fromRecord() <= key.fromRecord()
                        && key.toRecord() <= other.toRecord() && values != null && values.length
                                == (long) k.result().selectionOrder().length * (other.toRecord() - other.fromRecord())) {
                    found = k;
                }
            }
            return Optional.ofNullable(found);
        }
    }

    /**
     * A picture while a range is sampled: the density of all polylines and, as lines, the polylines of
     * a sample drawn before over a wider range, cut to this one (no outliers or groups yet: they are
     * the new sample's).
     */
    private static DynamicsChartModel previewWithLines(ChartRecords chart, PolylineDensity.YAxis shared,
            TensorSummary summary, KnownSample earlier) {
        DynamicsRequest r = chart.request();
        TensorSeries t = chart.series();
        PolylineDensity.Scan scan = summary.scan(r.fromRecord(), r.toRecord());
        PolylineDensity.YAxis axis = axis(r, shared, scan);
        int[] density = summary.density(axis, r.width(), r.height(), r.fromRecord(), r.toRecord());
        int[] sampled = earlier.result().sortedIndices();
        int length = r.toRecord() - r.fromRecord();
        int wider = earlier.key().toRecord() - earlier.key().fromRecord();
        int offset = r.fromRecord() - earlier.key().fromRecord();
        float[] all = earlier.values().get();
        float[] values = new float[sampled.length * length];
        for (int i = 0; i < sampled.length; i++) {
            System.arraycopy(all, i * wider + offset, values, i * length, length);
        }
        boolean[] outliers = new boolean[sampled.length];
        int[] lines = null;
        if (sampled.length > MAX_VECTOR_LINES) {
            lines = linesImage(rows(values, sampled.length, length, axis, r.height()), sampled.length, length,
                    outliers, r.width(), r.height());
        }
        long[] iterations = Arrays.copyOfRange(t.iterations(), r.fromRecord(), r.toRecord());
        List<ChartFigure> figures = List.of(new ChartFigure("lines of the wider range's sample",
                "The " + sampled.length + " polylines sampled over the range shown before, drawn while the sampler"
                        + " chooses the lines of this range (its outliers and groups come with them)."));
        return new DynamicsChartModel(chart, densityImage(density, r.width(), r.height()), lines, axis, iterations,
                sampled, earlier.result().selectionOrder(), values, outliers,
                new OutlierLevel(OutlierLevel.DEFAULT_FRACTION, Double.POSITIVE_INFINITY, 0), scan, figures, List.of(),
                true, squashesBulk(r, axis, summary));
    }

    /** The smaller of two linear zones, NaN (the axis' fallback) when neither is known. */
    private static double smaller(double x, double y) {
        if (Double.isNaN(x)) {
            return y;
        }
        return Double.isNaN(y) ? x : Math.min(x, y);
    }

    /** @param shared the value axis to draw on, null for the request's own */
    private static DynamicsChartModel compute(DynamicsRequest shown, PolylineDensity.YAxis shared,
            Consumer<DynamicsChartModel> preview, IProgressMonitor monitor) throws IOException {
        IProgressMonitor whileOpen = WhileRunOpen.of(monitor, shown.run());
        if (whileOpen.isCanceled()) {
            throw new OperationCanceledException();
        }
        ChartRecords chart = ChartRecords.of(shown);
        DynamicsRequest r = chart.request();
        TensorSeries t = chart.series();
        PolylineSource source = new GuardedPolylines(new TensorSeriesPolylines(t, r.fromRecord(), r.toRecord()),
                whileOpen);
        int ticks = PolylineDensity.ticks(source);
        SubMonitor sub = SubMonitor.convert(whileOpen, "Training dynamics of " + t.id(), 3 * ticks + 10);
        sub.subTask("Summarising all " + source.polylineCount() + " polylines");
        SampleKey sampleKey = sampleKey(r, t);
        // on a first open the sampler's candidates ride on the summary's pass: one read of the tensor
        PassRider rider = knownSample(sampleKey) == null ? new SamplingRider(r, t, sampleKey) : null;
        TensorSummary summary = summary(r, t, preview == null ? null
                : subset -> preview.accept(previewChart(chart, shared, subset)), rider, sub.split(ticks));
        PolylineDensity.Scan scan = summary.scan(r.fromRecord(), r.toRecord());
        PolylineDensity.YAxis axis = axis(r, shared, scan);
        int[] density = summary.density(axis, r.width(), r.height(), r.fromRecord(), r.toRecord());

        sub.subTask("Sampling");
        // a sampler may run for minutes on a huge tensor: meanwhile the view shows the density of all
        // polylines, with the lines of a sample drawn before over a wider range (a zoom) when there is one
        // (the records of a long run's chart are chosen per range: another range's points are other records)
        boolean ownRecords = chart.request() == chart.shown();
        Runnable beforeSampling = preview == null ? () -> { } : () -> preview.accept(earlierLines(sampleKey)
                .filter(earlier -> ownRecords).map(earlier -> previewWithLines(chart, shared, summary, earlier))
                .orElseGet(() -> previewChart(chart, shared, summary)));
        KnownSample known = cachedSample(r, t, sampleKey, beforeSampling, sub.split(2 * ticks));
        SamplingResult result = known.result();
        int[] sampled = result.sortedIndices();
        if (whileOpen.isCanceled()) {
            throw new OperationCanceledException();
        }
        float[] values;
        try {
            values = sampledValues(r, t, sampled, source.length(), known);
        } catch (IOException | RuntimeException e) {
            if (whileOpen.isCanceled()) {
                throw new OperationCanceledException();
            }
            throw e;
        }
        sub.subTask("Finding the most isolated paths");
        PathIsolation isolation = new PathIsolation(density, r.width(), r.height(), source.length());
        PolylineSource reservoir = summary.reservoir(r.fromRecord(), r.toRecord());
        OutlierLevel level = OutlierLevel.estimate(reservoir, axis, r.height(), isolation,
                OutlierLevel.DEFAULT_FRACTION, OutlierLevel.DEFAULT_SUBSAMPLE, r.seed(), whileOpen);
        sub.subTask("Measuring the sample");
        List<ChartFigure> figures = figures(new WithSample(reservoir, values, sampled.length), source.polylineCount(),
                result, WithSample.sampleIndices(reservoir, sampled.length));
        sub.worked(5);
        long[] iterations = Arrays.copyOfRange(t.iterations(), r.fromRecord(), r.toRecord());
        int length = source.length();
        int[] rows = rows(values, sampled.length, length, axis, r.height());
        boolean[] outliers = new boolean[sampled.length];
        for (int i = 0; i < sampled.length; i++) {
            outliers[i] = level.isOutlier(isolation.of(Arrays.copyOfRange(rows, i * length, (i + 1) * length)));
        }
        sub.subTask("Grouping the anomalous polylines");
        List<NeuronGroup> groups = NeuronGroupFinder.find(values, sampled, farOrOutlying(values, length, outliers, summary),
                result.metric(), iterations, whileOpen);
        int[] densityImage = densityImage(density, r.width(), r.height());
        int[] lines = sampled.length > MAX_VECTOR_LINES ? linesImage(rows, sampled.length, length, outliers,
                r.width(), r.height()) : null;
        sub.worked(5);
        return new DynamicsChartModel(chart, densityImage, lines, axis, iterations, sampled, result.selectionOrder(),
                values, outliers, level, scan, figures, groups, false, squashesBulk(r, axis, summary));
    }

    /**
     * The sampled polylines the anomalous groups are found among: the outliers, and those with a value
     * far beyond the tensor's bulk range (more than its width beyond it: about 15 standard deviations
     * for normal values). Isolation alone misses a few lines that diverge together: on a linear axis
     * stretched to 1e17 by them they share their pixels, so none is isolated, yet they are the failure
     * a researcher looks for.
     */
    static boolean[] farOrOutlying(float[] values, int length, boolean[] outliers, TensorSummary summary) {
        double width = summary.bulkHigh() - summary.bulkLow();
        double below = summary.bulkLow() - width;
        double above = summary.bulkHigh() + width;
        boolean[] anomalous = outliers.clone();
        for (int i = 0; i < anomalous.length; i++) {
            for (int j = i * length; j < (i + 1) * length && !anomalous[i]; j++) {
                float v = values[j];
                anomalous[i] = Float.isFinite(v) && (v < below || v > above);
            }
        }
        return anomalous;
    }

    /**
     * Only the sample: the request's sampler, sample size, seed and parameters over its polylines
     * and range (its pixel size and axis do not matter). What {@code trainscope-cli sample} prints:
     * {@link SamplingResult#selectionOrder()} are the polyline indices (neuron indices for the
     * default grouping) in the order the sampler chose them.
     *
     * @param monitor progress and cancellation; null for none
     */
    public static SamplingResult sample(DynamicsRequest shown, IProgressMonitor monitor) throws IOException {
        IProgressMonitor whileOpen = WhileRunOpen.of(monitor, shown.run());
        ChartRecords chart = ChartRecords.of(shown);
        DynamicsRequest r = chart.request();
        TensorSeries t = chart.series();
        PolylineSource source = new GuardedPolylines(new TensorSeriesPolylines(t, r.fromRecord(), r.toRecord()),
                whileOpen);
        return sample(sampler(r), r, source, whileOpen, whileOpen);
    }

    /** The sample size for a rate (share of the polylines, rounded, at least one) of a request's polylines. */
    public static int sampleCountForRate(DynamicsRequest r, double rate) {
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("sample rate " + rate + ": give a share in (0, 1]");
        }
        int polylines = r.grouping().polylines(r.tensor(), r.layout()).neuronCount();
        return (int) Math.max(1, Math.round(rate * polylines));
    }

    /**
     * The sampler's parameters for a request: its declared defaults, the request's further
     * parameters, and the sample size (at most {@code polylineCount}) and seed where the sampler
     * declares them.
     */
    public static AlgorithmParameters samplerParameters(AlgorithmDescriptor sampler, DynamicsRequest r,
            int polylineCount) {
        Set<String> declared = sampler.parameters().stream().map(ParameterDescriptor::name)
                .collect(Collectors.toSet());
        Map<String, Object> given = new HashMap<>(r.samplerParameters());
        if (declared.contains("sampleCount")) {
            given.put("sampleCount", (long) Math.min(r.sampleCount(), polylineCount));
        }
        if (declared.contains("seed")) {
            given.put("seed", r.seed());
        }
        return sampler.parameters(given);
    }

    /** Sampler results of the last few requests: a zoom or an axis change does not resample. */
    private static final Map<String, KnownSample> SAMPLES = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, KnownSample> eldest) {
            return size() > 8;
        }
    };

    /** Forgets the samples held in memory (those on disk stay): tests, and a user's "recompute". */
    public static void clearSampleMemory() {
        synchronized (SAMPLES) {
            SAMPLES.clear();
        }
    }

    /**
     * A request's sample, for a run read from a trace folder where it is kept on disk, and its
     * polylines' values once read (a zoom or an axis change draws the same ones again; never written to).
     */
    private record KnownSample(SamplingResult result, SampleKey key,
            java.util.concurrent.atomic.AtomicReference<float[]> values) {
        KnownSample(SamplingResult result, SampleKey key) {
            this(result, key, new java.util.concurrent.atomic.AtomicReference<>());
        }

        SampleCache disk() {
            return key.disk();
        }

        String diskKey() {
            return key.diskKey();
        }
    }

    /**
     * The sampled polylines' values, ascending: kept with the sample on disk, else handed over by the
     * sampler that held them (blue noise above its candidate limit), else read from the trace record
     * file by record file; then kept on disk. Read from a trace larger than memory they come from disk
     * at scattered places (11 to 20 s for 300 polylines of a 24 GB trace).
     */
    private static float[] sampledValues(DynamicsRequest r, TensorSeries t, int[] sampled, int length, KnownSample known)
            throws IOException {
        long count = (long) sampled.length * length;
        float[] held = known.values().get();
        if (held != null && held.length == count) {
            return held;
        }
        Optional<float[]> kept = known.disk() == null ? Optional.empty()
                : known.disk().loadValues(known.diskKey(), count);
        if (kept.isPresent()) {
            known.values().set(kept.get());
            return kept.get();
        }
        // only a sample just drawn can have them from its sampler: none on disk yet either way
        float[] values = known.result().selectedValues(length).orElse(null);
        if (values == null) {
            values = new float[Math.toIntExact(count)];
            t.readPolylines(sampled, r.fromRecord(), r.toRecord(), values);
        }
        if (known.disk() != null) {
            known.disk().saveValues(known.diskKey(), values, sampled.length);
        }
        known.values().set(values);
        return values;
    }

    /**
     * Where a request's sample is kept: in memory under {@code memory} (run, polylines and their
     * record count, range, sampler, size, seed and parameters), and for a run read from a trace folder
     * on disk beside it ({@link SampleCache}) under {@code diskKey}.
     */
    private record SampleKey(String memory, AlgorithmDescriptor sampler, SampleCache disk, String diskKey,
            String polylines, int fromRecord, int toRecord) {
    }

    private static SampleKey sampleKey(DynamicsRequest r, TensorSeries polylines) throws IOException {
        String where = r.run() != null ? String.valueOf(r.run().location()) : String.valueOf(System.identityHashCode(r.tensor()));
        String which = String.join("\n", where, polylines.id(), String.valueOf(polylines.neuronCount()),
                String.valueOf(polylines.iterationCount()));
        String key = String.join("\n", which, r.fromRecord() + ".." + r.toRecord(), r.samplerId(),
                String.valueOf(r.sampleCount()), String.valueOf(r.seed()),
                new java.util.TreeMap<>(r.samplerParameters()).toString());
        AlgorithmDescriptor sampler = sampler(r);
        Path trace = r.run() != null ? r.run().location() : null;
        Optional<String> diskKey = trace == null ? Optional.empty()
                : SampleCache.key(trace, new SampleCache.Request(polylines.id(), polylines.neuronCount(), r.fromRecord(),
                        r.toRecord(), r.samplerId(), sampler.version(), r.sampleCount(), r.seed(), r.samplerParameters()));
        return new SampleKey(key, sampler, diskKey.isPresent() ? SampleCache.of(trace) : null, diskKey.orElse(null),
                which, r.fromRecord(), r.toRecord());
    }

    /** The sample if it is held in memory or kept on disk (then held in memory too); null if not. */
    private static KnownSample knownSample(SampleKey key) throws IOException {
        synchronized (SAMPLES) {
            KnownSample known = SAMPLES.get(key.memory());
            if (known != null) {
                return known;
            }
        }
        SamplingResult result = key.disk() == null ? null : key.disk().load(key.diskKey()).orElse(null);
        return result == null ? null : remember(key, result);
    }

    /**
     * The sample of a request, computed once per key: held in memory for the last few requests and,
     * for a run read from a trace folder, on disk beside it; drawn by a {@link SharedWork} flight (which
     * a first pass may have started with the candidates it collected).
     *
     * @param beforeSampling run when the sample is not known and the sampler is about to run
     */
    private static KnownSample cachedSample(DynamicsRequest r, TensorSeries polylines, SampleKey key,
            Runnable beforeSampling, IProgressMonitor monitor) throws IOException {
        KnownSample known = knownSample(key);
        if (known != null) {
            return known;
        }
        beforeSampling.run();
        // on a thread of its own, shared with later requests for the same sample (a log-scale click
        // while it runs), and kept once drawn even if every request has gone meanwhile
        SamplingResult drawn = SAMPLINGS.await(key.memory(), key.polylines(), (flight, partial) -> {
            KnownSample meanwhile = knownSample(key); // drawn by a flight that ended as this one began
            if (meanwhile != null) {
                return meanwhile.result();
            }
            IProgressMonitor whileOpen = WhileRunOpen.of(flight, r.run());
            PolylineSource own = new GuardedPolylines(new TensorSeriesPolylines(polylines, r.fromRecord(), r.toRecord()),
                    whileOpen);
            return keep(key, sample(key.sampler(), r, own, whileOpen, whileOpen));
        }, monitor, null);
        synchronized (SAMPLES) {
            KnownSample kept = SAMPLES.get(key.memory());
            if (kept != null && kept.result() == drawn) {
                return kept; // the one whose values the next zoom finds in memory
            }
        }
        return remember(key, drawn);
    }

    /** A sample just drawn: saved on disk and held in memory. */
    private static SamplingResult keep(SampleKey key, SamplingResult sample) throws IOException {
        if (key.disk() != null) {
            key.disk().save(key.diskKey(), sample);
        }
        remember(key, sample);
        return sample;
    }

    private static KnownSample remember(SampleKey key, SamplingResult result) {
        return remember(key.memory(), new KnownSample(result, key));
    }

    /**
     * The request's sampler on the summary's pass, when it can take its polylines from it
     * ({@link PassSharingSampler}) and the chart covers all records the pass reads. Every call into the
     * sampler goes through its contribution's safe call: a sampler that throws is reported and leaves
     * the pass, which goes on for the summary; the sample is then drawn by {@code execute} as before (also
     * when it throws in {@code finish}, after the pass).
     * Once the pass has arrived, the sampling flight starts at once with the collected polylines, for the
     * request to join.
     */
    private static final class SamplingRider implements PassRider {
        private final DynamicsRequest r;
        private final TensorSeries polylines;
        private final SampleKey key;
        private PassSharingSampler.SamplingInPass sampling;
        private boolean thrown;

        SamplingRider(DynamicsRequest r, TensorSeries polylines, SampleKey key) {
            this.r = r;
            this.polylines = polylines;
            this.key = key;
        }

        @Override
        public Optional<RecordTileVisitor> board(IProgressMonitor cancellation) {
            if (r.fromRecord() != 0 || r.toRecord() != polylines.iterationCount() || SAMPLINGS.inFlight(key.memory())) {
                return Optional.empty();
            }
            PolylineSource source = new GuardedPolylines(new TensorSeriesPolylines(polylines, 0, polylines.iterationCount()),
                    cancellation);
            AlgorithmParameters parameters = samplerParameters(key.sampler(), r, source.polylineCount());
            sampling = key.sampler().call(a -> a instanceof PassSharingSampler p
                    ? p.inPass(source, parameters, cancellation).orElse(null) : null).orElse(null);
            if (sampling == null) {
                return Optional.empty();
            }
            return Optional.of((firstNeuron, neuronCount, firstRecord, recordCount, values, stride) -> {
                if (!thrown) {
                    thrown = key.sampler().call(a -> {
                        sampling.visit(firstNeuron, neuronCount, firstRecord, recordCount, values, stride);
                        return Boolean.TRUE;
                    }).isEmpty();
                }
            });
        }

        @Override
        public void arrived() {
            if (thrown) {
                return;
            }
            SAMPLINGS.start(key.memory(), key.polylines(), (flight, partial) -> {
                KnownSample meanwhile = knownSample(key);
                if (meanwhile != null) {
                    return meanwhile.result();
                }
                IProgressMonitor whileOpen = WhileRunOpen.of(flight, r.run());
                SamplingResult sample = key.sampler().call(a -> sampling.finish(whileOpen)).orElse(null);
                if (sample == null) {
                    if (whileOpen.isCanceled()) {
                        throw new OperationCanceledException();
                    }
                    // reported as the contribution's fault; the sampler may still sample on its own
                    PolylineSource own = new GuardedPolylines(new TensorSeriesPolylines(polylines, 0,
                            polylines.iterationCount()), whileOpen);
                    sample = sample(key.sampler(), r, own, whileOpen, whileOpen);
                }
                return keep(key, sample);
            });
        }
    }

    private static KnownSample remember(String key, KnownSample known) {
        synchronized (SAMPLES) {
            SAMPLES.put(key, known);
        }
        return known;
    }

    private static AlgorithmDescriptor sampler(DynamicsRequest r) throws IOException {
        return AlgorithmManager.getInstance().algorithm(r.samplerId()).filter(a -> a.kind().equals("sampler"))
                .orElseThrow(() -> new IOException("sampler " + r.samplerId() + " is not installed; installed: "
                        + AlgorithmManager.getInstance().algorithms("sampler").stream().map(AlgorithmDescriptor::id)
                                .toList()));
    }

    private static SamplingResult sample(AlgorithmDescriptor sampler, DynamicsRequest r, PolylineSource source,
            IProgressMonitor monitor, IProgressMonitor cancellation) throws IOException {
        AlgorithmParameters parameters = samplerParameters(sampler, r, source.polylineCount());
        SamplingResult result = sampler.execute(source, SamplingResult.class, parameters, monitor).orElse(null);
        if (result == null) {
            if (cancellation.isCanceled()) {
                throw new OperationCanceledException();
            }
            throw new IOException("the sampler " + sampler.name() + " failed; see the Error Log for its stack trace");
        }
        return result;
    }

    /** The header's figures; the radius only for samplers that have one (not random sampling). */
    /**
     * @param source  the polylines measured against: the summary's reservoir and the sample
     * @param total   polylines of the chart
     * @param sampled indices in {@code source} of the sampled polylines
     */
    static List<ChartFigure> figures(PolylineSource source, int total, SamplingResult result, int[] sampled) {
        List<ChartFigure> figures = new ArrayList<>();
        figures.add(new ChartFigure(sampled.length + " of " + total + " polylines sampled",
                "The sample drawn as lines over the density of all " + total + " polylines."));
        if (sampled.length < 2) {
            return figures;
        }
        String distance = " Distances are those the sampler uses: values scaled so that the bulk (0.5 % to 99.5 %, fenced"
                + " at 4 interquartile ranges) spans 0 to 1, averaged over the segments of both position and direction.";
        double minDistance = SamplingQuality.minimumPairwiseDistance(source, result.metric(), sampled);
        figures.add(new ChartFigure("min distance " + number(minDistance),
                "The smallest distance between two sampled polylines: larger means the sample has no near-duplicates."
                        + distance));
        double coverage = SamplingQuality.coverage(source, result.metric(), sampled, 2000, 7);
        figures.add(new ChartFigure("coverage " + number(coverage),
                "The largest distance from a polyline (of up to 2,000 drawn at random from a stratified reservoir of"
                        + " all) to its nearest sampled one:"
                        + " smaller means every polyline has a sampled one close by." + distance));
        SamplingQuality.Overdraw overdraw = SamplingQuality.overdraw(source, result.metric(), sampled, 400, 200, 10);
        figures.add(new ChartFigure(String.format(Locale.ROOT, "crowded pixels %.1f%%", 100 * overdraw.crowdedFraction()),
                "Of the pixels the sample covers (drawn on 400 × 200), the share crossed by more than 10 sampled"
                        + " polylines: lower means less clutter."));
        if (result.radius().isPresent()) {
            figures.add(new ChartFigure("radius " + number(result.radius().getAsDouble()),
                    "The blue-noise radius of the last pass: no two sampled polylines are closer than this"
                            + " (0 when the sampler gave up the spacing to reach the sample size)." + distance));
        }
        return figures;
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** The chart rows of {@code lines} polylines of {@code length} values, polyline after polyline. */
    private static int[] rows(float[] values, int lines, int length, PolylineDensity.YAxis axis, int height) {
        int[] rows = new int[lines * length];
        int[] ys = new int[length];
        for (int i = 0; i < lines; i++) {
            PolylineDensity.toRows(values, i * length, length, axis, height, ys);
            System.arraycopy(ys, 0, rows, i * length, length);
        }
        return rows;
    }

    /** Density as a white-to-grey-blue ramp on a log scale, opaque ARGB. */
    static int[] densityImage(int[] density, int w, int h) {
        int max = 0;
        for (int c : density) {
            max = Math.max(max, c);
        }
        double norm = max > 0 ? Math.log1p(max) : 1;
        int[] argb = new int[w * h];
        for (int p = 0; p < argb.length; p++) {
            int c = density[p];
            double t = c == 0 ? 0 : 0.15 + 0.85 * Math.log1p(c) / norm;
            argb[p] = 0xff000000 | DynamicsColours.density(t);
        }
        return argb;
    }

    /**
     * A large sample rasterised over a transparent background: the ordinary lines and the outliers
     * each go into a coverage buffer (a line counting once per pixel), drawn with one batch call per
     * buffer, which keeps the buffer writes in cache, so 10,000 sampled lines stay fast. A pixel
     * an outlier crosses is orange, else blue, more opaque where more lines cross it.
     */
    static int[] linesImage(int[] rows, int lines, int length, boolean[] outliers, int w, int h) {
        int[] blueHits = new int[w * h];
        int[] orangeHits = new int[w * h];
        boolean[] blue = new boolean[lines];
        for (int i = 0; i < lines; i++) {
            blue[i] = !outliers[i];
        }
        double xStep = length > 1 ? (w - 1) / (double) (length - 1) : 0;
        PolylineDensity.rasteriseAll(rows, lines, length, xStep, w, h, blueHits, blue);
        PolylineDensity.rasteriseAll(rows, lines, length, xStep, w, h, orangeHits, outliers);
        int[] argb = new int[w * h];
        for (int p = 0; p < argb.length; p++) {
            if (orangeHits[p] > 0) {
                argb[p] = alpha(0.9) | DynamicsColours.OUTLIER;
            } else if (blueHits[p] > 0) {
                argb[p] = alpha(Math.min(0.95, 0.45 + 0.1 * Math.log1p(blueHits[p]))) | DynamicsColours.LINE;
            }
        }
        return argb;
    }

    private static int alpha(double t) {
        return (int) Math.round(255 * t) << 24;
    }
}
