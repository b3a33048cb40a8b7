package org.trainscope.algorithms.clustering.provider;

import java.util.Map;
import java.util.Objects;

import org.trainscope.algorithms.clustering.NeuronFeatures;
import org.trainscope.core.model.Run;

/**
 * What the CNNVis picture is computed for.
 *
 * @param run the run
 * @param iteration the training iteration; each tensor's record at or before it is used; -1 = the
 *        last recorded activations
 * @param clustererId a {@code clusterer} of {@code org.trainscope.core.algorithms}
 * @param clustererParameters its declared parameters that differ from the defaults (name to text);
 *        {@code features} is set from {@code features} below
 * @param biclustererId a {@code biclusterer}
 * @param biclustererParameters its declared parameters that differ from the defaults
 * @param reordererId a {@code reorderer} for the activation facets
 * @param features what describes a neuron to the clusterer
 * @param encoding the edge colour coding the model's {@link CnnVisModel#legend()} is for
 * @param width the picture's width in pixels
 * @param height the picture's height in pixels
 * @param sizeCoding what a cluster rectangle's area stands for
 * @param edits the user's cluster edits, applied after clustering and before packing and biclustering
 * @param aggregateLayers true (CNNVis's default) for layer groups of conv + activation + pooling;
 *        false for a group per layer whose activation is recorded ({@link LayerGroups#of(Run, boolean)})
 */
public record CnnVisRequest(Run run, long iteration, String clustererId, Map<String, String> clustererParameters,
        String biclustererId, Map<String, String> biclustererParameters, String reordererId,
        NeuronFeatures.Kind features, EdgeEncoding encoding, int width, int height, SizeCoding sizeCoding,
        ClusterEdits edits, boolean aggregateLayers) {

    public static final String K_MEANS = "org.trainscope.algorithms.clustering.kMeans";
    public static final String MEAN_SHIFT = "org.trainscope.algorithms.clustering.meanShift";
    public static final String SPECTRAL = "org.trainscope.algorithms.clustering.spectralCoclustering";
    public static final String CHENG_CHURCH = "org.trainscope.algorithms.clustering.chengChurch";
    public static final String OPTIMAL_LEAF = "org.trainscope.algorithms.clustering.optimalLeafOrdering";
    public static final String BARYCENTRIC = "org.trainscope.algorithms.clustering.barycentric";

    public CnnVisRequest {
        Objects.requireNonNull(run, "run");
        clustererParameters = Map.copyOf(clustererParameters);
        biclustererParameters = Map.copyOf(biclustererParameters);
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(sizeCoding, "sizeCoding");
        Objects.requireNonNull(edits, "edits");
        if (width < 50 || height < 50) {
            throw new IllegalArgumentException("a picture of " + width + " x " + height + " is too small");
        }
    }

    /** A request without edits, clusters sized by their neurons (the form before edits existed). */
    public CnnVisRequest(Run run, long iteration, String clustererId, Map<String, String> clustererParameters,
            String biclustererId, Map<String, String> biclustererParameters, String reordererId,
            NeuronFeatures.Kind features, EdgeEncoding encoding, int width, int height) {
        this(run, iteration, clustererId, clustererParameters, biclustererId, biclustererParameters, reordererId,
                features, encoding, width, height, SizeCoding.NEURONS, ClusterEdits.NONE, true);
    }

    /** A request with aggregated layer groups. */
    public CnnVisRequest(Run run, long iteration, String clustererId, Map<String, String> clustererParameters,
            String biclustererId, Map<String, String> biclustererParameters, String reordererId,
            NeuronFeatures.Kind features, EdgeEncoding encoding, int width, int height, SizeCoding sizeCoding,
            ClusterEdits edits) {
        this(run, iteration, clustererId, clustererParameters, biclustererId, biclustererParameters, reordererId,
                features, encoding, width, height, sizeCoding, edits, true);
    }

    /**
     * The view's defaults: the last record, k-means with k suggested up to 8, mean activation per
     * class, spectral co-clustering into 3 bundles, optimal leaf ordering, weights.
     */
    public static CnnVisRequest of(Run run, int width, int height) {
        return new CnnVisRequest(run, -1, K_MEANS, Map.of("kMax", "8"), SPECTRAL, Map.of("k", "3"), OPTIMAL_LEAF,
                NeuronFeatures.Kind.MEAN_PER_CLASS, EdgeEncoding.WEIGHT, width, height);
    }

    public CnnVisRequest withClusterer(String id, Map<String, String> parameters) {
        return new CnnVisRequest(run, iteration, id, parameters, biclustererId, biclustererParameters, reordererId,
                features, encoding, width, height, sizeCoding, edits, aggregateLayers);
    }

    public CnnVisRequest withBiclusterer(String id, Map<String, String> parameters) {
        return new CnnVisRequest(run, iteration, clustererId, clustererParameters, id, parameters, reordererId,
                features, encoding, width, height, sizeCoding, edits, aggregateLayers);
    }

    public CnnVisRequest withReorderer(String id) {
        return new CnnVisRequest(run, iteration, clustererId, clustererParameters, biclustererId,
                biclustererParameters, id, features, encoding, width, height, sizeCoding, edits, aggregateLayers);
    }

    public CnnVisRequest withFeatures(NeuronFeatures.Kind kind) {
        return new CnnVisRequest(run, iteration, clustererId, clustererParameters, biclustererId,
                biclustererParameters, reordererId, kind, encoding, width, height, sizeCoding, edits, aggregateLayers);
    }

    public CnnVisRequest withEncoding(EdgeEncoding e) {
        return new CnnVisRequest(run, iteration, clustererId, clustererParameters, biclustererId,
                biclustererParameters, reordererId, features, e, width, height, sizeCoding, edits, aggregateLayers);
    }

    public CnnVisRequest withIteration(long i) {
        return new CnnVisRequest(run, i, clustererId, clustererParameters, biclustererId, biclustererParameters,
                reordererId, features, encoding, width, height, sizeCoding, edits, aggregateLayers);
    }

    public CnnVisRequest withSize(int w, int h) {
        return new CnnVisRequest(run, iteration, clustererId, clustererParameters, biclustererId,
                biclustererParameters, reordererId, features, encoding, w, h, sizeCoding, edits, aggregateLayers);
    }

    public CnnVisRequest withSizeCoding(SizeCoding s) {
        return new CnnVisRequest(run, iteration, clustererId, clustererParameters, biclustererId,
                biclustererParameters, reordererId, features, encoding, width, height, s, edits, aggregateLayers);
    }

    public CnnVisRequest withEdits(ClusterEdits e) {
        return new CnnVisRequest(run, iteration, clustererId, clustererParameters, biclustererId,
                biclustererParameters, reordererId, features, encoding, width, height, sizeCoding, e, aggregateLayers);
    }

    public CnnVisRequest withAggregateLayers(boolean aggregate) {
        return new CnnVisRequest(run, iteration, clustererId, clustererParameters, biclustererId,
                biclustererParameters, reordererId, features, encoding, width, height, sizeCoding, edits, aggregate);
    }
}
