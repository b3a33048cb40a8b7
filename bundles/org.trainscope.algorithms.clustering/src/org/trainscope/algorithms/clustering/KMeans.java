package org.trainscope.algorithms.clustering;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.algorithms.clustering.internal.Cancellation;
import org.trainscope.algorithms.clustering.internal.Matrices;
import org.trainscope.core.math.FloatMatrix;
import org.trainscope.core.math.Kernels;

/**
 * k-means on the rows of a matrix (neurons x features): k-means++ seeding (Arthur and
 * Vassilvitskii 2007: each next seed drawn with probability proportional to its squared distance
 * to the nearest seed so far), then Lloyd iterations (assign each row to its nearest centroid,
 * move each centroid to its members' mean) until no assignment changes or the iteration limit.
 * Lloyd only finds a local minimum, so several restarts run and the lowest cost wins (ties: the
 * earliest restart). A cluster that empties is given the row farthest from its centroid, so k
 * clusters come back whenever there are at least k distinct rows.
 * <p>
 * When k is not given, {@link #suggest} tries k = 2..kMax and keeps the k with the largest mean
 * silhouette (Rousseeuw 1987) on a seeded sample of at most {@link #SILHOUETTE_SAMPLE} rows.
 * Silhouette rather than the elbow of the cost curve: the cost always drops with k and real layers
 * seldom show a clear knee, so an elbow rule needs a threshold that decides the answer, whereas
 * the silhouette has a maximum that compares separation with cohesion and needs no threshold. The
 * sample bounds its quadratic cost. Ties go to the smaller k.
 * <p>
 * Non-finite features: rows with NaN or infinity are set aside before seeding (see
 * {@link Clustering}); they form their own group and never touch a centroid. Deterministic for a
 * seed; asks the monitor to stop between iterations.
 */
public final class KMeans {
    /** Rows the silhouette of a suggestion is computed on at most (its cost is quadratic). */
    public static final int SILHOUETTE_SAMPLE = 400;

    private final int restarts;
    private final int maxIterations;

    /**
     * @param restarts      independent seedings, the lowest cost kept (>= 1)
     * @param maxIterations Lloyd iterations per restart at most (>= 1)
     */
    public KMeans(int restarts, int maxIterations) {
        if (restarts < 1 || maxIterations < 1) {
            throw new IllegalArgumentException("restarts and iterations must be >= 1");
        }
        this.restarts = restarts;
        this.maxIterations = maxIterations;
    }

