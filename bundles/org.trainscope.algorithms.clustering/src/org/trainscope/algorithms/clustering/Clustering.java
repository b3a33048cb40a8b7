package org.trainscope.algorithms.clustering;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import org.trainscope.core.math.FloatMatrix;

/**
 * Neurons grouped into clusters. Rows (neurons) whose features are all finite are clustered into
 * {@link #finiteClusterCount()} clusters, numbered 0..k-1, each with a centroid. Rows with a NaN or
 * infinite feature are never clustered with the others (one of them would move a centroid to NaN
 * or infinity): they all go to one extra cluster, number k, with no centroid, and are listed in
 * {@link #nonFiniteRows()} so a view can show them as their own group.
 *
 * @param assignment    cluster of every row, 0..k-1, or k for rows with non-finite features
 * @param centroids     k x features: the centroid (k-means) or mode (mean shift) of each finite cluster
 * @param cost          sum over finite rows of the squared Euclidean distance to their centroid
 * @param nonFiniteRows rows with a non-finite feature, ascending
 * @param scoreByK      when k was suggested: the criterion's score of each k tried (empty otherwise)
 * @param method        how the clusters and their number were found, for reports
 */
public record Clustering(int[] assignment, FloatMatrix centroids, double cost, int[] nonFiniteRows,
        Map<Integer, Double> scoreByK, String method) {

    public Clustering {
        assignment = assignment.clone();
        nonFiniteRows = nonFiniteRows.clone();
        scoreByK = java.util.Collections.unmodifiableMap(new TreeMap<>(scoreByK));
    }

    /** k: clusters of rows with finite features (the non-finite group not counted). */
    public int finiteClusterCount() {
        return centroids.rows();
    }

    /** Clusters including the group of non-finite rows when there is one. */
    public int clusterCount() {
        return finiteClusterCount() + (nonFiniteRows.length > 0 ? 1 : 0);
    }

    /** The cluster number of the rows with non-finite features (= {@link #finiteClusterCount()}). */
    public int nonFiniteCluster() {
        return finiteClusterCount();
    }

    /** The rows of cluster {@code c}, ascending. */
    public int[] members(int c) {
        return java.util.stream.IntStream.range(0, assignment.length).filter(r -> assignment[r] == c).toArray();
    }

    /** Number of rows in each cluster (length {@link #clusterCount()}). */
    public int[] sizes() {
        int[] sizes = new int[clusterCount()];
        for (int c : assignment) {
            sizes[c]++;
        }
        return sizes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Clustering other && Arrays.equals(assignment, other.assignment)
                && centroids.rows() == other.centroids.rows() && Arrays.equals(centroids.data(), other.centroids.data())
                && Double.compare(cost, other.cost) == 0 && Arrays.equals(nonFiniteRows, other.nonFiniteRows)
                && scoreByK.equals(other.scoreByK) && method.equals(other.method);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(assignment) * 31 + Double.hashCode(cost);
    }

    @Override
    public String toString() {
        return method + ": " + clusterCount() + " clusters of sizes " + Arrays.toString(sizes()) + ", cost "
                + cost + (nonFiniteRows.length > 0 ? ", " + nonFiniteRows.length + " non-finite rows" : "");
    }
}
