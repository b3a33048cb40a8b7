package org.trainscope.algorithms.sampling.internal;

import org.trainscope.algorithms.sampling.PolylineMetric;

/**
 * A 16-bit copy of every candidate's embedding, in candidate (slot) order once extracted, so that the conflict
 * test can settle almost every borderline pair without reading the polyline again from the source
 * (a random row read plus a new embedding used to cost more than the whole feature pass).
 * <p>
 * All embeddings share one grid per half: a position coordinate is stored as {@code stepP * code},
 * a direction coordinate as {@code stepD * code}, with a 16-bit code each. The steps come from the
 * metric alone (positions of normalised values in [-2, 2], which holds the sentinel levels of
 * non-finite segments; directions in [-3, 3] times their weight, which holds the finite (-1, 1) and
 * the non-finite sentinel 3), so the selected polylines are coded on the same grid and the distance of two copies is
 * {@code stepP * sum|codeA - codeB| + stepD * sum|...|}, integer sums the JIT keeps simple. Each
 * copy carries a bound of its L1 reconstruction error {@code sum_i |recon_i - V_i|}: a code is the
 * nearest grid point, so a coordinate on the grid is off by at most half a step and the bound of a
 * copy with no value off the grid is the same constant for all (no per-coordinate error to sum);
 * values off the grid are clamped and their copy's error is measured exactly (large: such pairs
 * fall through to the exact distance). For two embeddings
 * {@code |d(recon_a, recon_b) - d(V_a, V_b)| <= error_a + error_b}. The quantised
 * distance is therefore a bound, never an answer: the caller decides only when it is clear of the
 * radius by more than the errors, and otherwise falls back to the exact distance. The selection is
 * the same as with exact distances only. 4·N_S + 4 bytes per polyline.
 * <p>
 * The codes are kept in pages of whole copies ({@value #PAGE_CODES} codes at most per page), so the
 * table has no size limit of its own: slots × 2·N_S exceeds 2^31 at 33.5 M polylines of 32 segments,
 * which one Java array cannot hold.
 */
final class QuantisedEmbeddings {

    private static final int MAX_CODE = 32767;
    /** Normalised position values in [-POSITION_RANGE, POSITION_RANGE] are on the grid. */
    private static final double POSITION_RANGE = 2.0;
    /**
     * Relative allowance for the double rounding of the reconstruction and of the sums (tens of
     * operations at 2^-53 each); far below the radius margins, but it keeps the bound honest.
     */
    private static final double ROUNDING = 1e-12;

    /** Codes per page at most (16 MB): a page holds {@link #slotsPerPage} whole copies. */
    static final int PAGE_CODES = 1 << 23;

    private final int length;
    private final int half;
    private final int slotsPerPage;
    private short[][] pages;
    private float[] error;
    /** Grid steps of the position and the direction half. */
    private final double stepP;
    private final double stepD;
    /** 1/step in float: the coding loop runs in float (a third faster than in double). */
    private final float inverseP;
    private final float inverseD;
    /** The error bound of a copy with every code on the grid (half a step per coordinate). */
    private final float onGridError;

    QuantisedEmbeddings(int slots, PolylineMetric metric) {
        this.length = metric.embeddingLength();
        this.half = length / 2;
        this.slotsPerPage = Math.max(1, PAGE_CODES / Math.max(1, length));
        this.pages = newPages(slots);
        this.error = new float[slots];
        int segments = metric.segmentCount();
        // coordinate magnitudes as PolylineMetric#embed writes them: positionWeight / N_S times a
        // normalised value, directionWeight / (2 N_S) times a number in (-1, 1)
        double positionScale = Math.abs(metric.positionWeight()) / segments;
        double directionScale = Math.abs(metric.directionWeight()) / (2.0 * segments);
        this.stepP = positionScale * POSITION_RANGE / (MAX_CODE - 1);
        this.stepD = directionScale * PolylineMetric.NON_FINITE_DIRECTION / (MAX_CODE - 1);
        this.inverseP = stepP > 0 && Double.isFinite(stepP) ? (float) (1.0 / stepP) : 0;
        this.inverseD = stepD > 0 && Double.isFinite(stepD) ? (float) (1.0 / stepD) : 0;
        this.onGridError = Math.nextUp((float) (halfStepError(stepP, inverseP) + halfStepError(stepD, inverseD)));
    }

    /**
     * The bound for one half when no code is clamped: |scaled - code| <= 1/2 (nearest integer), and
     * the float scaled = v * inverse is within 2^-23 relative (one rounding of inverse = 1/step, one
     * of the product, 2^-24 each) of v / step, with |v / step| below MAX_CODE + 1; so
     * |step * code - v| <= step * (1/2 + 32768 * 2^-23) <= step * (1/2 + 2^-7). A zero inverse
     * (degenerate weight) makes every code 0 and the coordinates are then all 0.
     */
    private double halfStepError(double step, float inverse) {
        if (inverse == 0) {
            return 0;
        }
        double perCoordinate = step * (0.5 + 0x1p-7);
        return half * perCoordinate + ROUNDING * (half * MAX_CODE * step);
    }

    int length() {
        return length;
    }

