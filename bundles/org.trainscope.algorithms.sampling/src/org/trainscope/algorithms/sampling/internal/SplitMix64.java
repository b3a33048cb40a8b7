package org.trainscope.algorithms.sampling.internal;

/**
 * A small seeded generator (SplitMix64) written out here so that a seed gives the same sample on
 * every JDK: java.util generators do not promise their sequence across releases.
 */
public final class SplitMix64 {

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = state += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return a value in [0, bound); multiply-shift, bias below 2^-31, irrelevant here */
    public int nextInt(int bound) {
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    /** @return a uniformly shuffled 0 .. n-1 (Fisher-Yates) */
    public int[] permutation(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** @return {@code m} distinct values of 0 .. n-1 in the order drawn (partial Fisher-Yates) */
    public int[] sampleWithoutReplacement(int n, int m) {
        int[] order = permutation(n);
        int[] chosen = new int[m];
        System.arraycopy(order, 0, chosen, 0, m);
        return chosen;
    }
}
