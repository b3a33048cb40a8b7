package org.trainscope.algorithms.clustering;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.algorithms.clustering.internal.Matrices;
import org.trainscope.core.math.FloatMatrix;

/**
 * Rows and columns each ordered by {@link OptimalLeafOrdering} over an average-linkage
 * {@link Dendrogram} of their Euclidean distances. Deterministic. O(n^3) time and O(n^2) memory
 * per axis, n the rows (columns): meant for facets of up to a few thousand rows.
 */
public final class LeafOrderReorderer {
    public Reordering reorder(FloatMatrix m, IProgressMonitor monitor) {
        return Reordering.of(m, (block, mon) -> new int[][] { axis(block, mon), axis(Matrices.transpose(block), mon) },
                "optimal leaf ordering (average linkage)", monitor);
    }

    /** The optimal leaf order of the rows of {@code m}. */
    public static int[] axis(FloatMatrix m, IProgressMonitor monitor) {
        double[][] d = Matrices.distances(m);
        return OptimalLeafOrdering.order(Dendrogram.averageLinkage(d, monitor), d, monitor);
    }
}
