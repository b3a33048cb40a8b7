package org.trainscope.algorithms.clustering;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.core.algorithms.AlgorithmParameters;
import org.trainscope.core.algorithms.IAlgorithm;
import org.trainscope.core.math.FloatMatrix;

/**
 * The biclusterers as contributions to {@code org.trainscope.core.algorithms} (kind
 * {@code biclusterer}). Input: the weights between two groups' neurons or clusters (signed; the
 * methods work on |weight|).
 */
public abstract class BiclustererAlgorithm implements IAlgorithm<FloatMatrix, Biclustering> {

    @Override
    public Class<FloatMatrix> inputType() {
        return FloatMatrix.class;
    }

    @Override
    public Class<Biclustering> resultType() {
        return Biclustering.class;
    }

    /** Spectral co-clustering. */
    public static final class Spectral extends BiclustererAlgorithm {
        @Override
        public Biclustering execute(FloatMatrix input, AlgorithmParameters p, IProgressMonitor monitor) {
            return new SpectralCoclustering(p.getInt("restarts")).bicluster(input, p.getInt("k"), p.getLong("seed"),
                    monitor);
        }
    }

    /** Greedy Cheng-Church-style biclustering. */
    public static final class Greedy extends BiclustererAlgorithm {
        @Override
        public Biclustering execute(FloatMatrix input, AlgorithmParameters p, IProgressMonitor monitor) {
            return new ChengChurch(p.getInt("count"), p.getDouble("relativeDelta"), p.getDouble("alpha"),
                    p.getInt("minRows"), p.getInt("minColumns")).bicluster(input, monitor);
        }
    }
}
