package org.trainscope.algorithms.sampling.internal;

import org.trainscope.algorithms.sampling.PolylineMetric;
import org.trainscope.algorithms.sampling.PolylineSource;

/**
 * The bulk of a tensor's polylines as a few seeded reference polylines (finite ones, embedded under
 * the sampler's metric): a polyline's outlier score is its distance to the nearest reference, the
 * sampler's own distance to the bulk. A group of polylines with more than about N/{@value #COUNT}
 * members has a reference near it, so a large group scores low and only polylines far from every
 * sizeable group score high; an explosion or a spike moves a polyline far from all of them.
 */
public final class BulkReferences {

    /** References drawn; each costs one random polyline read and 2·N_S operations per scored polyline. */
    static final int COUNT = 32;

    /** Blocks of segments per half whose sums bound the distance from below (an L1 contraction). */
    private static final int BLOCKS = 4;

    private final float[] embeddings;
    private final int count;
    private final int length;
    /** Block sums of each reference's embedding: 2·BLOCKS per reference. */
    private final double[] blockSums;
    private final int[] blockStart;

    private BulkReferences(float[] embeddings, int count, int length) {
        this.embeddings = embeddings;
        this.count = count;
        this.length = length;
        int half = length / 2;
        int blocks = Math.max(1, Math.min(BLOCKS, half));
        this.blockStart = new int[blocks + 1];
        for (int b = 0; b <= blocks; b++) {
            blockStart[b] = b * half / blocks;
        }
        this.blockSums = new double[count * 2 * blocks];
        for (int r = 0; r < count; r++) {
            blockSums(embeddings, r * length, blockSums, r * 2 * blocks);
        }
    }

    private void blockSums(float[] v, int offset, double[] out, int outOffset) {
        int blocks = blockStart.length - 1;
        int half = length / 2;
        for (int b = 0; b < blocks; b++) {
            double position = 0;
            double direction = 0;
            for (int i = blockStart[b]; i < blockStart[b + 1]; i++) {
                position += v[offset + i];
                direction += v[offset + half + i];
            }
            out[outOffset + b] = position;
            out[outOffset + blocks + b] = direction;
        }
    }

    /** A thread's scratch for {@link #nearest}. */
    public double[] newScratch() {
        return new double[2 * (blockStart.length - 1) + count];
    }

    /**
     * Reads {@value #COUNT} seeded polylines of {@code source} (distinct unless there are fewer) and
     * keeps the finite ones' embeddings.
     */
    public static BulkReferences of(PolylineSource source, PolylineMetric metric, long seed) {
        int n = source.polylineCount();
        int length = metric.embeddingLength();
        int drawn = Math.min(COUNT, n);
        SplitMix64 random = new SplitMix64(seed ^ 0x62756C6B72656673L);
        float[] row = new float[source.length()];
        float[] embeddings = new float[Math.max(1, drawn) * length];
        int kept = 0;
        for (int r = 0; r < drawn; r++) {
            // stratified over the index range, so a tensor whose halves differ has references in both
            int index = (int) ((long) n * r / drawn) + random.nextInt((int) Math.max(1, (long) n / drawn));
            source.read(Math.min(n - 1, index), 1, row);
            if (metric.embed(row, 0, embeddings, kept * length) < 0) {
                kept++;
            }
        }
        return new BulkReferences(embeddings, kept, length);
    }

    /** @return how many references there are (0 when every drawn polyline was non-finite) */
    public int count() {
        return count;
    }

    /**
     * @return the distance of the embedding {@code v[offset ..]} to the nearest reference; +Inf when
     *         there is no reference (every polyline then ties, and the earliest are kept)
     */
    public double nearest(float[] v, int offset, double[] scratch) {
        return nearest(v, offset, scratch, Double.NEGATIVE_INFINITY);
    }

    /**
     * {@link #nearest(float[], int, double[])}, but a result at or below {@code enough} only says
     * so: the search stops as soon as some reference is that close (a polyline that close to the
     * bulk cannot enter the outliers kept so far).
     */
    public double nearest(float[] v, int offset, double[] scratch, double enough) {
        if (count == 0) {
            return Double.POSITIVE_INFINITY;
        }
        // |block sums of a - block sums of b|_1 <= d(a, b): the reference with the smallest bound is
        // measured first, and the others only while their bound is below the best distance so far;
        // the result is the exact minimum (the bound is scaled down by far more than its rounding)
        int features = 2 * (blockStart.length - 1);
        blockSums(v, offset, scratch, 0);
        int first = 0;
        for (int r = 0; r < count; r++) {
            double bound = 0;
            int base = r * features;
            for (int f = 0; f < features; f++) {
                bound += Math.abs(scratch[f] - blockSums[base + f]);
            }
            bound *= 1 - 1e-9;
            scratch[features + r] = bound;
            if (bound < scratch[features + first]) {
                first = r;
            }
        }
        double best = PolylineMetric.distance(v, offset, embeddings, first * length, length);
        for (int r = 0; r < count && best > enough; r++) {
            if (r != first && scratch[features + r] < best) {
                double d = PolylineMetric.distanceUpTo(v, offset, embeddings, r * length, length, best);
                if (d < best) {
                    best = d;
                }
            }
        }
        return best;
    }
}
