package org.trainscope.algorithms.sampling;

import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.core.algorithms.AlgorithmParameters;
import org.trainscope.trace.RecordTileVisitor;

/**
 * What a sampler contributed to {@code org.trainscope.core.algorithms} may implement besides
 * {@code IAlgorithm<PolylineSource, SamplingResult>}: taking its polylines from a pass over a tensor's
 * record tiles that other consumers share, instead of reading the source itself. When a tensor is
 * opened for the first time, the Training Dynamics provider makes one sequential pass for the
 * tensor's summary; a sampler that rides on it spares the user a second pass over a tensor of tens
 * of millions of polylines. Blue noise does so above its candidate limit (its
 * {@link CandidateCollector}); a plugin sampler joins the same way.
 * <p>
 * The provider calls every method through the contribution's safe call: a sampler that throws is
 * reported as the contribution's fault, the shared pass goes on without it, and the sample is then
 * drawn by {@code execute} as usual.
 */
public interface PassSharingSampler {

    /**
     * A sampling of {@code source} fed by a shared pass, or empty when this sampler, for this source
     * and these parameters, reads the source itself (then {@code execute} runs after the pass).
     * Small reads of the source here (to estimate a metric) are allowed; the pass has not started.
     *
     * @param source       the polylines: one per neuron of the tensor the pass scans, one point per
     *                     record (a tile's record {@code i} is the polylines' point {@code i})
     * @param parameters   the sampler's declared parameters, as {@code execute} would get them
     * @param cancellation checked for cancellation by the returned sampling while it collects; no
     *                     progress is reported to it (the pass reports its own)
     */
    Optional<SamplingInPass> inPass(PolylineSource source, AlgorithmParameters parameters,
            IProgressMonitor cancellation);

    /**
     * A sampling fed by a pass: every tile of the pass (strips of polylines in ascending order, each
     * strip's records before the next strip, as {@code TensorSeries#scanRecordTiles} delivers them),
     * then {@link #finish}.
     */
    interface SamplingInPass extends RecordTileVisitor {
        /**
         * The sample, once the pass has delivered every tile: what {@code execute} on the source would
         * have given for the same parameters.
         *
         * @param monitor progress and cancellation
         */
        SamplingResult finish(IProgressMonitor monitor);
    }
}
