package org.trainscope.algorithms.sampling;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.sampling.internal.CandidateTable;
import org.trainscope.algorithms.sampling.internal.DartThrower;
import org.trainscope.algorithms.sampling.internal.FeatureExtractor;
import org.trainscope.algorithms.sampling.internal.SplitMix64;

/**
 * DGMTracker's blue-noise polyline sampling: dart throwing over whole polylines under the
 * segment-wise distance of {@link PolylineMetric}, with an adaptive radius that reaches the
 * requested count and a direction-balance choice among acceptable candidates. See
 * docs/algorithms/blue-noise-polyline-sampling.md for the exact definitions.
 * <p>
 * Up to {@link SamplingParameters#candidateLimit() C} polylines it runs exactly on all of them: it
 * reads the source once in blocks (in parallel) to build a compact feature table and a 16-bit copy
 * of each embedding, then a few passes over them; exact distances are computed only for the rare
 * pairs those bounds cannot settle, from polylines read again one at a time. Heap: about 190 bytes
 * per polyline at 32 segments plus the selected polylines' embeddings.
 * <p>
 * Above C it makes one sequential pass ({@link CandidateCollector}, record tiles as stored) that
 * keeps a stratified subset of C polylines and the K most outlying others with their values, and
 * runs the exact sampler on those: heap bounded by C and K, not by the polyline count.
 */
public final class BlueNoisePolylineSampler implements PolylineSampler {

    public static final String ID = "org.trainscope.algorithms.sampling.blueNoise";

    /** The exact sampler's feature table is one int-indexed array of 8 floats per polyline. */
    public static final int EXACT_LIMIT = Integer.MAX_VALUE / CandidateTable.STRIDE;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int version() {
        // 2: non-finite values enter the distance (sentinel segments) instead of being apart from all
        // 3: above the candidate limit, the exact sampler on candidates (up to it, the same as 2)
        return 3;
    }

    @Override
    public SamplingResult sample(PolylineSource source, SamplingParameters parameters, IProgressMonitor monitor) {
        return sample(source, parameters, PolylineMetric.estimateForSampling(source, parameters), monitor);
    }

    /**
     * Samples under a given metric instead of one estimated from {@code source}. The distributed
     * reduction (distributed/, docs/scale-out.md) samples each partition of a tensor's polylines and
     * then the union of those samples: every step must measure distances exactly as the single-machine
     * sampler measures them on the whole tensor, so it estimates the metric once on the whole tensor.
     *
     * @param metric a metric whose range lies within the source's points
     */
    public SamplingResult sample(PolylineSource source, SamplingParameters parameters, PolylineMetric metric,
            IProgressMonitor monitor) {
        if (metric.to() > source.length()) {
            throw new IllegalArgumentException("metric range [" + metric.from() + ", " + metric.to() + ") beyond the "
                    + source.length() + " points of the source");
        }
        if (source.polylineCount() <= parameters.candidateLimit()) {
            return exact(source, parameters, metric, monitor);
        }
        SubMonitor progress = SubMonitor.convert(monitor, "Blue-noise polyline sampling of " + source.name(), 100);
        SubMonitor pass = progress.split(70);
        pass.beginTask("Collecting candidates of " + source.name(), source.polylineCount());
        CandidateCollector collector = new CandidateCollector(source, parameters, metric, pass);
        source.scanTiles(metric.from(), metric.to(), collector);
        return sample(collector.candidates(), parameters, progress.split(30));
    }

    /**
     * The candidate pass as a rider on a pass that serves other consumers too (a tensor's summary):
     * empty up to the candidate limit, where the exact sampler reads the source itself; above it the
     * {@link CandidateCollector} for the source's range, whose {@code finish} gives what
     * {@link #sample(PolylineSource, SamplingParameters, IProgressMonitor)} gives.
     *
     * @param source       the polylines the pass's tiles hold (tile record i is point i)
     * @param cancellation checked by the collector at every strip
     */
    public java.util.Optional<PassSharingSampler.SamplingInPass> inPass(PolylineSource source,
            SamplingParameters parameters, IProgressMonitor cancellation) {
        if (source.polylineCount() <= parameters.candidateLimit()) {
            return java.util.Optional.empty();
        }
        PolylineMetric metric = PolylineMetric.estimateForSampling(source, parameters);
        CandidateCollector collector = new CandidateCollector(source, parameters, metric,
                cancellation == null ? null : new org.eclipse.core.runtime.ProgressMonitorWrapper(cancellation) {
                    @Override
                    public void worked(int work) {
                        // the pass reports its progress itself
                    }
                });
        return java.util.Optional.of(new PassSharingSampler.SamplingInPass() {
            @Override
            public void visit(int firstNeuron, int neuronCount, int firstRecord, int recordCount, float[] values,
                    int stride) {
                collector.visit(firstNeuron, neuronCount, firstRecord, recordCount, values, stride);
            }

            @Override
            public SamplingResult finish(IProgressMonitor monitor) {
                return sample(collector.candidates(), parameters, monitor);
            }
        });
    }

