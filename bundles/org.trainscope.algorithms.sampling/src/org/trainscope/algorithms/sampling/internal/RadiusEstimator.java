package org.trainscope.algorithms.sampling.internal;

import java.util.Arrays;

import org.trainscope.algorithms.sampling.PolylineMetric;
import org.trainscope.algorithms.sampling.PolylineSource;

/**
 * The k-NN estimate of the initial radius, k = 1/rate, on a subsample: the first candidates in
 * the seeded candidate order (a uniform random subsample). In a subsample of s out of
 * n polylines, the k-th neighbour in the full data is about the (k*s/n)-th in the subsample, and
 * k*s/n = s/m. When s < m that is below one: the first neighbour is used, which overestimates the
 * radius; the schedule shrinks it, and starting too large is what lets outliers in (a too small
 * radius fills the sample in the first pass).
 */
final class RadiusEstimator {

    static final int REFERENCES = 2048;
    static final int QUERIES = 128;

    private RadiusEstimator() {
    }

    /**
     * @param wanted the number of polylines still to select after the reserved ones
     * @return the mean over the queries of their distance to their k-th nearest reference; 0 only
     *         if all references coincide
     */
    static double estimate(CandidateTable table, PolylineSource source, PolylineMetric metric, int wanted) {
        int length = metric.embeddingLength();
        // the first candidates in the seeded order, finite or not (every polyline has an embedding)
        int count = Math.min(REFERENCES, table.size());
        int[] references = new int[count];
        for (int slot = 0; slot < count; slot++) {
            references[slot] = slot;
        }
        if (count < 2) {
            return 0;
        }
        float[] embeddings = new float[count * length];
        float[] row = new float[source.length()];
        for (int i = 0; i < count; i++) {
            source.read(table.polylineOfSlot[references[i]], 1, row);
            metric.embed(row, 0, embeddings, i * length);
        }
        int referenceCount = count;
        int k = (int) Math.max(1, Math.min(referenceCount - 1, Math.round((double) referenceCount / wanted)));
        int queries = Math.min(QUERIES, referenceCount);
        double[] kth = new double[queries];
        Parallel.forEach(queries, q -> {
            double[] distances = new double[referenceCount - 1];
            int d = 0;
            for (int i = 0; i < referenceCount; i++) {
                if (i != q) {
                    distances[d++] = PolylineMetric.distance(embeddings, q * length, embeddings, i * length, length);
                }
            }
            Arrays.sort(distances);
            kth[q] = distances[k - 1];
        });
        double sum = 0;
        for (double value : kth) {
            sum += value;
        }
        double mean = sum / queries;
        if (mean > 0) {
            return mean;
        }
        // many duplicates: fall back to the mean of the non-zero distances seen
        double nonZero = 0;
        int nonZeroCount = 0;
        for (int q = 0; q < queries; q++) {
            for (int i = 0; i < referenceCount; i++) {
                double d = PolylineMetric.distance(embeddings, q * length, embeddings, i * length, length);
                if (d > 0) {
                    nonZero += d;
                    nonZeroCount++;
                }
            }
        }
        return nonZeroCount == 0 ? 0 : nonZero / nonZeroCount;
    }
}
