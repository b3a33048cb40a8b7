package org.trainscope.algorithms.sampling.provider;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.trainscope.algorithms.sampling.OutlierLevel;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.algorithms.sampling.PolylinePicker;
import org.trainscope.core.model.TensorSeries;

/**
 * A finished training-dynamics chart, everything needed to draw and explain it and nothing tied
 * to a toolkit: the density of all polylines as ARGB pixels, the sampled polylines in data
 * coordinates (iteration, value) with their polyline indices, which of them are outliers and where
 * they turn non-finite, the counts of polylines turning non-finite per iteration, the axes' ticks
 * and labels, the measured figures of the sample and the groups of anomalous sampled polylines
 * ({@link NeuronGroup}). Made by {@link DynamicsChartProvider};
 * painted by {@link DynamicsChartPainter}. Immutable: accessors hand out copies of arrays.
 */
public final class DynamicsChartModel {

    /**
     * A tick of an axis.
     *
     * @param pixel row (value axis) or column (iteration axis) in the plot area
     * @param label as written beside the tick
     */
    public record AxisTick(int pixel, String label) {
    }

    /**
     * Where polylines (of all, not only the sampled) turn NaN or infinite.
     *
     * @param point  index of the point in the chart's range
     * @param column pixel column of that point in the plot area
     * @param count  how many polylines have their first non-finite value there
     */
    public record NonFiniteMark(int point, int column, int count) {
    }

    private final DynamicsRequest request;
    private final TensorSeries polylines;
    private final int[] records;
    private final int[] density;
    private final int[] linesRaster;
    private final PolylineDensity.YAxis axis;
    private final long[] iterations;
    private final int[] sampled;
    private final int[] selectionOrder;
    private final float[] sampledValues;
    private final boolean[] outliers;
    private final int[] onsets;
    private final OutlierLevel outlierLevel;
    private final PolylineDensity.Scan scan;
    private final List<ChartFigure> figures;
    private final List<AxisTick> valueTicks;
    private final List<AxisTick> iterationTicks;
    private final List<NonFiniteMark> nonFiniteMarks;
    private final List<NeuronGroup> groups;
    private final boolean preview;
    private final boolean squashesBulk;

    DynamicsChartModel(ChartRecords chart, int[] density, int[] linesRaster,
            PolylineDensity.YAxis axis, long[] iterations, int[] sampled, int[] selectionOrder, float[] sampledValues,
            boolean[] outliers, OutlierLevel outlierLevel, PolylineDensity.Scan scan, List<ChartFigure> figures,
            List<NeuronGroup> groups, boolean preview, boolean squashesBulk) {
        this.preview = preview;
        this.squashesBulk = squashesBulk;
        this.request = chart.shown();
        this.polylines = chart.series();
        this.records = chart.records();
        this.density = density;
        this.linesRaster = linesRaster;
        this.axis = axis;
        this.iterations = iterations;
        this.sampled = sampled;
        this.selectionOrder = selectionOrder;
        this.sampledValues = sampledValues;
        this.outliers = outliers;
        this.outlierLevel = outlierLevel;
        this.scan = scan;
        this.figures = List.copyOf(figures);
        this.groups = List.copyOf(groups);
        int length = iterations.length;
        this.onsets = new int[sampled.length];
        for (int i = 0; i < sampled.length; i++) {
            onsets[i] = onset(sampledValues, i * length, length);
        }
        this.valueTicks = valueTicks(axis, request.height());
        this.iterationTicks = computeIterationTicks();
        this.nonFiniteMarks = computeNonFiniteMarks();
    }

    /**
     * True for the first picture of a progressive computation: the density of a stratified subset,
     * no sample yet; the finished chart follows.
     */
    public boolean isPreview() {
        return preview;
    }

    public DynamicsRequest request() {
        return request;
    }

    /**
     * True when the axis is linear and the bulk of the values (the tensor summary's bulk range, the
     * 0.5 % to 99.5 % quantiles widened by half their span) takes less than
     * {@link DynamicsChartProvider#SQUASHED_SHARE} of it: a few exploding polylines set the axis and
     * every other one is drawn as one flat line. The log scale shows both.
     */
    public boolean squashesBulk() {
        return squashesBulk;
    }

