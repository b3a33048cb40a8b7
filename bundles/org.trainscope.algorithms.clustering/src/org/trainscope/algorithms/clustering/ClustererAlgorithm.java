package org.trainscope.algorithms.clustering;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.core.algorithms.AlgorithmParameters;
import org.trainscope.core.algorithms.IAlgorithm;
import org.trainscope.core.math.FloatMatrix;

/**
 * The neuron clusterers as contributions to {@code org.trainscope.core.algorithms} (kind
 * {@code clusterer}): the declared {@code features} parameter turns the layer's activations into a
 * neurons x features matrix ({@link NeuronFeatures}), then the plain clusterer runs.
 */
public abstract class ClustererAlgorithm implements IAlgorithm<NeuronActivations, Clustering> {

    @Override
    public Class<NeuronActivations> inputType() {
        return NeuronActivations.class;
    }

    @Override
    public Class<Clustering> resultType() {
        return Clustering.class;
    }

    @Override
    public Clustering execute(NeuronActivations input, AlgorithmParameters p, IProgressMonitor monitor) {
        FloatMatrix features = NeuronFeatures.of(NeuronFeatures.Kind.fromId(p.getString("features")), input);
        return cluster(features, p, monitor);
    }

    protected abstract Clustering cluster(FloatMatrix features, AlgorithmParameters p, IProgressMonitor monitor);

    /** k-means; k = 0 asks for the k of the best silhouette up to kMax. */
    public static final class KMeansClusterer extends ClustererAlgorithm {
        @Override
        protected Clustering cluster(FloatMatrix features, AlgorithmParameters p, IProgressMonitor monitor) {
            KMeans kMeans = new KMeans(p.getInt("restarts"), p.getInt("maxIterations"));
            int k = p.getInt("k");
            return k > 0 ? kMeans.cluster(features, k, p.getLong("seed"), monitor)
                    : kMeans.suggest(features, p.getInt("kMax"), p.getLong("seed"), monitor);
        }
    }

    /** Mean shift; bandwidth 0 asks for the estimate. */
    public static final class MeanShiftClusterer extends ClustererAlgorithm {
        @Override
        protected Clustering cluster(FloatMatrix features, AlgorithmParameters p, IProgressMonitor monitor) {
            MeanShift.Kernel kernel = MeanShift.Kernel.valueOf(p.getString("kernel").toUpperCase(java.util.Locale.ROOT));
            return new MeanShift(kernel, p.getInt("maxIterations")).cluster(features, p.getDouble("bandwidth"),
                    p.getDouble("quantile"), monitor);
        }
    }
}
