package org.trainscope.algorithms.sampling.tests;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.algorithms.sampling.PassSharingSampler;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.RandomPolylineSampler;
import org.trainscope.algorithms.sampling.SamplerAlgorithm;
import org.trainscope.algorithms.sampling.SamplingResult;
import org.trainscope.core.algorithms.AlgorithmParameters;

/**
 * A plug-in sampler (fragment.xml) that rides on the shared pass and throws: in its visitor at the first
 * tile, or (with {@link #THROW_IN_FINISH}) in {@code finish} after collecting every tile.
 */
public final class RiderThrowingSampler extends SamplerAlgorithm implements PassSharingSampler {
    static final String ID = "test.sampler.riderThrows";
    /** Tiles the pass handed to the visitor. */
    static final AtomicInteger VISITS = new AtomicInteger();
    static final AtomicInteger FINISHES = new AtomicInteger();
    /** Throw in finish instead of at the first tile. */
    static volatile boolean THROW_IN_FINISH;

    public RiderThrowingSampler() {
        super(new RandomPolylineSampler());
    }

    @Override
    public Optional<SamplingInPass> inPass(PolylineSource source, AlgorithmParameters parameters,
            IProgressMonitor cancellation) {
        return Optional.of(new SamplingInPass() {
            @Override
            public void visit(int firstNeuron, int neuronCount, int firstRecord, int recordCount, float[] values,
                    int stride) {
                VISITS.incrementAndGet();
                if (!THROW_IN_FINISH) {
                    throw new IllegalStateException("stub sampler: fails while riding on the pass");
                }
            }

            @Override
            public SamplingResult finish(IProgressMonitor monitor) {
                FINISHES.incrementAndGet();
                throw new IllegalStateException("stub sampler: fails in finish");
            }
        });
    }
}
