package org.trainscope.ui.dynamics;

import org.eclipse.swt.graphics.ImageData;
import org.trainscope.algorithms.sampling.PolylineDensity;

/**
 * A finished chart: the picture (density of all polylines with the sample drawn over it) and
 * what the view needs to explain it (axis, sampled neurons and their values, quality).
 *
 * @param request what was asked
 * @param image width x height pixels, ready to wrap in an SWT image on the UI thread
 * @param axis value-to-row mapping
 * @param iterations training iteration of each record in the range
 * @param sampled neuron indices of the sample, ascending
 * @param sampledValues their values, polyline-major ({@code sampled.length x iterations.length})
 * @param scan value range and non-finite markers of all polylines
 * @param quality measured properties of the sample, for people
 */
public record DynamicsChart(DynamicsRequest request, ImageData image, PolylineDensity.YAxis axis, long[] iterations,
        int[] sampled, float[] sampledValues, PolylineDensity.Scan scan, String quality) {

    public int length() {
        return iterations.length;
    }

    /** Pixel column of point {@code j} in the chart image. */
    public int columnOf(int j) {
        return length() > 1 ? (int) Math.round(j * (request.width() - 1) / (double) (length() - 1)) : 0;
    }

    /** Nearest point index for an image column. */
    public int pointAt(int x) {
        if (length() <= 1) {
            return 0;
        }
        int j = (int) Math.round(x * (length() - 1) / (double) (request.width() - 1));
        return Math.max(0, Math.min(length() - 1, j));
    }

    public float value(int sampleIndex, int point) {
        return sampledValues[sampleIndex * length() + point];
    }
}
