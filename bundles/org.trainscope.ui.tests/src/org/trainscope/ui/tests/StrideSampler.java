package org.trainscope.ui.tests;

import java.util.stream.IntStream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.algorithms.sampling.PolylineMetric;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.SamplingParameters;
import org.trainscope.algorithms.sampling.SamplingResult;
import org.trainscope.core.algorithms.AlgorithmParameters;
import org.trainscope.core.algorithms.IAlgorithm;

/**
 * A sampler contributed by this test bundle (plugin.xml) with parameters the product's samplers
 * do not have: every {@code stride}-th polyline, from the first or ({@code fromEnd}) the last. The
 * view knows nothing of it; it must list it and offer its declared parameters.
 */
public final class StrideSampler implements IAlgorithm<PolylineSource, SamplingResult> {
    public static final String ID = "org.trainscope.ui.tests.strideSampler";

    @Override
    public Class<PolylineSource> inputType() {
        return PolylineSource.class;
    }

    @Override
    public Class<SamplingResult> resultType() {
        return SamplingResult.class;
    }

    @Override
    public SamplingResult execute(PolylineSource input, AlgorithmParameters p, IProgressMonitor monitor) {
        int n = input.polylineCount();
        int stride = p.getInt("stride");
        boolean fromEnd = p.getBoolean("fromEnd");
        int[] order = IntStream.range(0, n).filter(i -> i % stride == 0).limit(p.getInt("sampleCount"))
                .map(i -> fromEnd ? n - 1 - i : i).toArray();
        PolylineMetric metric = PolylineMetric.estimate(input,
                SamplingParameters.builder().sampleCount(Math.max(1, order.length)).seed(1).build());
        return SamplingResult.withoutRadius(ID, order, metric);
    }
}
