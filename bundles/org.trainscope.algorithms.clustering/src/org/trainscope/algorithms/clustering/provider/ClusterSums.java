package org.trainscope.algorithms.clustering.provider;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.trainscope.core.math.FloatMatrix;

/** The neuron-pair sums of {@link EdgeSums} pooled over pairs of clusters, and bundles over sets of them. */
final class ClusterSums {
    private final int rows;
    private final int cols;
    private final double[][] sums; // per cell: weight, |weight|, gradient, |change|, |previous|, count

    ClusterSums(EdgeSums s, List<CnnVisModel.Cluster> from, List<CnnVisModel.Cluster> to) {
        rows = from.size();
        cols = to.size();
        sums = new double[rows * cols][6];
        int[] fromCluster = clusterOf(from, s.in);
        int[] toCluster = clusterOf(to, s.out);
        for (int a = 0; a < s.in; a++) {
            for (int b = 0; b < s.out; b++) {
                int n = a * s.out + b;
                double[] cell = sums[fromCluster[a] * cols + toCluster[b]];
                cell[0] += s.weight[n];
                cell[1] += s.absWeight[n];
                cell[2] += s.gradient[n];
                cell[3] += s.absChange[n];
                cell[4] += s.absPrevious[n];
                cell[5] += s.count[n];
            }
        }
    }

    private static int[] clusterOf(List<CnnVisModel.Cluster> clusters, int n) {
        int[] of = new int[n];
        for (int c = 0; c < clusters.size(); c++) {
            for (int m : clusters.get(c).members()) {
                of[m] = c;
            }
        }
        return of;
    }

    /** Clusters of one group x clusters of the next: the mean |weight| of their connections. */
    FloatMatrix meanAbsWeight() {
        FloatMatrix m = FloatMatrix.zeros(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double[] cell = sums[r * cols + c];
                m.set(r, c, cell[5] > 0 ? (float) (cell[1] / cell[5]) : 0f);
            }
        }
        return m;
    }

    /** Whether any connection joins cluster {@code r} of one group to cluster {@code c} of the next. */
    boolean connected(int r, int c) {
        return sums[r * cols + c][5] > 0;
    }

    /** The bundle of the connections from {@code fromClusters} to {@code toClusters}, pooled. */
    CnnVisModel.Bundle bundle(int[] fromClusters, int[] toClusters, boolean nonFinite) {
        double[] t = new double[6];
        for (int r : fromClusters) {
            for (int c : toClusters) {
                double[] cell = sums[r * cols + c];
                for (int i = 0; i < 6; i++) {
                    t[i] += cell[i];
                }
            }
        }
        Map<EdgeEncoding, Double> values = new EnumMap<>(EdgeEncoding.class);
        values.put(EdgeEncoding.WEIGHT, t[5] > 0 ? t[0] / t[5] : Double.NaN);
        values.put(EdgeEncoding.GRADIENT, t[5] > 0 ? t[2] / t[5] : Double.NaN);
        values.put(EdgeEncoding.RELATIVE_CHANGE, t[4] > 0 ? t[3] / t[4] : Double.NaN);
        return new CnnVisModel.Bundle(fromClusters.clone(), toClusters.clone(), t[5] > 0 ? t[1] / t[5] : Double.NaN,
                values, nonFinite);
    }
}