    /**
     * The series drawn: one polyline per unit, unit and probe input, or channel; over the chart's
     * records only when a long run is drawn from records spread over the range ({@link #recordAt}).
     */
    public TensorSeries polylines() {
        return polylines;
    }

    /** Width of the plot area in pixels. */
    public int width() {
        return request.width();
    }

    /** Height of the plot area in pixels. */
    public int height() {
        return request.height();
    }

    /** Points (records) in the chart's range. */
    public int length() {
        return iterations.length;
    }

    /** The density of all polylines, width x height pixels 0xAARRGGBB, white to grey-blue, log scale. */
    public int[] densityImage() {
        return density.clone();
    }

    int[] densityPixels() {
        return density;
    }

    /**
     * True when the sampled polylines are drawn as lines (a sample of at most
     * {@link DynamicsChartProvider#MAX_VECTOR_LINES}); a larger one comes rasterised with the
     * density ({@link #linesImage()}), so that drawing it costs no more than the density does.
     */
    public boolean linesAsVectors() {
        return linesRaster == null;
    }

    /** The sample rasterised on a transparent background (0xAARRGGBB), or null when drawn as lines. */
    public int[] linesImage() {
        return linesRaster == null ? null : linesRaster.clone();
    }

    int[] linesPixels() {
        return linesRaster;
    }

    /** Value-to-row mapping. */
    public PolylineDensity.YAxis axis() {
        return axis;
    }

    /** Training iteration of each point in the range. */
    public long[] iterations() {
        return iterations.clone();
    }

    public long iteration(int point) {
        return iterations[point];
    }

    /** Polyline indices of the sample, ascending. */
    public int[] sampled() {
        return sampled.clone();
    }

    /** The sampled polylines' indices in the order the sampler chose them. */
    public int[] selectionOrder() {
        return selectionOrder.clone();
    }

    /** Value of the {@code sampleIndex}-th polyline of {@link #sampled()} at {@code point}. */
    public float value(int sampleIndex, int point) {
        return sampledValues[sampleIndex * length() + point];
    }

    /** The values of the {@code sampleIndex}-th sampled polyline over the range. */
    public float[] sampledPolyline(int sampleIndex) {
        return Arrays.copyOfRange(sampledValues, sampleIndex * length(), (sampleIndex + 1) * length());
    }

    float[] sampledValues() {
        return sampledValues;
    }

    /** True when the {@code sampleIndex}-th sampled polyline is drawn as an outlier. */
    public boolean isOutlier(int sampleIndex) {
        return outliers[sampleIndex];
    }

    public int outlierCount() {
        int n = 0;
        for (boolean o : outliers) {
            n += o ? 1 : 0;
        }
        return n;
    }

    /** The point where the {@code sampleIndex}-th sampled polyline turns non-finite, -1 if never. */
    public int onset(int sampleIndex) {
        return onsets[sampleIndex];
    }

    /** How outliers were told apart. */
    public OutlierLevel outlierLevel() {
        return outlierLevel;
    }

    /** Value range and non-finite counts of all polylines. */
    public PolylineDensity.Scan scan() {
        return scan;
    }

    /**
     * The groups of anomalous sampled polylines (outliers and those turning NaN/Inf) that share a
     * pattern, by onset: "NaN from it. 152", "diverges upward at it. 140" ({@link NeuronGroupFinder}).
     */
    public List<NeuronGroup> groups() {
        return groups;
    }

    /** Measured properties of the sample, for the header. */
    public List<ChartFigure> figures() {
        return figures;
    }

    public List<AxisTick> valueTicks() {
        return valueTicks;
    }

    public List<AxisTick> iterationTicks() {
        return iterationTicks;
    }

    /** Points where polylines turn non-finite, left to right. */
    public List<NonFiniteMark> nonFiniteMarks() {
        return nonFiniteMarks;
    }

    /** The geometry the picture was drawn with, for picking. */
    public PolylinePicker.Chart geometry() {
        return new PolylinePicker.Chart(axis, width(), height(), length());
    }

