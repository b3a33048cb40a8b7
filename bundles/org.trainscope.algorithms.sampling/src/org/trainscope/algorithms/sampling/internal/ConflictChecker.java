package org.trainscope.algorithms.sampling.internal;

import org.trainscope.algorithms.sampling.PolylineMetric;

/**
 * Decides whether a candidate is closer than the radius to a selected polyline, cheapest test
 * first: grid cells, the feature lower bound (a selected polyline at least r away by the bound is
 * no conflict), the 16-bit copies (a lower and an upper bound within their quantisation errors of
 * the distance), and only for the remaining borderline pairs the exact distance. Every test is a
 * proof about the exact distance, so the verdict does not depend on which test settles a pair. One
 * instance per thread: it owns its scratch arrays.
 */
final class ConflictChecker {

    /** Relative margin for the radius comparisons of bounds that went through float rounding. */
    private static final double RELATIVE_MARGIN = 1e-6;
    /** Absolute rounding margin per unit of feature L1 norm (float epsilon with room). */
    private static final double NORM_MARGIN = 2e-7;

    private final CandidateTable table;
    private final SelectedSet selected;
    private final float[] row;

    ConflictChecker(CandidateTable table, SelectedSet selected, int rowLength) {
        this.table = table;
        this.selected = selected;
        this.row = new float[rowLength];
        this.candidateCodes = new int[selected.embeddingLength];
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
        if (!useGrid) {
            for (int e = firstSelected; e < selected.size; e++) {
                if (conflictsWith(slot, e, radius, buffers, local)) {
                    return true;
                }
            }
            return false;
        }
        SelectionGrid grid = selected.grid;
        long cx = grid.cell(table.level[slot]);
        long cy = grid.cell(table.trend[slot]);
        // the candidate's own cell first: the nearest selected polyline is most often there, and the
        // first conflict found ends the search
        for (int cell = 0; cell < 9; cell++) {
            long dx = CELL_ORDER[2 * cell];
            long dy = CELL_ORDER[2 * cell + 1];
            for (int e = grid.first(cx + dx, cy + dy); e >= 0; e = grid.next(e)) {
                if (e >= firstSelected && conflictsWith(slot, e, radius, buffers, local)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * {@link #conflicts} against every selected entry (useGrid, firstSelected 0), through the
     * frozen copy of the grid. Per cell, the feature lower bounds against all its entries are
     * computed at once (in float, vectorised); entries clearly beyond the radius by that bound are
     * dropped and the others are checked nearest bound first, because a rejected candidate (most
     * of them) is then usually settled by the first check.
     */
    boolean conflictsFrozen(int slot, double radius, FrozenGrid frozen, CandidateBuffers buffers, int local) {
        SelectionGrid grid = selected.grid;
        long cx = grid.cell(table.level[slot]);
        long cy = grid.cell(table.trend[slot]);
        // every pair byBounds could not call FAR has a float bound below this: the margin of byBounds
        // for the largest norm, and the float rounding of the filter (at most 2 * STRIDE roundings of
        // 2^-24 of the sum)
        float filterLimit = Math.nextUp((float) ((radius * (1 + RELATIVE_MARGIN)
                + NORM_MARGIN * ((double) table.featureNorm[slot] + frozen.maxFeatureNorm)) * (1 + FLOAT_SUM_MARGIN)));
        int[] entries = frozen.entry;
        for (int cell = 0; cell < 9; cell++) {
            int c = frozen.cell(cx + CELL_ORDER[2 * cell], cy + CELL_ORDER[2 * cell + 1]);
            if (c < 0) {
                continue;
            }
            int from = frozen.from(c);
            int to = frozen.to(c);
            float[] lower = featureBounds(slot, frozen, from, to);
            if (near.length < to - from) {
                near = new int[Math.max(to - from, 2 * near.length)];
                nearLower = new float[near.length];
            }
            int[] kept = near;
            float[] keptLower = nearLower;
            int k = 0;
            for (int j = from; j < to; j++) {
                float bound = lower[j];
                kept[k] = j;
                keptLower[k] = bound;
                k += bound < filterLimit ? 1 : 0;
            }
            // nearest bound first for the first few; the rest (rare: no conflict among those) in order
            int picks = Math.min(k, NEAREST_FIRST_PICKS);
            for (int p = 0; p < picks; p++) {
                int best = p;
                float bestLower = keptLower[p];
                for (int q = p + 1; q < k; q++) {
                    // contiguous, no indirection: this search is a tenth of the sampler's time
                    if (keptLower[q] < bestLower) {
                        bestLower = keptLower[q];
                        best = q;
                    }
                }
                int chosen = kept[best];
                kept[best] = kept[p];
                keptLower[best] = keptLower[p];
                kept[p] = chosen;
                keptLower[p] = bestLower;
                if (conflictsWithBeyondBounds(slot, entries[chosen], radius, buffers, local)) {
                    return true;
                }
            }
            for (int p = picks; p < k; p++) {
                if (conflictsWithBeyondBounds(slot, entries[kept[p]], radius, buffers, local)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @return {@code lower[from .. to-1]}: the float L1 distance of the candidate's features to those
     *         of the frozen entries at positions {@code from .. to-1}
     */
    private float[] featureBounds(int slot, FrozenGrid frozen, int from, int to) {
        if (lowerScratch.length < frozen.capacity()) {
            lowerScratch = new float[frozen.capacity()];
        }
        float[] lower = lowerScratch;
        float[] candidate = table.features;
        int co = slot * CandidateTable.STRIDE;
        float[][] column = frozen.column;
        float[] first = column[0];
        float c0 = candidate[co];
        for (int j = from; j < to; j++) {
            lower[j] = Math.abs(first[j] - c0);
        }
        for (int f = 1; f < CandidateTable.STRIDE; f++) {
            float[] values = column[f];
            float cf = candidate[co + f];
            for (int j = from; j < to; j++) {
                lower[j] += Math.abs(values[j] - cf);
            }
        }
        return lower;
    }

    /** Entries checked nearest-bound-first per cell before the rest are checked in order. */
    private static final int NEAREST_FIRST_PICKS = 4;
    /**
     * Relative rounding allowance of a STRIDE-term float L1 sum (a rounding per difference and per
     * addition, 2^-24 each: 2 * STRIDE of them, up to 32 at 16 features), with room.
     */
    private static final double FLOAT_SUM_MARGIN = 4e-6;

    private int[] near = new int[64];
    /** The feature bounds of {@link #near}'s entries, next to each other. */
    private float[] nearLower = new float[64];
    /** The 16-bit copy of candidate {@code widenedSlot}, widened to int. */
    private int[] candidateCodes;
    private int widenedSlot = -1;
    /** Feature bounds, indexed like the frozen entries (same index as the columns: vectorised). */
    private float[] lowerScratch = new float[64];

    private static final int[] CELL_ORDER = { 0, 0, -1, 0, 1, 0, 0, -1, 0, 1, -1, -1, -1, 1, 1, -1, 1, 1 };

    private boolean conflictsWith(int slot, int e, double radius, CandidateBuffers buffers, int local) {
        return byBounds(slot, e, radius) != FAR && conflictsWithBeyondBounds(slot, e, radius, buffers, local);
    }

    /** The tests after the feature bound (which the caller ran, or which let the pair through). */
    private boolean conflictsWithBeyondBounds(int slot, int e, double radius, CandidateBuffers buffers, int local) {
        int verdict = byQuantised(slot, e, radius);
        if (verdict != BORDERLINE) {
            return verdict == CONFLICT;
        }
        buffers.ensure(local, table.polylineOfSlot[slot], row);
        int length = selected.embeddingLength;
        double d = PolylineMetric.distanceUpTo(buffers.embeddings, local * length, selected.embeddings, e * length,
                length, radius);
        if (d < radius) {
            lowerBound(slot, d);
            return true;
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
        // level and trend are 1-Lipschitz: one subtraction each rules out about half of the entries
        // of the 3x3 cells before the 16-feature bound is computed
        double coordinateLimit = radius * (1 + RELATIVE_MARGIN) + selected.coordinateMargin;
        if (Math.abs((double) table.level[slot] - selected.level[e]) >= coordinateLimit
                || Math.abs((double) table.trend[slot] - selected.trend[e]) >= coordinateLimit) {
            return FAR;
        }
        double margin = radius * RELATIVE_MARGIN
                + NORM_MARGIN * ((double) table.featureNorm[slot] + selected.featureNorm[e]);
        double farLimit = radius + margin;
        float[] a = table.features;
        float[] b = selected.features;
        int ao = slot * CandidateTable.STRIDE;
        int bo = e * CandidateTable.STRIDE;
        // four independent sums (STRIDE is a multiple of 4): shorter dependency chains
        double l0 = 0;
        double l1 = 0;
        double l2 = 0;
        double l3 = 0;
        for (int i = 0; i < CandidateTable.STRIDE; i += 4) {
            l0 += Math.abs((double) a[ao + i] - b[bo + i]);
            l1 += Math.abs((double) a[ao + i + 1] - b[bo + i + 1]);
            l2 += Math.abs((double) a[ao + i + 2] - b[bo + i + 2]);
            l3 += Math.abs((double) a[ao + i + 3] - b[bo + i + 3]);
        }
        double lower = (l0 + l1) + (l2 + l3);
        return lower >= farLimit ? FAR : BORDERLINE;
    }

    /**
     * The 16-bit copy of the candidate against that of the selected polyline (same grid): the exact
     * distance is within the sum of their errors of the quantised one, so only pairs within that
     * (plus the rounding margin) of the radius are left to the exact distance.
     */
    private int byQuantised(int slot, int e, double radius) {
        QuantisedEmbeddings quantised = table.quantised;
        double slack = (double) quantised.error(slot) + selected.codeError[e] + radius * RELATIVE_MARGIN;
        double farLimit = radius + slack;
        if (widenedSlot != slot) {
            quantised.widen(slot, candidateCodes);
            widenedSlot = slot;
        }
        double d = quantised.distanceUpTo(candidateCodes, selected.codes, e * selected.embeddingLength, farLimit);
        // the double sums themselves round by ~1e-14 relative; 1e-9 of d covers that with room
        slack += 1e-9 * d;
        if (d - slack >= radius) {
            return FAR;
        }
        double upper = d + slack;
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
}
