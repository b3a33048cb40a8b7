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
 * Reads the source once in blocks (in parallel) to build a compact feature table and a 16-bit copy
 * of each embedding, then a few passes over them; exact distances are computed only for the rare
 * pairs those bounds cannot settle, from polylines read again one at a time. Heap: about 190 bytes
 * per polyline at 32 segments plus the selected polylines' embeddings.
 */
public final class BlueNoisePolylineSampler implements PolylineSampler {

    public static final String ID = "org.trainscope.algorithms.sampling.blueNoise";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int version() {
        // 2: non-finite values enter the distance (sentinel segments) instead of being apart from all
        return 2;
    }

    @Override
    public SamplingResult sample(PolylineSource source, SamplingParameters parameters, IProgressMonitor monitor) {
        return sample(source, parameters, PolylineMetric.estimate(source, parameters), monitor);
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
        SubMonitor progress = SubMonitor.convert(monitor, "Blue-noise polyline sampling", 100);
        int n = source.polylineCount();
        if (metric.to() > source.length()) {
            throw new IllegalArgumentException("metric range [" + metric.from() + ", " + metric.to() + ") beyond the "
                    + source.length() + " points of the source");
        }
        if (n == 0) {
            return new SamplingResult(ID, new int[0], metric, 0, 0, 0, 0);
        }
        int wanted = parameters.resolveSampleCount(n);
        progress.worked(1);
        int[] candidateOrder = new SplitMix64(parameters.seed()).permutation(n);
        CandidateTable table = new FeatureExtractor(source, metric).extract(candidateOrder, progress.split(40));
        DartThrower thrower = new DartThrower(source, metric, table, wanted, parameters.directionPoolSize(),
                parameters.initialRadiusFactor());
        int[] selection = thrower.run(progress.split(59));
        return new SamplingResult(ID, selection, metric, thrower.initialRadius(), thrower.finalRadius(),
                thrower.passes(), table.nonFiniteCount());
    }
}
