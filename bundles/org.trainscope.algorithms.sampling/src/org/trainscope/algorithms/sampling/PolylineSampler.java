package org.trainscope.algorithms.sampling;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;

/**
 * Selects a subset of the polylines of a source. Implementations are plain, stateless classes:
 * deterministic for a given source and parameters (in particular the seed, whatever the thread
 * scheduling), cancellable and without UI.
 */
public interface PolylineSampler {

    /** @return a stable id, used as the cache key of results (with {@link #version()}) */
    String id();

    /** @return the algorithm version: a change means cached results are stale */
    int version();

    /**
     * @param monitor progress and cancellation; may be {@code null}
     * @throws OperationCanceledException when the monitor is cancelled
     */
    SamplingResult sample(PolylineSource source, SamplingParameters parameters, IProgressMonitor monitor);
}
