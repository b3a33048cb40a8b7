package org.trainscope.algorithms.sampling.tests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.trainscope.algorithms.sampling.PolylineMetric;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.SamplingParameters;
import org.trainscope.algorithms.sampling.internal.SplitMix64;

/**
 * Blue-noise sampling written straight from docs/algorithms/blue-noise-polyline-sampling.md §3–§5,
 * with nothing but exact distances: every candidate against every selected polyline, one thread,
 * no bounds, no grid, no 16-bit copies. Non-finite polylines are candidates like any other (their
 * distances come from the embedding's failure segments, which {@code PolylineMetricTest} checks
 * against the definition); only the earliest failure is reserved. Slow (O(n·m) distances per pass) and obviously right, so
 * that the real sampler, whose speed comes from pruning that must never change a verdict, can be
 * compared with it selection for selection.
 */
final class ReferenceBlueNoiseSampler {

    /** What the spec fixes and the sampler's result reports. */
    record Result(int[] selectionOrder, double initialRadius, double finalRadius, int passes) {
    }

    private static final int REFERENCES = 2048;
    private static final int QUERIES = 128;

    private final PolylineMetric metric;
    private final int n;
    private final int wanted;
    private final int poolSize;
    private final double radiusFactor;
    private final int[] order;
    private final float[][] embedding;
    private final byte[][] bins;
    private final int[] signature;

    private final List<Integer> selected = new ArrayList<>();
    private final boolean[] isSelected;
    private final int[][] histogram;

    ReferenceBlueNoiseSampler(PolylineSource source, SamplingParameters parameters) {
        this.metric = PolylineMetric.estimate(source, parameters);
        this.n = source.polylineCount();
        this.wanted = parameters.resolveSampleCount(n);
        this.poolSize = parameters.directionPoolSize();
        this.radiusFactor = parameters.initialRadiusFactor();
        this.order = new SplitMix64(parameters.seed()).permutation(n);
        this.embedding = new float[n][metric.embeddingLength()];
        this.bins = new byte[n][metric.segmentCount()];
        this.signature = new int[n];
        float[] row = new float[source.length()];
        for (int p = 0; p < n; p++) {
            source.read(p, 1, row);
            signature[p] = metric.embed(row, 0, embedding[p], 0);
            metric.directionBins(row, 0, bins[p], 0);
        }
        this.isSelected = new boolean[n];
        this.histogram = new int[metric.segmentCount()][PolylineMetric.SEGMENT_STATES];
    }

    Result run() {
        int reserved = reserveEarliestFailure();
        if (selected.size() >= wanted) {
            return result(0, 0, 0);
        }
        int freeWanted = wanted - reserved;
        double initialRadius = radiusFactor * (n <= wanted ? 0 : estimateRadius(freeWanted));
        double radius = initialRadius;
        int passes = 0;
        int restarts = 0;
        int passesAtThisStart = 0;
        int previousCount = -1;
        double previousRadius = Double.NaN;
        while (selected.size() < wanted) {
            pass(radius);
            passes++;
            if (selected.size() >= wanted) {
                if (passesAtThisStart == 0 && radius > 0 && restarts < 40) {
                    restarts++;
                    initialRadius *= 2;
                    radius = initialRadius;
                    selected.clear();
                    Arrays.fill(isSelected, false);
                    for (int[] h : histogram) {
                        Arrays.fill(h, 0);
                    }
                    reserved = reserveEarliestFailure();
                    previousCount = -1;
                    continue;
                }
                break;
            }
            passesAtThisStart++;
            int count = selected.size() - reserved;
            double shrink = 0.7;
            if (previousCount > 0 && count > previousCount && previousRadius > radius) {
                double dimension = Math.log((double) count / previousCount) / Math.log(previousRadius / radius);
                dimension = Math.max(1, Math.min(50, dimension));
                shrink = Math.pow(count / (0.9 * freeWanted), 1 / dimension);
            }
            shrink = Math.max(0.5, Math.min(0.95, shrink));
            previousCount = count;
            previousRadius = radius;
            radius *= shrink;
            if (radius < initialRadius * 1e-6) {
                radius = 0;
            }
        }
        return result(initialRadius, radius, passes);
    }

