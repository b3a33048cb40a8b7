package org.trainscope.core.tests.stubs;

import java.util.stream.IntStream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.trainscope.core.algorithms.AlgorithmParameters;
import org.trainscope.core.algorithms.IAlgorithm;

/** Picks every step-th index of [0, n): input Integer n, result int[] indices. */
public class EveryNthSampler implements IAlgorithm<Integer, int[]> {
    @Override
    public Class<Integer> inputType() {
        return Integer.class;
    }

    @Override
    public Class<int[]> resultType() {
        return int[].class;
    }

    @Override
    public int[] execute(Integer n, AlgorithmParameters parameters, IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
        int step = parameters.getInt("step");
        return IntStream.iterate(0, i -> i < n, i -> i + step).toArray();
    }
}
