package org.trainscope.core.algorithms;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;

/**
 * An analysis as a plain class: typed input, typed result, declared parameters, one cancellable
 * {@link #execute}. No UI: the control panel renders the declared parameters, the CLI parses
 * them, and both call the same method. Deterministic for equal input, parameters and seed.
 *
 * @param <I> input type (e.g. a polyline source)
 * @param <R> result type
 */
public interface IAlgorithm<I, R> {

    Class<I> inputType();

    Class<R> resultType();

    /**
     * Runs the algorithm. Checks {@code monitor.isCanceled()} in its loops and throws
     * {@link OperationCanceledException} when asked to stop.
     */
    R execute(I input, AlgorithmParameters parameters, IProgressMonitor monitor);
}
