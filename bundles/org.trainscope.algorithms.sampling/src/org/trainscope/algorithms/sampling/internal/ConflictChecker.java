package org.trainscope.algorithms.sampling.internal;

import org.trainscope.algorithms.sampling.PolylineMetric;

/**
 * Decides whether a candidate is closer than the radius to a selected polyline, cheapest test
 * first: grid cells, the feature lower bound (a selected polyline at least r away by the bound is
 * no conflict), the lower bound plus residuals as an upper bound (below r: a conflict, no exact
 * distance needed), and only for the remaining borderline pairs the exact distance. One instance
 * per thread: it owns its scratch arrays.
 */
final class ConflictChecker {

    /** Relative margin for the radius comparisons of bounds that went through float rounding. */
    private static final double RELATIVE_MARGIN = 1e-6;
    /** Absolute rounding margin per unit of feature L1 norm (float epsilon with room). */
    private static final double NORM_MARGIN = 2e-7;

    private final CandidateTable table;
    private final SelectedSet selected;
    private final float[] row;
    private int[] borderline = new int[64];

    ConflictChecker(CandidateTable table, SelectedSet selected, int rowLength) {
        this.table = table;
        this.selected = selected;
        this.row = new float[rowLength];
    }

    /**
     * @param slot          the candidate
     * @param firstSelected only selected entries from this one on are compared
     * @param useGrid       look only in the grid cells around the candidate (all entries are in the
     *                      grid); otherwise scan entries {@code firstSelected ..} directly
     * @return true if some selected polyline is closer than {@code radius}; then the candidate's
     *         known bound is lowered to the distance found
     */
    boolean conflicts(int slot, double radius, int firstSelected, boolean useGrid, CandidateBuffers buffers,
            int local) {
        int borderlineCount = 0;
        if (useGrid) {
            SelectionGrid grid = selected.grid;
            long cx = grid.cell(table.level[slot]);
            long cy = grid.cell(table.trend[slot]);
            for (long dx = -1; dx <= 1; dx++) {
                for (long dy = -1; dy <= 1; dy++) {
                    for (int e = grid.first(cx + dx, cy + dy); e >= 0; e = grid.next(e)) {
                        if (e < firstSelected) {
                            continue;
                        }
                        int verdict = byBounds(slot, e, radius);
                        if (verdict == CONFLICT) {
                            return true;
                        }
                        if (verdict == BORDERLINE) {
                            borderlineCount = remember(borderlineCount, e);
                        }
                    }
                }
            }
        } else {
            for (int e = firstSelected; e < selected.size; e++) {
                if (!selected.finite[e]) {
                    continue;
                }
                int verdict = byBounds(slot, e, radius);
                if (verdict == CONFLICT) {
                    return true;
                }
                if (verdict == BORDERLINE) {
                    borderlineCount = remember(borderlineCount, e);
                }
            }
        }
        if (borderlineCount == 0) {
            return false;
        }
        buffers.ensure(local, table.polylineOfSlot[slot], row);
        int length = selected.embeddingLength;
        for (int i = 0; i < borderlineCount; i++) {
            int e = borderline[i];
            double d = PolylineMetric.distanceUpTo(buffers.embeddings, local * length, selected.embeddings,
                    e * length, length, radius);
            if (d < radius) {
                lowerBound(slot, d);
                return true;
            }
        }
        return false;
    }

    /** Makes sure the candidate's embedding and direction bins are in the buffers. */
    void prepare(int slot, CandidateBuffers buffers, int local) {
        buffers.ensure(local, table.polylineOfSlot[slot], row);
    }

    private static final int FAR = 0;
    private static final int CONFLICT = 1;
    private static final int BORDERLINE = 2;

    private int byBounds(int slot, int e, double radius) {
        double margin = radius * RELATIVE_MARGIN
                + NORM_MARGIN * ((double) table.featureNorm[slot] + selected.featureNorm[e]);
        double farLimit = radius + margin;
        float[] a = table.features;
        float[] b = selected.features;
        int ao = slot * CandidateTable.STRIDE;
        int bo = e * CandidateTable.STRIDE;
        double lower = 0;
        for (int i = 0; i < CandidateTable.STRIDE; i++) {
            lower += Math.abs((double) a[ao + i] - b[bo + i]);
        }
        if (lower >= farLimit) {
            return FAR;
        }
        double upper = lower + table.residual[slot] + selected.residual[e] + margin;
        if (upper < radius) {
            lowerBound(slot, upper);
            return CONFLICT;
        }
        return BORDERLINE;
    }

    private void lowerBound(int slot, double distance) {
        // rounded up so that the cached value stays an upper bound of the true distance
        float bound = Math.nextUp((float) distance);
        if (bound < table.bound[slot]) {
            table.bound[slot] = bound;
        }
    }

    private int remember(int count, int entry) {
        if (count == borderline.length) {
            borderline = java.util.Arrays.copyOf(borderline, 2 * count);
        }
        borderline[count] = entry;
        return count + 1;
    }
}
