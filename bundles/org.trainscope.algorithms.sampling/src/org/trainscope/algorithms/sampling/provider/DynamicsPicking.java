package org.trainscope.algorithms.sampling.provider;

import java.util.Arrays;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.algorithms.sampling.PolylinePicker;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.TensorSeriesPolylines;

/**
 * What is under the pointer or a brushed rectangle of a chart, among ALL its polylines (through
 * {@link PolylinePicker}, reading only the records near the asked columns), with the values
 * needed to draw the answer. Runs off the UI thread (cancellable through the monitor); plain
 * memory in, plain memory out, so the command line and tests can ask the same questions.
 */
public final class DynamicsPicking {
    /** How far from the pointer, in pixels, a polyline still counts as hovered. */
    public static final double HOVER_TOLERANCE = 4;
    /** A sampled polyline wins over a nearer unsampled one up to this many pixels farther. */
    public static final double SAMPLED_TIE = 1.5;
    /** Selected polylines drawn highlighted at most (all are published). */
    public static final int MAX_DRAWN = 500;

    /**
     * The polyline under the pointer.
     *
     * @param chart  the chart it was found on
     * @param polyline index in {@link DynamicsChartModel#polylines()}
     * @param nearby how many polylines pass within the tolerance
     * @param point  the point (record in the range) under the pointer
     * @param values the polyline over the chart's range
     * @param x      image column of the pointer
     * @param y      image row of the pointer
     */
    public record Hover(DynamicsChartModel chart, int polyline, int nearby, int point, float[] values, int x, int y) {
        public String text() {
            float v = values[point];
            int onset = DynamicsChartModel.onset(values, 0, values.length);
            StringBuilder b = new StringBuilder(chart.describe(polyline));
            b.append(chart.isSampled(polyline) ? " (sampled)" : " (not sampled)");
            b.append("\niteration ").append(chart.iteration(point)).append(" · value ").append(v);
            if (onset >= 0) {
                b.append("\nnon-finite from iteration ").append(chart.iteration(onset));
            }
            if (nearby > 1) {
                b.append("\n").append(nearby).append(" polylines within ").append((int) HOVER_TOLERANCE)
                        .append(" pixels");
            }
            return b.toString();
        }
    }

    /**
     * Polylines crossing a brushed rectangle.
     *
     * @param values the first {@code min(polylines.length, MAX_DRAWN)} of them over the chart's range
     */
    public record Brush(DynamicsChartModel chart, int[] polylines, float[] values) {
        public int drawn() {
            return Math.min(polylines.length, MAX_DRAWN);
        }
    }

    private DynamicsPicking() {
    }

    /** The polyline nearest to image pixel (x, y), sampled ones winning near-ties; null if none is near. */
    public static Hover hover(DynamicsChartModel chart, int x, int y, IProgressMonitor job) {
        IProgressMonitor monitor = WhileRunOpen.of(job, chart.request().run());
        PolylinePicker.Chart geometry = chart.geometry();
        int[] window = geometry.pointsAround(x - HOVER_TOLERANCE, x + HOVER_TOLERANCE);
        int from = chart.request().fromRecord();
        PolylinePicker.Hits hits = PolylinePicker.near(around(chart, window, monitor), window[0], geometry, x, y,
                HOVER_TOLERANCE, monitor);
        int best = hits.best(chart::isSampled, SAMPLED_TIE);
        if (best < 0) {
            return null;
        }
        float[] values = new float[chart.length()];
        new GuardedPolylines(new TensorSeriesPolylines(chart.polylines(), from, from + chart.length()), monitor)
                .read(best, 1, values);
        return new Hover(chart, best, hits.size(), chart.pointAt(x), values, x, y);
    }

    /** The polylines with a drawn segment in the image rectangle (x0, y0)-(x1, y1). */
    public static Brush brush(DynamicsChartModel chart, int x0, int y0, int x1, int y1, IProgressMonitor job) {
        IProgressMonitor monitor = WhileRunOpen.of(job, chart.request().run());
        PolylinePicker.Chart geometry = chart.geometry();
        int[] window = geometry.pointsAround(Math.min(x0, x1), Math.max(x0, x1));
        int[] polylines = PolylinePicker.crossing(around(chart, window, monitor), window[0], geometry, x0, y0, x1,
                y1, monitor);
        return withValues(chart, polylines, monitor);
    }

    /** Points {@code [window[0], window[1])} of the chart's range of every polyline. */
    private static PolylineSource around(DynamicsChartModel chart, int[] window, IProgressMonitor monitor) {
        int from = chart.request().fromRecord();
        return new GuardedPolylines(
                new TensorSeriesPolylines(chart.polylines(), from + window[0], from + window[1]), monitor);
    }

    /** The same polylines drawn on another chart of the same series (after a zoom or pan). */
    public static Brush withValues(DynamicsChartModel chart, int[] polylines, IProgressMonitor job) {
        IProgressMonitor monitor = WhileRunOpen.of(job, chart.request().run());
        int drawn = Math.min(polylines.length, MAX_DRAWN);
        int length = chart.length();
        float[] values = new float[drawn * length];
        float[] one = new float[length];
        int from = chart.request().fromRecord();
        PolylineSource range = new GuardedPolylines(new TensorSeriesPolylines(chart.polylines(), from, from + length),
                monitor);
        for (int i = 0; i < drawn; i++) {
            range.read(polylines[i], 1, one);
            System.arraycopy(one, 0, values, i * length, length);
        }
        return new Brush(chart, Arrays.copyOf(polylines, polylines.length), values);
    }
}
