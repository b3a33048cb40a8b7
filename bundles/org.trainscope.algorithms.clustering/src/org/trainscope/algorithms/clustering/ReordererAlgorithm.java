package org.trainscope.algorithms.clustering;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.core.algorithms.AlgorithmParameters;
import org.trainscope.core.algorithms.IAlgorithm;
import org.trainscope.core.math.FloatMatrix;

/** The matrix reorderers as contributions to {@code org.trainscope.core.algorithms} (kind {@code reorderer}). */
public abstract class ReordererAlgorithm implements IAlgorithm<FloatMatrix, Reordering> {

    @Override
    public Class<FloatMatrix> inputType() {
        return FloatMatrix.class;
    }

    @Override
    public Class<Reordering> resultType() {
        return Reordering.class;
    }

    /** Optimal leaf ordering over average linkage; no parameters. */
    public static final class OptimalLeaf extends ReordererAlgorithm {
        @Override
        public Reordering execute(FloatMatrix input, AlgorithmParameters p, IProgressMonitor monitor) {
            return new LeafOrderReorderer().reorder(input, monitor);
        }
    }

    /** Barycentric ordering. */
    public static final class Barycentric extends ReordererAlgorithm {
        @Override
        public Reordering execute(FloatMatrix input, AlgorithmParameters p, IProgressMonitor monitor) {
            return new BarycentricReorderer(p.getInt("sweeps")).reorder(input, monitor);
        }
    }
}
