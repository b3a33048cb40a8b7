package org.trainscope.algorithms.sampling;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.sampling.internal.SplitMix64;

/**
 * Uniform random sampling without replacement: the baseline blue noise is compared with. The
 * iteration range does not change which polylines are drawn, only the metric reported with them.
 */
public final class RandomPolylineSampler implements PolylineSampler {

    public static final String ID = "org.trainscope.algorithms.sampling.random";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public SamplingResult sample(PolylineSource source, SamplingParameters parameters, IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, "Random polyline sampling", 2);
        int n = source.polylineCount();
        int m = n == 0 ? 0 : parameters.resolveSampleCount(n);
        PolylineMetric metric = PolylineMetric.estimate(source, parameters);
        progress.worked(1);
        if (progress.isCanceled()) {
            throw new OperationCanceledException();
        }
        int[] chosen = new SplitMix64(parameters.seed()).sampleWithoutReplacement(n, m);
        progress.worked(1);
        return SamplingResult.withoutRadius(ID, chosen, metric);
    }
}
