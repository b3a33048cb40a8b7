package org.trainscope.algorithms.clustering;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.algorithms.clustering.internal.Cancellation;
import org.trainscope.algorithms.clustering.internal.SymmetricEigen;
import org.trainscope.algorithms.clustering.internal.WeightBlock;
import org.trainscope.core.math.FloatMatrix;
import org.trainscope.core.math.Kernels;

/**
 * Spectral co-clustering (Dhillon 2001): rows and columns are the two sides of a bipartite graph
 * with edge weights |w|, partitioned together into k biclusters by approximately minimising the
 * normalised cut. With D1, D2 the row and column sums, An = D1^-1/2 A D2^-1/2; its singular vectors
 * 2..l+1 (l = ceil(log2 k); the first is trivial), scaled back by D1^-1/2 and D2^-1/2, embed rows
 * and columns in one l-dimensional space, and k-means there gives k clusters, each a set of rows
 * and a set of columns.
 * <p>
 * The singular vectors come from a seeded subspace iteration (block power method on An and An^T,
 * {@value #OVERSAMPLING} extra vectors, Rayleigh-Ritz with a Jacobi eigen-decomposition of the
 * small matrix after every iteration, stopping when the leading Ritz values change by less than
 * {@value #TOLERANCE} of the largest, after {@value #MAX_ITERATIONS} iterations at most); products
 * go through {@link Kernels}. Rows and
 * columns with zero weight have no place in the embedding and stay unassigned; rows and columns
 * with non-finite weights are left out (see {@link Biclustering}). A cluster with rows but no
 * columns (or the reverse) is not a bicluster and is dropped, its members unassigned.
 * Deterministic for a seed.
 */
public final class SpectralCoclustering {
    static final int OVERSAMPLING = 8;
    static final int MAX_ITERATIONS = 30;
    static final double TOLERANCE = 1e-6;

    private final int restarts;

    /** @param restarts k-means restarts on the embedding */
    public SpectralCoclustering(int restarts) {
        this.restarts = restarts;
    }

