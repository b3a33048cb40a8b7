package org.trainscope.algorithms.clustering;

/**
 * The silhouette of a clustering (Rousseeuw 1987): for each point, a = mean distance to the other
 * members of its cluster, b = the smallest mean distance to another cluster's members, s = (b - a)
 * / max(a, b); s = 0 for a point alone in its cluster. The mean over points lies in [-1, 1]: near
 * 1 for compact, well separated clusters.
 */
public final class Silhouette {
    private Silhouette() {
    }

    /**
     * @param distances symmetric pairwise distances of the points
     * @param labels    cluster of every point, 0..k-1
     * @return the mean silhouette, or 0 when there is only one cluster
     */
    public static double mean(double[][] distances, int[] labels) {
        int n = labels.length;
        int k = 0;
        for (int l : labels) {
            k = Math.max(k, l + 1);
        }
        int[] sizes = new int[k];
        for (int l : labels) {
            sizes[l]++;
        }
        double total = 0;
        double[] sums = new double[k];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(sums, 0);
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    sums[labels[j]] += distances[i][j];
                }
            }
            int own = labels[i];
            if (sizes[own] < 2) {
                continue;
            }
            double a = sums[own] / (sizes[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && sizes[c] > 0) {
                    b = Math.min(b, sums[c] / sizes[c]);
                }
            }
            if (Double.isInfinite(b)) {
                continue;
            }
            double m = Math.max(a, b);
            total += m > 0 ? (b - a) / m : 0;
        }
        return n == 0 ? 0 : total / n;
    }
}
