package org.trainscope.algorithms.sampling.internal;

import java.util.Arrays;

import org.trainscope.algorithms.sampling.PolylineMetric;

/**
 * What the sampler keeps on the heap per polyline, in candidate (shuffled) order (once
 * {@link #toCandidateOrder} ran after the feature pass) so that the passes stream through it: a
 * coarse feature vector whose L1 distance is a lower bound of the polyline distance, two
 * 1-Lipschitz projections for the grid, the non-finite signature (failure onset and kind), the best
 * known upper bound of the distance to the selected set, and a 16-bit copy of the embedding. About 190 bytes per
 * polyline at 32 segments (128 of them the copy), against 400 for a 100-point float polyline.
 * <p>
 * Feature b (b < BLOCKS) is the sum of the position coordinates of the embedding over segment block
 * b, feature BLOCKS+b the sum of its direction coordinates. Summing is an L1 contraction, hence
 * L1(F1, F2) <= d(L1, L2). (An upper bound from the residual |V - blockwise constant V|_1 used to be
 * kept too; on measured data it decided none of millions of pairs that the 16-bit copy settles.)
 */
public final class CandidateTable {

    public static final int BLOCKS = 4;
    public static final int STRIDE = 2 * BLOCKS;

    /** Slot (candidate order) to polyline index. */
    public final int[] polylineOfSlot;
    public float[] features;
    /** L1 norm of the feature vector, to size the rounding margin of the bounds. */
    public float[] featureNorm;
    /** Sum of the position features: the mean level. */
    public float[] level;
    /** Late minus early position features: the trend. */
    public float[] trend;
    /** -1 for finite polylines, else the non-finite signature (onset, kind) of {@code PolylineMetric#embed}. */
    public int[] signature;
    /** An upper bound of the distance to the nearest selected polyline, +Inf if none is known. */
    public final float[] bound;
    public final boolean[] selected;
    /** 16-bit copies of the candidates' embeddings, so most exact checks need no re-read. */
    final QuantisedEmbeddings quantised;

    public CandidateTable(int[] polylineOfSlot, PolylineMetric metric) {
        int n = polylineOfSlot.length;
        this.polylineOfSlot = polylineOfSlot;
        this.features = new float[n * STRIDE];
        this.featureNorm = new float[n];
        this.level = new float[n];
        this.trend = new float[n];
        this.signature = new int[n];
        this.bound = new float[n];
        this.selected = new boolean[n];
        this.quantised = new QuantisedEmbeddings(n, metric);
        clearSelection();
    }

    /**
     * Reorders what the feature pass wrote by polyline index (sequential writes) to candidate
     * order, in parallel: slot s gets the entries of polyline {@code polylineOfSlot[s]}.
     */
    void toCandidateOrder() {
        int n = polylineOfSlot.length;
        float[] newFeatures = new float[features.length];
        float[] newNorm = new float[n];
        float[] newLevel = new float[n];
        float[] newTrend = new float[n];
        int[] newSignature = new int[n];
        Parallel.forRanges(n, (from, to) -> {
            for (int s = from; s < to; s++) {
                int p = polylineOfSlot[s];
                System.arraycopy(features, p * STRIDE, newFeatures, s * STRIDE, STRIDE);
                newNorm[s] = featureNorm[p];
                newLevel[s] = level[p];
                newTrend[s] = trend[p];
                newSignature[s] = signature[p];
            }
        });
        features = newFeatures;
        featureNorm = newNorm;
        level = newLevel;
        trend = newTrend;
        signature = newSignature;
        quantised.toCandidateOrder(polylineOfSlot);
    }

    public int size() {
        return polylineOfSlot.length;
    }

    /** Forgets every selection and every known bound (a restart of the radius schedule). */
    public void clearSelection() {
        Arrays.fill(bound, Float.POSITIVE_INFINITY);
        Arrays.fill(selected, false);
    }

    /** @return how many candidates have a non-finite value in the range */
    public int nonFiniteCount() {
        int count = 0;
        for (int s : signature) {
            if (s >= 0) {
                count++;
            }
        }
        return count;
    }
}