    /**
     * Runs the exact sampler on the candidates a finished {@link CandidateCollector} kept (for a
     * pass that served other consumers too) and maps the selection back to polyline indices.
     */
    public SamplingResult sample(CandidateCollector.Candidates candidates, SamplingParameters parameters,
            IProgressMonitor monitor) {
        int wanted = Math.min(parameters.resolveSampleCount(candidates.sourceCount()), candidates.polylineCount());
        SamplingParameters onCandidates = parameters.toBuilder().sampleCount(Math.max(1, wanted))
                .range(0, SamplingParameters.TO_END).build();
        SamplingResult sampled = exact(candidates, onCandidates, candidates.metric(), monitor);
        int[] order = sampled.selectionOrder();
        int[] selection = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            selection[i] = candidates.polyline(order[i]);
        }
        SamplingResult result = new SamplingResult(ID, selection, candidates.sourceMetric(), sampled.initialRadius(),
                sampled.finalRadius(), sampled.passes(), (int) Math.min(Integer.MAX_VALUE,
                        candidates.sourceNonFiniteCount()));
        return withValuesOf(result, candidates, order);
    }

    /** Most values of a sample handed over with it (a sample's values beyond that are read by whoever draws them). */
    static final long MOST_SELECTED_VALUES = 1 << 24;

    /**
     * The result with the selected polylines' values, which the candidates hold: the view need not
     * read them from the trace again (on a trace larger than memory, 300 polylines read from 100
     * record files took 20 s).
     *
     * @param order the selected candidates, in the result's selection order
     */
    private static SamplingResult withValuesOf(SamplingResult result, CandidateCollector.Candidates candidates,
            int[] order) {
        int length = candidates.length();
        if (!candidates.holdWholePolylines() || (long) order.length * length > MOST_SELECTED_VALUES) {
            return result;
        }
        // candidates are indexed by ascending polyline: ascending candidate indices are ascending polylines
        int[] ascending = order.clone();
        java.util.Arrays.sort(ascending);
        float[] values = new float[order.length * length];
        float[] row = new float[length];
        for (int i = 0; i < ascending.length; i++) {
            candidates.read(ascending[i], 1, row);
            System.arraycopy(row, 0, values, i * length, length);
        }
        return result.withSelectedValues(values, length);
    }

    /** The sampler on every polyline of {@code source}. */
    private SamplingResult exact(PolylineSource source, SamplingParameters parameters, PolylineMetric metric,
            IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, "Blue-noise polyline sampling", 100);
        int n = source.polylineCount();
        if (n == 0) {
            return new SamplingResult(ID, new int[0], metric, 0, 0, 0, 0);
        }
        int wanted = parameters.resolveSampleCount(n);
        checkExactLimits(source, n, wanted, metric);
        progress.worked(1);
        int[] candidateOrder = new SplitMix64(parameters.seed()).permutation(n);
        CandidateTable table = new FeatureExtractor(source, metric).extract(candidateOrder, progress.split(40));
        DartThrower thrower = new DartThrower(source, metric, table, wanted, parameters.directionPoolSize(),
                parameters.initialRadiusFactor());
        int[] selection = thrower.run(progress.split(59));
        return new SamplingResult(ID, selection, metric, thrower.initialRadius(), thrower.finalRadius(),
                thrower.passes(), table.nonFiniteCount());
    }

    /** The sizes that remain int-indexed on the exact path, checked before anything is allocated. */
    private static void checkExactLimits(PolylineSource source, int n, int wanted, PolylineMetric metric) {
        if (n > EXACT_LIMIT) {
            throw new IllegalArgumentException("blue noise over " + source.name() + ": " + n
                    + " polylines exceed the exact sampler's limit of " + EXACT_LIMIT
                    + " (its feature table); use a candidate limit below that");
        }
        long selectedValues = (long) wanted * Math.max(metric.embeddingLength(), CandidateTable.STRIDE);
        if (selectedValues > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("blue noise over " + source.name() + ": a sample of " + wanted
                    + " polylines of " + metric.embeddingLength() + " embedding values exceeds the limit of "
                    + (Integer.MAX_VALUE - 8) / Math.max(metric.embeddingLength(), CandidateTable.STRIDE)
                    + " selected polylines (their embeddings are one array)");
        }
    }
}