    /** k clusters of the rows of {@code x} (k is lowered to the number of finite rows). */
    public Clustering cluster(FloatMatrix x, int k, long seed, IProgressMonitor monitor) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, was " + k);
        }
        int[] finite = Matrices.finiteRows(x);
        FloatMatrix points = Matrices.selectRows(x, finite);
        Fit best = fit(points, k, seed, monitor);
        return toClustering(x, finite, points, best, Map.of(),
                "k-means, k=" + best.centroids.rows() + ", " + restarts + " restarts");
    }

    /**
     * Clusters with the k in [2, kMax] of the best silhouette (see the class comment). With fewer
     * than 3 finite rows the silhouette is undefined and every finite row becomes its own cluster.
     */
    public Clustering suggest(FloatMatrix x, int kMax, long seed, IProgressMonitor monitor) {
        int[] finite = Matrices.finiteRows(x);
        FloatMatrix points = Matrices.selectRows(x, finite);
        int n = points.rows();
        if (n < 3) {
            Fit fit = fit(points, Math.max(1, n), seed, monitor);
            return toClustering(x, finite, points, fit, Map.of(), "k-means, k=" + n + " (too few rows to choose k)");
        }
        int[] sample = sample(n, SILHOUETTE_SAMPLE, new SplittableRandom(seed ^ 0x5DEECE66DL));
        double[][] sampleDistances = Matrices.distances(Matrices.selectRows(points, sample));
        Map<Integer, Double> scores = new LinkedHashMap<>();
        Fit best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 2; k <= Math.min(kMax, n - 1); k++) {
            Fit fit = fit(points, k, seed, monitor);
            int[] labels = new int[sample.length];
            for (int i = 0; i < sample.length; i++) {
                labels[i] = fit.assignment[sample[i]];
            }
            double score = Silhouette.mean(sampleDistances, labels);
            scores.put(k, score);
            if (score > bestScore) {
                bestScore = score;
                best = fit;
            }
        }
        if (best == null) {
            best = fit(points, 1, seed, monitor);
        }
        return toClustering(x, finite, points, best, scores, "k-means, k=" + best.centroids.rows()
                + " of best silhouette on " + sample.length + " rows, " + restarts + " restarts");
    }

    private static Clustering toClustering(FloatMatrix x, int[] finite, FloatMatrix points, Fit fit,
            Map<Integer, Double> scores, String method) {
        int k = fit.centroids.rows();
        int[] assignment = new int[x.rows()];
        Arrays.fill(assignment, k);
        for (int i = 0; i < finite.length; i++) {
            assignment[finite[i]] = fit.assignment[i];
        }
        return new Clustering(assignment, fit.centroids, fit.cost, Matrices.complement(finite, x.rows()), scores,
                method);
    }

    private record Fit(int[] assignment, FloatMatrix centroids, double cost) {
    }

    private Fit fit(FloatMatrix points, int k, long seed, IProgressMonitor monitor) {
        int n = points.rows();
        if (n == 0) {
            return new Fit(new int[0], FloatMatrix.zeros(0, points.cols()), 0);
        }
        k = Math.min(k, n);
        SplittableRandom random = new SplittableRandom(seed);
        Fit best = null;
        for (int r = 0; r < restarts; r++) {
            Fit fit = lloyd(points, seedPlusPlus(points, k, random.split(), monitor), monitor);
            if (best == null || fit.cost < best.cost) {
                best = fit;
            }
        }
        return best;
    }

    /** k-means++: the first seed uniformly, each next with probability D(x)^2. */
    static FloatMatrix seedPlusPlus(FloatMatrix points, int k, SplittableRandom random, IProgressMonitor monitor) {
        int n = points.rows();
        int d = points.cols();
        float[] centroids = new float[k * d];
        double[] nearest = new double[n];
        int first = random.nextInt(n);
        System.arraycopy(points.data(), first * d, centroids, 0, d);
        FloatMatrix c0 = new FloatMatrix(1, d, Arrays.copyOf(centroids, d));
        for (int i = 0; i < n; i++) {
            nearest[i] = Matrices.squaredDistance(points, i, c0, 0);
        }
        for (int c = 1; c < k; c++) {
            Cancellation.check(monitor);
            double total = 0;
            for (double v : nearest) {
                total += v;
            }
            int chosen;
            if (total <= 0) {
                chosen = random.nextInt(n); // all rows coincide with a seed: any row will do
            } else {
                double target = random.nextDouble() * total;
                chosen = n - 1;
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += nearest[i];
                    if (acc > target) {
                        chosen = i;
                        break;
                    }
                }
            }
            System.arraycopy(points.data(), chosen * d, centroids, c * d, d);
            FloatMatrix cc = new FloatMatrix(1, d, Arrays.copyOfRange(centroids, c * d, (c + 1) * d));
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], Matrices.squaredDistance(points, i, cc, 0));
            }
        }
        return new FloatMatrix(k, d, centroids);
    }

    private Fit lloyd(FloatMatrix points, FloatMatrix centroids, IProgressMonitor monitor) {
        int n = points.rows();
        int k = centroids.rows();
        int[] assignment = new int[n];
        Arrays.fill(assignment, -1);
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            Cancellation.check(monitor);
            boolean changed = assign(points, centroids, assignment);
            centroids = means(points, assignment, k, centroids);
            if (!changed) {
                break;
            }
        }
        assign(points, centroids, assignment);
        return new Fit(assignment, centroids, cost(points, assignment, centroids));
    }

    /** Nearest centroid of every row (ties: the lower index); true when an assignment changed. */
    private static boolean assign(FloatMatrix points, FloatMatrix centroids, int[] assignment) {
        FloatMatrix d2 = Kernels.pairwiseSquaredDistances(points, centroids);
        int k = centroids.rows();
        boolean changed = false;
        for (int i = 0; i < points.rows(); i++) {
            int best = 0;
            float bestD = d2.data()[i * k];
            for (int c = 1; c < k; c++) {
                float v = d2.data()[i * k + c];
                if (v < bestD) {
                    bestD = v;
                    best = c;
                }
            }
            if (assignment[i] != best) {
                assignment[i] = best;
                changed = true;
            }
        }
        return changed;
    }

    /** Members' means; an empty cluster takes the row farthest from its own centroid. */
    private static FloatMatrix means(FloatMatrix points, int[] assignment, int k, FloatMatrix previous) {
        int d = points.cols();
        double[] sums = new double[k * d];
        int[] counts = new int[k];
        for (int i = 0; i < points.rows(); i++) {
            int c = assignment[i];
            counts[c]++;
            for (int j = 0; j < d; j++) {
                sums[c * d + j] += points.data()[i * d + j];
            }
        }
        float[] out = new float[k * d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                out[c * d + j] = counts[c] == 0 ? 0f : (float) (sums[c * d + j] / counts[c]);
            }
        }
        FloatMatrix centroids = new FloatMatrix(k, d, out);
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                int far = farthestFromOwnCentroid(points, assignment, centroids, counts);
                if (far >= 0) {
                    counts[assignment[far]]--;
                    assignment[far] = c;
                    counts[c] = 1;
                    System.arraycopy(points.data(), far * d, out, c * d, d);
                }
            }
        }
        return centroids;
    }

    private static int farthestFromOwnCentroid(FloatMatrix points, int[] assignment, FloatMatrix centroids,
            int[] counts) {
        int far = -1;
        double farD = -1;
        for (int i = 0; i < points.rows(); i++) {
            if (counts[assignment[i]] < 2) {
                continue; // moving the only member would empty another cluster
            }
            double v = Matrices.squaredDistance(points, i, centroids, assignment[i]);
            if (v > farD) {
                farD = v;
                far = i;
            }
        }
        return far;
    }

    static double cost(FloatMatrix points, int[] assignment, FloatMatrix centroids) {
        double cost = 0;
        for (int i = 0; i < points.rows(); i++) {
            cost += Matrices.squaredDistance(points, i, centroids, assignment[i]);
        }
        return cost;
    }

    /** Up to {@code max} distinct indices of [0, n), ascending; all of them when n <= max. */
    static int[] sample(int n, int max, SplittableRandom random) {
        int[] all = java.util.stream.IntStream.range(0, n).toArray();
        if (n <= max) {
            return all;
        }
        for (int i = 0; i < max; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, max);
        Arrays.sort(out);
        return out;
    }
}