    public Biclustering bicluster(FloatMatrix weights, int k, long seed, IProgressMonitor monitor) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, was " + k);
        }
        WeightBlock block = new WeightBlock(weights);
        double[] d1 = new double[block.rows.length];
        double[] d2 = new double[block.columns.length];
        for (int i = 0; i < d1.length; i++) {
            for (int j = 0; j < d2.length; j++) {
                d1[i] += block.values[i][j];
                d2[j] += block.values[i][j];
            }
        }
        int[] rows = IntStream.range(0, d1.length).filter(i -> d1[i] > 0).toArray();
        int[] cols = IntStream.range(0, d2.length).filter(j -> d2[j] > 0).toArray();
        String method = "spectral co-clustering, k=" + k;
        List<Biclustering.Bicluster> found = new ArrayList<>();
        if (rows.length > 0 && cols.length > 0) {
            int l = k == 1 ? 0 : (int) Math.ceil(Math.log(k) / Math.log(2));
            l = Math.min(l, Math.min(rows.length, cols.length) - 1);
            int[] labels;
            if (l <= 0) {
                labels = new int[rows.length + cols.length];
            } else {
                float[] an = new float[rows.length * cols.length];
                for (int x = 0; x < rows.length; x++) {
                    for (int y = 0; y < cols.length; y++) {
                        an[x * cols.length + y] = (float) (block.values[rows[x]][cols[y]]
                                / Math.sqrt(d1[rows[x]] * d2[cols[y]]));
                    }
                }
                double[][][] uv = singularVectors(new FloatMatrix(rows.length, cols.length, an), l + 1, seed, monitor);
                float[] z = new float[(rows.length + cols.length) * l];
                for (int x = 0; x < rows.length; x++) {
                    for (int c = 0; c < l; c++) {
                        z[x * l + c] = (float) (uv[0][x][c + 1] / Math.sqrt(d1[rows[x]]));
                    }
                }
                for (int y = 0; y < cols.length; y++) {
                    for (int c = 0; c < l; c++) {
                        z[(rows.length + y) * l + c] = (float) (uv[1][y][c + 1] / Math.sqrt(d2[cols[y]]));
                    }
                }
                labels = new KMeans(restarts, 300).cluster(new FloatMatrix(rows.length + cols.length, l, z), k, seed,
                        monitor).assignment();
            }
            for (int c = 0; c < k; c++) {
                int cc = c;
                int[] r = IntStream.range(0, rows.length).filter(x -> labels[x] == cc).map(x -> rows[x]).toArray();
                int[] q = IntStream.range(0, cols.length).filter(y -> labels[rows.length + y] == cc).map(y -> cols[y])
                        .toArray();
                if (r.length > 0 && q.length > 0) {
                    found.add(new Biclustering.Bicluster(WeightBlock.map(r, block.rows), WeightBlock.map(q, block.columns),
                            block.mean(r, q), WeightBlock.residue(block.values, r, q)));
                }
            }
        }
        return new Biclustering(found, weights.rows(), weights.cols(), block.nonFiniteRows, block.nonFiniteColumns,
                method);
    }

    /**
     * The leading {@code count} left and right singular vectors of {@code a}: [0] is rows x count,
     * [1] columns x count, by descending singular value.
     */
    static double[][][] singularVectors(FloatMatrix a, int count, long seed, IProgressMonitor monitor) {
        int m = a.rows();
        int n = a.cols();
        int b = Math.min(count + OVERSAMPLING, Math.min(m, n));
        // Kept transposed (b x n, b x m) so that the products' inner loops run along rows of length n or m.
        FloatMatrix at = org.trainscope.algorithms.clustering.internal.Matrices.transpose(a);
        SplittableRandom random = new SplittableRandom(seed);
        float[] q0 = new float[b * n];
        for (int i = 0; i < q0.length; i++) {
            q0[i] = (float) (random.nextDouble() * 2 - 1);
        }
        FloatMatrix qt = orthonormalRows(new FloatMatrix(b, n, q0));
        FloatMatrix yt = Kernels.multiply(qt, at); // (A Q)^T, b x m
        SymmetricEigen eigen = new SymmetricEigen(gram(yt));
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            Cancellation.check(monitor);
            qt = orthonormalRows(Kernels.multiply(orthonormalRows(yt), a)); // (A^T Y)^T
            yt = Kernels.multiply(qt, at);
            SymmetricEigen next = new SymmetricEigen(gram(yt));
            boolean converged = true;
            for (int k = 0; k < count; k++) {
                converged &= Math.abs(next.values[k] - eigen.values[k]) <= TOLERANCE * Math.max(next.values[0], 1e-30);
            }
            eigen = next;
            if (converged) {
                break;
            }
        }
        double[][] u = new double[m][count];
        double[][] v = new double[n][count];
        for (int k = 0; k < count; k++) {
            double sigma = Math.sqrt(Math.max(0, eigen.values[k]));
            for (int r = 0; r < n; r++) {
                double s = 0;
                for (int j = 0; j < b; j++) {
                    s += qt.get(j, r) * eigen.vectors[j][k];
                }
                v[r][k] = s;
            }
            for (int r = 0; r < m; r++) {
                double s = 0;
                for (int j = 0; j < b; j++) {
                    s += yt.get(j, r) * eigen.vectors[j][k];
                }
                u[r][k] = sigma > 0 ? s / sigma : 0;
            }
        }
        return new double[][][] { u, v };
    }

    /** Y Y^T in double for Y given as rows (b x m). */
    private static double[][] gram(FloatMatrix yt) {
        int b = yt.rows();
        int m = yt.cols();
        double[][] g = new double[b][b];
        for (int i = 0; i < b; i++) {
            for (int j = i; j < b; j++) {
                double s = 0;
                for (int r = 0; r < m; r++) {
                    s += (double) yt.data()[i * m + r] * yt.data()[j * m + r];
                }
                g[i][j] = g[j][i] = s;
            }
        }
        return g;
    }

    /** Modified Gram-Schmidt on the rows, in double; a row that vanishes is left zero. */
    static FloatMatrix orthonormalRows(FloatMatrix m) {
        int rows = m.rows();
        int cols = m.cols();
        double[][] c = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                c[r][j] = m.data()[r * cols + j];
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < r; p++) {
                double dot = 0;
                for (int j = 0; j < cols; j++) {
                    dot += c[r][j] * c[p][j];
                }
                for (int j = 0; j < cols; j++) {
                    c[r][j] -= dot * c[p][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < cols; j++) {
                norm += c[r][j] * c[r][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < cols; j++) {
                c[r][j] = norm > 1e-12 ? c[r][j] / norm : 0;
            }
        }
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                out[r * cols + j] = (float) c[r][j];
            }
        }
        return new FloatMatrix(rows, cols, out);
    }
}
