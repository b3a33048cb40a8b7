package org.trainscope.core.math;

/**
 * Plain-Java kernels. For small inputs they beat ND4J, whose per-call cost (JNI, buffer
 * allocation, copies) dominates below a few thousand multiply-adds; see {@link Kernels}.
 * Accumulation is in double for reductions so that long rows of float32 stay accurate.
 */
public final class JavaKernels {
    private JavaKernels() {
    }

    /** a (m x k) times b (k x n). Loop order i-p-j walks both b and the result row by row. */
    public static FloatMatrix multiply(FloatMatrix a, FloatMatrix b) {
        Kernels.checkInner(a, b);
        int m = a.rows();
        int k = a.cols();
        int n = b.cols();
        float[] out = new float[Math.multiplyExact(m, n)];
        float[] ad = a.data();
        float[] bd = b.data();
        for (int i = 0; i < m; i++) {
            int rowOut = i * n;
            for (int p = 0; p < k; p++) {
                float aip = ad[i * k + p];
                if (aip == 0f) {
                    continue;
                }
                int rowB = p * n;
                for (int j = 0; j < n; j++) {
                    out[rowOut + j] += aip * bd[rowB + j];
                }
            }
        }
        return new FloatMatrix(m, n, out);
    }

    public static float[] rowSums(FloatMatrix m) {
        float[] out = new float[m.rows()];
        float[] d = m.data();
        for (int r = 0; r < m.rows(); r++) {
            double s = 0;
            int base = r * m.cols();
            for (int c = 0; c < m.cols(); c++) {
                s += d[base + c];
            }
            out[r] = (float) s;
        }
        return out;
    }

    public static float[] columnSums(FloatMatrix m) {
        double[] acc = new double[m.cols()];
        float[] d = m.data();
        for (int r = 0; r < m.rows(); r++) {
            int base = r * m.cols();
            for (int c = 0; c < m.cols(); c++) {
                acc[c] += d[base + c];
            }
        }
        float[] out = new float[m.cols()];
        for (int c = 0; c < out.length; c++) {
            out[c] = (float) acc[c];
        }
        return out;
    }

    /** Squared Euclidean distance between every row of a and every row of b: (a.rows x b.rows). */
    public static FloatMatrix pairwiseSquaredDistances(FloatMatrix a, FloatMatrix b) {
        Kernels.checkSameWidth(a, b);
        int d = a.cols();
        float[] out = new float[Math.multiplyExact(a.rows(), b.rows())];
        float[] ad = a.data();
        float[] bd = b.data();
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < b.rows(); j++) {
                double s = 0;
                int ai = i * d;
                int bj = j * d;
                for (int c = 0; c < d; c++) {
                    double diff = ad[ai + c] - bd[bj + c];
                    s += diff * diff;
                }
                out[i * b.rows() + j] = (float) s;
            }
        }
        return new FloatMatrix(a.rows(), b.rows(), out);
    }
}