    private short[][] newPages(int slots) {
        int pageCount = (int) (((long) slots + slotsPerPage - 1) / slotsPerPage);
        short[][] result = new short[pageCount][];
        for (int p = 0; p < pageCount; p++) {
            int slotsHere = (int) Math.min(slotsPerPage, (long) slots - (long) p * slotsPerPage);
            result[p] = new short[slotsHere * length];
        }
        return result;
    }

    private short[] page(int slot) {
        return pages[slot / slotsPerPage];
    }

    private int offset(int slot) {
        return (slot % slotsPerPage) * length;
    }

    /** Stores the embedding {@code v[vOffset ..]} of a polyline in {@code slot}. */
    void encode(int slot, float[] v, int vOffset) {
        error[slot] = encode(v, vOffset, page(slot), offset(slot));
    }

    /**
     * Codes the embedding {@code v[vOffset ..]} into {@code out[outOffset ..]} on the shared grid.
     *
     * @return the bound of the L1 reconstruction error, rounded up to float (+Inf if it overflows,
     *         which only disables the shortcut for that polyline)
     */
    float encode(float[] v, int vOffset, short[] out, int outOffset) {
        boolean onGrid = encodeHalf(v, vOffset, out, outOffset, inverseP)
                & encodeHalf(v, vOffset + half, out, outOffset + half, inverseD);
        if (onGrid) {
            return onGridError;
        }
        double e = measuredError(v, vOffset, out, outOffset, stepP)
                + measuredError(v, vOffset + half, out, outOffset + half, stepD);
        return Math.nextUp((float) e);
    }

    /** @return false if some value was off the grid (clamped) */
    private boolean encodeHalf(float[] v, int vOffset, short[] out, int outOffset, float inverse) {
        // no clamp, no Math.max and no rint in the common loop: adding 1.5 * 2^23 rounds to the
        // nearest integer, ties to even (for |x| < 2^22), and leaves it in the low mantissa bits; a
        // value off the grid is only noted, and the rare copy that has one is coded again
        boolean outside = false;
        for (int i = 0; i < half; i++) {
            float scaled = v[vOffset + i] * inverse;
            // written so that NaN (an infinite inverse times 0) counts as outside too
            outside |= !(scaled <= MAX_CODE & scaled >= -MAX_CODE);
            out[outOffset + i] = (short) Float.floatToRawIntBits(scaled + ROUND_TO_INTEGER);
        }
        if (!outside) {
            return true;
        }
        for (int i = 0; i < half; i++) {
            out[outOffset + i] = (short) clamp((int) Math.rint(v[vOffset + i] * (double) inverse));
        }
        return false;
    }

    /** 1.5 * 2^23: x + this has the integer nearest to x in its low mantissa bits. */
    private static final float ROUND_TO_INTEGER = 0x1.8p23f;

    /** The L1 reconstruction error of one half, measured (for copies with clamped values). */
    private double measuredError(float[] v, int vOffset, short[] codes, int codesOffset, double step) {
        double e = 0;
        for (int i = 0; i < half; i++) {
            e += Math.abs(step * codes[codesOffset + i] - v[vOffset + i]);
        }
        // the double rounding: step * code rounds by at most 2^-53 |step * MAX_CODE| per coordinate,
        // the subtraction and the sums by a few 2^-53 of e
        return e + ROUNDING * (half * MAX_CODE * step + e);
    }

    private static int clamp(int code) {
        return code > MAX_CODE ? MAX_CODE : code < -MAX_CODE ? -MAX_CODE : code;
    }

    /**
     * Reorders the copies, written by polyline index, to candidate order: copy {@code s} becomes
     * the one of polyline {@code polylineOfSlot[s]}. Needs a second code array for the moment.
     */
    void toCandidateOrder(int[] polylineOfSlot) {
        int slots = polylineOfSlot.length;
        short[][] reordered = newPages(slots);
        float[] reorderedError = new float[error.length];
        float[] oldError = error;
        Parallel.forRanges(slots, (from, to) -> {
            for (int s = from; s < to; s++) {
                int p = polylineOfSlot[s];
                System.arraycopy(page(p), offset(p), reordered[s / slotsPerPage], offset(s), length);
                reorderedError[s] = oldError[p];
            }
        });
        pages = reordered;
        error = reorderedError;
    }

    /** @return the bound on |quantised distance - exact distance| for {@code slot}'s copy */
    float error(int slot) {
        return error[slot];
    }

    /** Copies {@code slot}'s codes widened to int (the integer L1 of ints is about twice as fast). */
    void widen(int slot, int[] out) {
        short[] codes = page(slot);
        int a = offset(slot);
        for (int i = 0; i < length; i++) {
            out[i] = codes[a + i];
        }
    }

    /**
     * @return the L1 distance between the reconstructions of two widened copies {@code a[0 ..]} and
     *         {@code b[bOffset ..]} (same grid), stopping early once it reaches {@code limit}
     */
    double distanceUpTo(int[] a, int[] b, int bOffset, double limit) {
        double sum = stepP * l1(a, 0, b, bOffset, half);
        if (sum >= limit) {
            return sum;
        }
        return sum + stepD * l1(a, half, b, bOffset + half, half);
    }

    /** Exact integer L1 of two code runs (at most 2^16 * N_S, no overflow). */
    private static int l1(int[] a, int aOffset, int[] b, int bOffset, int count) {
        int s = 0;
        for (int i = 0; i < count; i++) {
            s += Math.abs(a[aOffset + i] - b[bOffset + i]);
        }
        return s;
    }
}
