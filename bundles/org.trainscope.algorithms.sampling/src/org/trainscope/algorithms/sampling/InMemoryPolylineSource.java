package org.trainscope.algorithms.sampling;

import java.util.Objects;

/** A {@link PolylineSource} over a row-major float array: for tests, small runs and benchmarks. */
public final class InMemoryPolylineSource implements PolylineSource {

    private final float[] values;
    private final int count;
    private final int length;

    /**
     * @param values row-major values, {@code count*length} of them; not copied, so the caller must
     *               not change them while a sampler runs
     */
    public InMemoryPolylineSource(float[] values, int count, int length) {
        this.values = Objects.requireNonNull(values, "values");
        if (count < 0 || length < 1 || (long) count * length > values.length) {
            throw new IllegalArgumentException("need count*length <= values.length, got " + count + "*" + length
                    + " > " + values.length);
        }
        this.count = count;
        this.length = length;
    }

    @Override
    public int polylineCount() {
        return count;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void read(int first, int n, float[] out) {
        Objects.checkFromIndexSize(first, n, count);
        System.arraycopy(values, first * length, out, 0, n * length);
    }
}
