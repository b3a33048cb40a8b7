package org.trainscope.algorithms.credit.internal;

/**
 * Grouped convolution weights as one dense weight with zeros between groups, so that grouped
 * layers reuse the dense convolution and every LRP rule unchanged (a zero weight contributes
 * nothing to any rule's sums).
 */
public final class GroupedWeights {
    private GroupedWeights() {
    }

    /**
     * @param w weights [rows, colsPerGroup, k] (row-major, k = kH * kW)
     * @return weights [rows, colsPerGroup * groups, k] where row r keeps its values in the columns
     *         of its group r / (rows / groups) and is 0 elsewhere
     */
    public static float[] expand(float[] w, int rows, int colsPerGroup, int groups, int k) {
        if (groups == 1) {
            return w;
        }
        int rowsPerGroup = rows / groups;
        int cols = colsPerGroup * groups;
        float[] out = new float[rows * cols * k];
        for (int r = 0; r < rows; r++) {
            int group = r / rowsPerGroup;
            System.arraycopy(w, r * colsPerGroup * k, out, (r * cols + group * colsPerGroup) * k, colsPerGroup * k);
        }
        return out;
    }
}
