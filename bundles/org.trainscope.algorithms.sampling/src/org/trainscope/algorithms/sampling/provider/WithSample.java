package org.trainscope.algorithms.sampling.provider;

import org.trainscope.algorithms.sampling.PolylineSource;

/**
 * What the sample's quality figures are measured on without reading the trace again: the summary's
 * stratified reservoir of all polylines followed by the sampled polylines (values already read).
 */
final class WithSample implements PolylineSource {
    private final PolylineSource reservoir;
    private final float[] sampledValues;
    private final int sampled;

    WithSample(PolylineSource reservoir, float[] sampledValues, int sampled) {
        this.reservoir = reservoir;
        this.sampledValues = sampledValues;
        this.sampled = sampled;
    }

    /** Indices of the sampled polylines in a {@code WithSample} over {@code reservoir}. */
    static int[] sampleIndices(PolylineSource reservoir, int sampled) {
        int[] indices = new int[sampled];
        for (int i = 0; i < sampled; i++) {
            indices[i] = reservoir.polylineCount() + i;
        }
        return indices;
    }

    @Override
    public int polylineCount() {
        return reservoir.polylineCount() + sampled;
    }

    @Override
    public int length() {
        return reservoir.length();
    }

    @Override
    public void read(int first, int count, float[] out) {
        int len = length();
        int inReservoir = Math.max(0, Math.min(count, reservoir.polylineCount() - first));
        if (inReservoir > 0) {
            reservoir.read(first, inReservoir, out);
        }
        for (int i = inReservoir; i < count; i++) {
            int s = first + i - reservoir.polylineCount();
            System.arraycopy(sampledValues, s * len, out, i * len, len);
        }
    }
}