    private Result result(double initialRadius, double radius, int passes) {
        return new Result(selected.stream().mapToInt(Integer::intValue).toArray(), initialRadius, radius, passes);
    }

    /** §3: the polyline whose first non-finite value comes first (ties: first in candidate order). */
    private int reserveEarliestFailure() {
        int earliest = -1;
        for (int p : order) {
            // onset j = signature / 3; the kind does not matter
            if (signature[p] >= 0 && (earliest < 0 || signature[p] / 3 < signature[earliest] / 3)) {
                earliest = p;
            }
        }
        if (earliest >= 0 && wanted > 0) {
            select(earliest);
            count(earliest);
        }
        return selected.size();
    }

    /** §4.3: mean distance of the first 128 candidates to their k-th nearest of the first 2,048. */
    private double estimateRadius(int freeWanted) {
        List<Integer> references = new ArrayList<>();
        for (int p : order) {
            if (references.size() == REFERENCES) {
                break;
            }
            references.add(p);
        }
        int s = references.size();
        if (s < 2) {
            return 0;
        }
        int k = (int) Math.max(1, Math.min(s - 1, Math.round((double) s / freeWanted)));
        int queries = Math.min(QUERIES, s);
        double sum = 0;
        for (int q = 0; q < queries; q++) {
            double[] distances = new double[s - 1];
            int d = 0;
            for (int i = 0; i < s; i++) {
                if (i != q) {
                    distances[d++] = distance(references.get(q), references.get(i));
                }
            }
            Arrays.sort(distances);
            sum += distances[k - 1];
        }
        double mean = sum / queries;
        if (mean > 0) {
            return mean;
        }
        double nonZero = 0;
        int count = 0;
        for (int q = 0; q < queries; q++) {
            for (int i = 0; i < s; i++) {
                double d = distance(references.get(q), references.get(i));
                if (d > 0) {
                    nonZero += d;
                    count++;
                }
            }
        }
        return count == 0 ? 0 : nonZero / count;
    }

    /** §4.4–§5: one pass at radius r, every candidate against every selected finite polyline. */
    private void pass(double r) {
        if (r == 0) {
            for (int p : order) {
                if (selected.size() >= wanted) {
                    return;
                }
                if (!isSelected[p]) {
                    select(p);
                }
            }
            return;
        }
        List<Integer> pool = new ArrayList<>();
        for (int p : order) {
            if (selected.size() >= wanted) {
                break;
            }
            if (isSelected[p] || !acceptable(p, r)) {
                continue;
            }
            pool.add(p);
            if (pool.size() == poolSize) {
                chooseFrom(pool, r);
            }
        }
        while (!pool.isEmpty() && selected.size() < wanted) {
            chooseFrom(pool, r);
        }
    }

    private boolean acceptable(int candidate, double r) {
        for (int e : selected) {
            if (distance(candidate, e) < r) {
                return false;
            }
        }
        return true;
    }

    /** §5: the lowest direction score wins (ties: earliest); pool members within r of it leave. */
    private void chooseFrom(List<Integer> pool, double r) {
        int best = 0;
        long bestScore = Long.MAX_VALUE;
        for (int i = 0; i < pool.size(); i++) {
            long score = 0;
            for (int s = 0; s < bins[pool.get(i)].length; s++) {
                score += histogram[s][bins[pool.get(i)][s]];
            }
            if (score < bestScore) {
                bestScore = score;
                best = i;
            }
        }
        int chosen = pool.remove(best);
        select(chosen);
        count(chosen);
        pool.removeIf(p -> distance(chosen, p) < r);
    }

    /** §5: the selected polyline's segment states enter the histogram. */
    private void count(int p) {
        for (int s = 0; s < bins[p].length; s++) {
            histogram[s][bins[p][s]]++;
        }
    }

    private void select(int p) {
        selected.add(p);
        isSelected[p] = true;
    }

    private double distance(int a, int b) {
        return PolylineMetric.distance(embedding[a], 0, embedding[b], 0, metric.embeddingLength());
    }
}
