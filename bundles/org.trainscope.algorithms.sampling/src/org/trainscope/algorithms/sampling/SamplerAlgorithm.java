package org.trainscope.algorithms.sampling;

import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.core.algorithms.AlgorithmParameters;
import org.trainscope.core.algorithms.IAlgorithm;

/**
 * The samplers as contributions to {@code org.trainscope.core.algorithms}: the declared
 * parameters (plugin.xml) become {@link SamplingParameters}, and the plain sampler runs.
 */
public abstract class SamplerAlgorithm implements IAlgorithm<PolylineSource, SamplingResult> {
    private final PolylineSampler sampler;

    protected SamplerAlgorithm(PolylineSampler sampler) {
        this.sampler = sampler;
    }

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
        return sampler.sample(input, parameters(p), monitor);
    }

    /** The declared parameters as the plain sampler takes them. */
    static SamplingParameters parameters(AlgorithmParameters p) {
        SamplingParameters.Builder b = SamplingParameters.builder().sampleCount(p.getInt("sampleCount"))
                .seed(p.getLong("seed"))
                .range(p.getInt("from"), p.getInt("to") < 0 ? SamplingParameters.TO_END : p.getInt("to"));
        if (p.has("positionWeight")) {
            b.segmentDistanceWeights(p.getDouble("positionWeight"), p.getDouble("directionWeight"));
        }
        if (p.has("candidateLimit")) {
            b.candidateLimit(p.getInt("candidateLimit"));
        }
        if (p.has("outlierLimit")) {
            b.outlierLimit(p.getInt("outlierLimit"));
        }
        return b.build();
    }

    /** Blue-noise polyline sampling; above its candidate limit it collects its candidates in a shared pass. */
    public static final class BlueNoise extends SamplerAlgorithm implements PassSharingSampler {
        private final BlueNoisePolylineSampler blueNoise;

        public BlueNoise() {
            this(new BlueNoisePolylineSampler());
        }

        private BlueNoise(BlueNoisePolylineSampler blueNoise) {
            super(blueNoise);
            this.blueNoise = blueNoise;
        }

        @Override
        public Optional<SamplingInPass> inPass(PolylineSource source, AlgorithmParameters parameters,
                IProgressMonitor cancellation) {
            return blueNoise.inPass(source, parameters(parameters), cancellation);
        }
    }

    /** Uniform random sampling, the baseline. */
    public static final class Random extends SamplerAlgorithm {
        public Random() {
            super(new RandomPolylineSampler());
        }
    }
}
