package org.trainscope.ui.dynamics;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.swt.graphics.ImageData;
import org.trainscope.algorithms.sampling.OutlierLevel;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.algorithms.sampling.PolylinePicker;
import org.trainscope.core.model.TensorSeries;

/**
 * A finished chart: the picture (density of all polylines with the sample drawn over it) and
 * what the view needs to explain it (axis, sampled polylines and their values, which of them are
 * outliers and where they turn non-finite, the measured figures of the sample).
 *
 * @param request       what was asked
 * @param polylines     the series drawn: one polyline per unit, unit and probe input, or channel
 * @param image         width x height pixels, ready to wrap in an SWT image on the UI thread
 * @param axis          value-to-row mapping
 * @param iterations    training iteration of each record in the range
 * @param sampled       polyline indices of the sample, ascending
 * @param sampledValues their values, polyline-major ({@code sampled.length x iterations.length})
 * @param outliers      per sampled polyline: drawn in the outlier colour
 * @param onsets        per sampled polyline: the point where it turns NaN or infinite, -1 if never
 * @param outlierLevel  how outliers were told apart
 * @param scan          value range and non-finite markers of all polylines
 * @param figures       measured properties of the sample, for the header
 */
public record DynamicsChart(DynamicsRequest request, TensorSeries polylines, ImageData image,
        PolylineDensity.YAxis axis, long[] iterations, int[] sampled, float[] sampledValues, boolean[] outliers,
        int[] onsets, OutlierLevel outlierLevel, PolylineDensity.Scan scan, List<ChartFigure> figures) {

    public int length() {
        return iterations.length;
    }

    /** The geometry the picture was drawn with, for picking. */
    public PolylinePicker.Chart geometry() {
        return new PolylinePicker.Chart(axis, request.width(), request.height(), length());
    }

    /** Pixel column of point {@code j} in the chart image. */
    public int columnOf(int j) {
        return geometry().column(j);
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

    /** True when polyline {@code polyline} is in the sample. */
    public boolean isSampled(int polyline) {
        return Arrays.binarySearch(sampled, polyline) >= 0;
    }

    /** How the tooltip and the status line name a polyline. */
    public String describe(int polyline) {
        return request.grouping().describe(polyline, request.layout());
    }

    /** The figures as one line of text. */
    public String quality() {
        return figures.stream().map(ChartFigure::text).collect(Collectors.joining(" · "));
    }

    /** The first non-finite point of a polyline's values, or -1. */
    public static int onset(float[] values, int offset, int length) {
        for (int j = 0; j < length; j++) {
            if (!Float.isFinite(values[offset + j])) {
                return j;
            }
        }
        return -1;
    }
}
