package org.trainscope.core.tests.stubs;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.core.algorithms.AlgorithmParameters;

/** A sampler whose execute throws, as a buggy plug-in's would. */
public class ThrowingSampler extends EveryNthSampler {
    @Override
    public int[] execute(Integer n, AlgorithmParameters parameters, IProgressMonitor monitor) {
        throw new UnsupportedOperationException("execute fails on purpose");
    }
}