    /** Pixel column of point {@code j} in the plot area. */
    public int columnOf(int j) {
        return geometry().column(j);
    }

    /**
     * Pixel row of a value in the plot area, clamped to it as the density is, or
     * {@link Integer#MIN_VALUE} for NaN and infinities (which are not drawn).
     */
    public int rowOf(float v) {
        double p = axis.position(v);
        if (!Float.isFinite(v) || Double.isNaN(p)) {
            return Integer.MIN_VALUE;
        }
        return (int) Math.round((1 - Math.max(0, Math.min(1, p))) * (height() - 1));
    }

    /**
     * The plot column of a training iteration (the current snapshot's line), between the columns of
     * the recorded iterations around it; -1 when it lies outside the chart's range.
     */
    public int columnAtIteration(long iteration) {
        if (iterations.length == 0 || iteration < iterations[0] || iteration > iterations[iterations.length - 1]) {
            return -1;
        }
        return columnOfIteration(iteration);
    }

    /** Nearest point index for a plot column. */
    public int pointAt(int x) {
        if (length() <= 1) {
            return 0;
        }
        int j = (int) Math.round(x * (length() - 1) / (double) (width() - 1));
        return Math.max(0, Math.min(length() - 1, j));
    }

    /**
     * The record of the request's tensor at point {@code point}: {@code fromRecord + point}, except
     * for a long run drawn from records spread over the range ({@link ChartRecords}).
     */
    public int recordAt(int point) {
        return records[Math.max(0, Math.min(records.length - 1, point))];
    }

    /** True when polyline {@code polyline} is in the sample. */
    public boolean isSampled(int polyline) {
        return Arrays.binarySearch(sampled, polyline) >= 0;
    }

    /** How tooltips and status lines name a polyline. */
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

    /** Round values, about one per 40 pixels of height. */
    private static List<AxisTick> valueTicks(PolylineDensity.YAxis axis, int h) {
        double[] values = org.trainscope.algorithms.sampling.AxisTicks.values(axis, Math.max(2, h / 40));
        double step = values.length > 1 ? values[1] - values[0] : Double.NaN;
        return Arrays.stream(values)
                .mapToObj(v -> new AxisTick((int) Math.round((1 - axis.position(v)) * (h - 1)),
                        axis.symlog() ? org.trainscope.algorithms.sampling.AxisTicks.logLabel(v)
                                : org.trainscope.algorithms.sampling.AxisTicks.label(v, step)))
                .toList();
    }

    /** Round iterations, about one per 90 pixels of width. */
    private List<AxisTick> computeIterationTicks() {
        if (iterations.length == 0) {
            return List.of();
        }
        long[] ticks = org.trainscope.algorithms.sampling.AxisTicks.iterations(iterations[0],
                iterations[iterations.length - 1], Math.max(2, width() / 90));
        return Arrays.stream(ticks).mapToObj(i -> new AxisTick(columnOfIteration(i), Long.toString(i))).toList();
    }

    /**
     * The column of an iteration between the first and last recorded ones: points are spaced
     * evenly by index, so an iteration between two recorded ones is placed between their columns.
     */
    private int columnOfIteration(long iteration) {
        int j = Arrays.binarySearch(iterations, iteration);
        if (j >= 0) {
            return columnOf(j);
        }
        int after = -j - 1;
        if (after <= 0 || after >= iterations.length) {
            return columnOf(Math.max(0, Math.min(iterations.length - 1, after)));
        }
        double fraction = (iteration - iterations[after - 1]) / (double) (iterations[after] - iterations[after - 1]);
        int left = columnOf(after - 1);
        return left + (int) Math.round(fraction * (columnOf(after) - left));
    }

    private List<NonFiniteMark> computeNonFiniteMarks() {
        int[] first = scan.firstNonFinitePerPoint();
        List<NonFiniteMark> marks = new java.util.ArrayList<>();
        for (int j = 0; j < first.length && j < length(); j++) {
            if (first[j] > 0) {
                marks.add(new NonFiniteMark(j, columnOf(j), first[j]));
            }
        }
        return List.copyOf(marks);
    }
}
