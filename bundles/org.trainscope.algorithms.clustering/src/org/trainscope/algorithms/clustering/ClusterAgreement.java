package org.trainscope.algorithms.clustering;

import java.util.HashMap;
import java.util.Map;

/**
 * How well two labellings of the same items agree: the adjusted Rand index (Hubert and Arabie
 * 1985; 1 for the same partition up to renaming, about 0 for chance) and the purity of clusters
 * against class labels (the share of items whose cluster's most frequent class is theirs).
 */
public final class ClusterAgreement {
    private ClusterAgreement() {
    }

    public static double adjustedRandIndex(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " and " + b.length + " labels");
        }
        Map<Long, Integer> joint = new HashMap<>();
        Map<Integer, Integer> rows = new HashMap<>();
        Map<Integer, Integer> cols = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            joint.merge(((long) a[i] << 32) ^ (b[i] & 0xffffffffL), 1, Integer::sum);
            rows.merge(a[i], 1, Integer::sum);
            cols.merge(b[i], 1, Integer::sum);
        }
        double index = joint.values().stream().mapToDouble(ClusterAgreement::pairs).sum();
        double sumA = rows.values().stream().mapToDouble(ClusterAgreement::pairs).sum();
        double sumB = cols.values().stream().mapToDouble(ClusterAgreement::pairs).sum();
        double expected = sumA * sumB / pairs(a.length);
        double max = (sumA + sumB) / 2;
        return max == expected ? 1.0 : (index - expected) / (max - expected);
    }

    /** Share of items whose cluster's most frequent class is their own class. */
    public static double purity(int[] clusters, int[] classes) {
        Map<Integer, Map<Integer, Integer>> counts = new HashMap<>();
        for (int i = 0; i < clusters.length; i++) {
            counts.computeIfAbsent(clusters[i], c -> new HashMap<>()).merge(classes[i], 1, Integer::sum);
        }
        double agree = counts.values().stream().mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).max()
                .orElse(0)).sum();
        return clusters.length == 0 ? 1 : agree / clusters.length;
    }

    private static double pairs(int n) {
        return n * (n - 1) / 2.0;
    }
}
