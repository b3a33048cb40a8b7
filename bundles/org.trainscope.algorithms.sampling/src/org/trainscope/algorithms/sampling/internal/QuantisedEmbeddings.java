package org.trainscope.algorithms.sampling.internal;

/**
 * A 16-bit copy of every candidate's embedding, in candidate (slot) order, so that the conflict
 * test can settle almost every borderline pair without reading the polyline again from the source
 * (a random row read plus a new embedding used to cost more than the whole feature pass).
 * <p>
 * Each half of an embedding (positions, directions) is stored as {@code offset + step * code} with
 * a 16-bit code per coordinate and its own float offset and step. The exact L1 error of the
 * reconstruction, {@code sum_i |recon_i - V_i|}, is measured when encoding and stored rounded up,
 * so for any float vector S: {@code |d(recon, S) - d(V, S)| <= error}. The quantised distance is
 * therefore a bound, never an answer: the caller decides only when it is clear of the radius by
 * more than the error, and otherwise falls back to the exact distance. The selection is the same
 * as with exact distances only. 128 bytes plus 20 per polyline at 32 segments.
 */
final class QuantisedEmbeddings {

    private static final int MAX_CODE = 32767;
    /** Per slot: position offset, position step, direction offset, direction step, error. */
    private static final int PARAMS = 5;
    /**
     * Relative allowance for the double rounding of the reconstruction and of the sums (tens of
     * operations at 2^-53 each); far below the radius margins, but it keeps the bound honest.
     */
    private static final double ROUNDING = 1e-12;

    private final int length;
    private final int half;
    private final short[] codes;
    private final float[] params;

    QuantisedEmbeddings(int slots, int embeddingLength) {
        this.length = embeddingLength;
        this.half = embeddingLength / 2;
        this.codes = new short[Math.multiplyExact(slots, embeddingLength)];
        this.params = new float[slots * PARAMS];
    }

    /** Stores the embedding {@code v[vOffset ..]} of a finite polyline in {@code slot}. */
    void encode(int slot, float[] v, int vOffset) {
        int c = slot * length;
        int p = slot * PARAMS;
        double error = encodeHalf(v, vOffset, c, p);
        error += encodeHalf(v, vOffset + half, c + half, p + 2);
        // rounded up so that the stored value stays a bound after the cast (+Inf if it overflows,
        // which only disables the shortcut for that polyline)
        params[p + 4] = Math.nextUp((float) error);
    }

    private double encodeHalf(float[] v, int vOffset, int codeOffset, int paramOffset) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < half; i++) {
            min = Math.min(min, v[vOffset + i]);
            max = Math.max(max, v[vOffset + i]);
        }
        float offset = (float) (0.5 * (min + max));
        // one spare step on each side absorbs the rounding of offset and step to float
        float step = (float) ((max - min) / (2.0 * (MAX_CODE - 1)));
        params[paramOffset] = offset;
        params[paramOffset + 1] = step;
        // any code is correct (the error below is measured, not assumed); a multiply and rint are
        // just the cheapest way to a near-optimal one
        double inverse = step > 0 ? 1.0 / step : 0;
        double error = 0;
        double magnitude = 0;
        for (int i = 0; i < half; i++) {
            double value = v[vOffset + i];
            int code = (int) Math.rint((value - offset) * inverse);
            code = Math.max(-MAX_CODE, Math.min(MAX_CODE, code));
            codes[codeOffset + i] = (short) code;
            error += Math.abs(reconstruct(offset, step, code) - value);
            magnitude += Math.abs(value);
        }
        return error + ROUNDING * magnitude;
    }

    private static double reconstruct(double offset, double step, int code) {
        return offset + step * code;
    }

    /** @return the bound on |quantised distance - exact distance| for {@code slot} */
    float error(int slot) {
        return params[slot * PARAMS + 4];
    }

    /**
     * @return the L1 distance between the reconstruction of {@code slot} and the float embedding
     *         {@code b[bOffset ..]}, in double, stopping early once it reaches {@code limit}
     */
    double distanceUpTo(int slot, float[] b, int bOffset, double limit) {
        int p = slot * PARAMS;
        int c = slot * length;
        double sum = halfDistance(c, params[p], params[p + 1], b, bOffset);
        if (sum >= limit) {
            return sum;
        }
        return sum + halfDistance(c + half, params[p + 2], params[p + 3], b, bOffset + half);
    }

    private double halfDistance(int codeOffset, double offset, double step, float[] b, int bOffset) {
        // four independent sums: one chain of dependent double adds would leave the core idle
        // most of the time (this loop is the innermost one of the whole sampler)
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < half; i += 4) {
            s0 += Math.abs(reconstruct(offset, step, codes[codeOffset + i]) - b[bOffset + i]);
            s1 += Math.abs(reconstruct(offset, step, codes[codeOffset + i + 1]) - b[bOffset + i + 1]);
            s2 += Math.abs(reconstruct(offset, step, codes[codeOffset + i + 2]) - b[bOffset + i + 2]);
            s3 += Math.abs(reconstruct(offset, step, codes[codeOffset + i + 3]) - b[bOffset + i + 3]);
        }
        for (; i < half; i++) {
            s0 += Math.abs(reconstruct(offset, step, codes[codeOffset + i]) - b[bOffset + i]);
        }
        return (s0 + s1) + (s2 + s3);
    }
}
