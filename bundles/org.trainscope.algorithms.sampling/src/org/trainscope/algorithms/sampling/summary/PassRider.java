package org.trainscope.algorithms.sampling.summary;

import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.trace.RecordTileVisitor;

/**
 * Work that rides on a tensor's summary pass: when the summary has to be computed, its visitor sees
 * every tile of the one sequential pass beside the summary's (the sampler's candidates on a first open),
 * so the tensor is read once instead of once per consumer.
 */
public interface PassRider {
    /**
     * Called on the pass's thread just before the pass: the visitor to add to it, or empty to stay off.
     *
     * @param cancellation the pass's cancellation (no progress is to be reported to it)
     */
    Optional<RecordTileVisitor> board(IProgressMonitor cancellation);

    /** Called on the pass's thread once the pass has delivered every tile (not when it failed or was cancelled). */
    void arrived();
}
