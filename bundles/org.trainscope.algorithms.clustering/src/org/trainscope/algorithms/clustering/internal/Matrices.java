package org.trainscope.algorithms.clustering.internal;

import java.util.Arrays;

import org.trainscope.core.math.FloatMatrix;

/** Small helpers on {@link FloatMatrix}: finite rows and columns, selections, transposes. */
public final class Matrices {
    private Matrices() {
    }

    /** Whether every value of row {@code r} is finite. */
    public static boolean isFiniteRow(FloatMatrix m, int r) {
        float[] d = m.data();
        for (int c = 0, base = r * m.cols(); c < m.cols(); c++) {
            if (!Float.isFinite(d[base + c])) {
                return false;
            }
        }
        return true;
    }

    /** Indices of the rows whose values are all finite, ascending. */
    public static int[] finiteRows(FloatMatrix m) {
        int[] out = new int[m.rows()];
        int n = 0;
        for (int r = 0; r < m.rows(); r++) {
            if (isFiniteRow(m, r)) {
                out[n++] = r;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Indices in [0, size) that are not in the ascending array {@code taken}. */
    public static int[] complement(int[] taken, int size) {
        int[] out = new int[size - taken.length];
        int n = 0;
        int t = 0;
        for (int i = 0; i < size; i++) {
            if (t < taken.length && taken[t] == i) {
                t++;
            } else {
                out[n++] = i;
            }
        }
        return out;
    }

    /** The given rows of {@code m}, in the given order. */
    public static FloatMatrix selectRows(FloatMatrix m, int[] rows) {
        float[] out = new float[Math.multiplyExact(rows.length, m.cols())];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(m.data(), rows[i] * m.cols(), out, i * m.cols(), m.cols());
        }
        return new FloatMatrix(rows.length, m.cols(), out);
    }

    /** The given rows and columns of {@code m}, in the given orders. */
    public static FloatMatrix select(FloatMatrix m, int[] rows, int[] cols) {
        float[] out = new float[Math.multiplyExact(rows.length, cols.length)];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < cols.length; j++) {
                out[i * cols.length + j] = m.get(rows[i], cols[j]);
            }
        }
        return new FloatMatrix(rows.length, cols.length, out);
    }

    public static FloatMatrix transpose(FloatMatrix m) {
        float[] out = new float[m.data().length];
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                out[c * m.rows() + r] = m.get(r, c);
            }
        }
        return new FloatMatrix(m.cols(), m.rows(), out);
    }

    /** Squared Euclidean distance between row i of a and row j of b, accumulated in double. */
    public static double squaredDistance(FloatMatrix a, int i, FloatMatrix b, int j) {
        double s = 0;
        int ai = i * a.cols();
        int bj = j * b.cols();
        for (int c = 0; c < a.cols(); c++) {
            double diff = (double) a.data()[ai + c] - b.data()[bj + c];
            s += diff * diff;
        }
        return s;
    }

    /** Euclidean distances between all rows of m, in double (n x n, symmetric, zero diagonal). */
    public static double[][] distances(FloatMatrix m) {
        int n = m.rows();
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[i][j] = d[j][i] = Math.sqrt(squaredDistance(m, i, m, j));
            }
        }
        return d;
    }
}
