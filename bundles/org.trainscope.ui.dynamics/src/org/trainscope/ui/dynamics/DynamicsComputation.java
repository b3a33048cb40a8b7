package org.trainscope.ui.dynamics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.trainscope.algorithms.sampling.OutlierLevel;
import org.trainscope.algorithms.sampling.PathIsolation;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.SamplingQuality;
import org.trainscope.algorithms.sampling.SamplingResult;
import org.trainscope.algorithms.sampling.TensorSeriesPolylines;
import org.trainscope.core.algorithms.AlgorithmDescriptor;
import org.trainscope.core.algorithms.AlgorithmManager;
import org.trainscope.core.model.TensorSeries;

/**
 * Computes a {@link DynamicsChart} off the UI thread: one pass for the value range, one for the
 * density of all polylines, the sampler through the algorithms extension point, the outlier level
 * from a subsample of all polylines, then the picture. Touches no widget; SWT's ImageData is
 * plain memory.
 */
public final class DynamicsComputation {
    /** Sampled lines: dark blue; outliers (the most isolated paths of all polylines): orange. */
    static final int LINE_RGB = 0x1f4e9c;
    static final int OUTLIER_RGB = 0xef6c00;
    /** Density ramp from white (no polyline) to this grey-blue (the densest pixel). */
    static final int DENSITY_RGB = 0x8fa7c0;

    private DynamicsComputation() {
    }

    /** The share of the values that the symmetric-log axis keeps in its linear part. */
    static final double LINEAR_ZONE_QUANTILE = 0.1;

    public static DynamicsChart compute(DynamicsRequest r, IProgressMonitor monitor) throws IOException {
        IProgressMonitor whileOpen = WhileRunOpen.of(monitor, r.run());
        if (whileOpen.isCanceled()) {
            throw new OperationCanceledException();
        }
        TensorSeries t = r.grouping().polylines(r.tensor(), r.layout());
        PolylineSource source = new GuardedPolylines(new TensorSeriesPolylines(t, r.fromRecord(), r.toRecord()),
                whileOpen);
        int ticks = PolylineDensity.ticks(source);
        SubMonitor sub = SubMonitor.convert(whileOpen, "Training dynamics of " + t.id(), 5 * ticks + 10);
        sub.subTask("Finding the value range");
        PolylineDensity.Scan scan = PolylineDensity.scan(source, sub.split(ticks));
        double lo = scan.empty() ? 0 : scan.min();
        double hi = scan.empty() ? 1 : scan.max();
        // the log axis is linear below the magnitude of the smallest tenth of the values: their
        // noise around zero would otherwise be spread over decades and fill the chart
        double linearZone = scan.magnitudeQuantile(LINEAR_ZONE_QUANTILE);
        PolylineDensity.YAxis axis = r.hasValueWindow()
                ? new PolylineDensity.YAxis(r.valueLow(), r.valueHigh(), r.symlog(), linearZone)
                : new PolylineDensity.YAxis(lo, hi > lo ? hi : lo + 1, r.symlog(), linearZone);
        sub.subTask("Density of all " + source.polylineCount() + " polylines");
        int[] density = PolylineDensity.density(source, axis, r.width(), r.height(), sub.split(ticks));

        sub.subTask("Sampling");
        AlgorithmDescriptor sampler = AlgorithmManager.getInstance().algorithm(r.samplerId())
                .orElseThrow(() -> new IOException("sampler " + r.samplerId() + " is not installed"));
        int count = Math.min(r.sampleCount(), source.polylineCount());
        SamplingResult result = sampler.execute(source, SamplingResult.class,
                sampler.parameters(Map.of("sampleCount", (long) count, "seed", r.seed())), sub.split(2 * ticks))
                .orElse(null);
        if (result == null) {
            if (whileOpen.isCanceled()) {
                throw new OperationCanceledException();
            }
            throw new IOException("the sampler " + sampler.name() + " failed; see the Error Log for its stack trace");
        }
        int[] sampled = result.sortedIndices();
        float[] values = new float[sampled.length * source.length()];
        float[] one = new float[source.length()];
        for (int i = 0; i < sampled.length; i++) {
            source.read(sampled[i], 1, one);
            System.arraycopy(one, 0, values, i * one.length, one.length);
        }
        sub.subTask("Finding the most isolated paths");
        PathIsolation isolation = new PathIsolation(density, r.width(), r.height(), source.length());
        OutlierLevel level = OutlierLevel.estimate(source, axis, r.height(), isolation,
                OutlierLevel.DEFAULT_FRACTION, OutlierLevel.DEFAULT_SUBSAMPLE, r.seed(), sub.split(ticks));
        sub.subTask("Measuring the sample");
        List<ChartFigure> figures = figures(source, result, sampled);
        sub.worked(5);
        long[] iterations = Arrays.copyOfRange(t.iterations(), r.fromRecord(), r.toRecord());
        int length = source.length();
        boolean[] outliers = new boolean[sampled.length];
        int[] onsets = new int[sampled.length];
        ImageData image = render(r, axis, density, values, sampled.length, length, isolation, level, outliers);
        for (int i = 0; i < sampled.length; i++) {
            onsets[i] = DynamicsChart.onset(values, i * length, length);
        }
        sub.worked(5);
        return new DynamicsChart(r, t, image, axis, iterations, sampled, values, outliers, onsets, level, scan,
                figures);
    }

    /** The header's figures; the radius only for samplers that have one (not random sampling). */
    static List<ChartFigure> figures(PolylineSource source, SamplingResult result, int[] sampled) {
        List<ChartFigure> figures = new ArrayList<>();
        figures.add(new ChartFigure(sampled.length + " of " + source.polylineCount() + " polylines sampled",
                "The sample drawn as lines over the density of all " + source.polylineCount() + " polylines."));
        if (sampled.length < 2) {
            return figures;
        }
        String distance = " Distances are those the sampler uses: values scaled so that the bulk (0.5 % to 99.5 %, fenced"
                + " at 4 interquartile ranges) spans 0 to 1, averaged over the segments of both position and direction.";
        double minDistance = SamplingQuality.minimumPairwiseDistance(source, result.metric(), sampled);
        figures.add(new ChartFigure("min distance " + number(minDistance),
                "The smallest distance between two sampled polylines: larger means the sample has no near-duplicates."
                        + distance));
        double coverage = SamplingQuality.coverage(source, result.metric(), sampled, 2000, 7);
        figures.add(new ChartFigure("coverage " + number(coverage),
                "The largest distance from a polyline (of up to 2,000 drawn at random) to its nearest sampled one:"
                        + " smaller means every polyline has a sampled one close by." + distance));
        SamplingQuality.Overdraw overdraw = SamplingQuality.overdraw(source, result.metric(), sampled, 400, 200, 10);
        figures.add(new ChartFigure(String.format(Locale.ROOT, "crowded pixels %.1f%%", 100 * overdraw.crowdedFraction()),
                "Of the pixels the sample covers (drawn on 400 × 200), the share crossed by more than 10 sampled"
                        + " polylines: lower means less clutter."));
        if (result.radius().isPresent()) {
            figures.add(new ChartFigure("radius " + number(result.radius().getAsDouble()),
                    "The blue-noise radius of the last pass: no two sampled polylines are closer than this"
                            + " (0 when the sampler gave up the spacing to reach the sample size)." + distance));
        }
        return figures;
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * Density as a white-to-grey-blue ramp on a log scale, the sample drawn over it: its finite
     * parts in blue, or orange for the outliers (filled in {@code outliers}). Where a line turns
     * non-finite the view draws a marker.
     */
    static ImageData render(DynamicsRequest r, PolylineDensity.YAxis axis, int[] density, float[] values, int lines,
            int length, PathIsolation isolation, OutlierLevel level, boolean[] outliers) {
        int w = r.width();
        int h = r.height();
        ImageData image = new ImageData(w, h, 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
        int max = maxOf(density);
        double norm = max > 0 ? Math.log1p(max) : 1;
        int[] rowPixels = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = density[y * w + x];
                double t = c == 0 ? 0 : 0.15 + 0.85 * Math.log1p(c) / norm;
                rowPixels[x] = blend(0xffffff, DENSITY_RGB, t);
            }
            image.setPixels(0, y, w, rowPixels, 0);
        }
        // All sampled lines go into two coverage buffers (ordinary and outlier lines), each line
        // counting once per pixel. The lines are classified first and then drawn with one batch
        // call per buffer: drawing segment by segment keeps the buffer writes in cache, so 10,000
        // sampled lines stay fast. Colouring is then one pass.
        int[] blueHits = new int[w * h];
        int[] orangeHits = new int[w * h];
        int[] allYs = new int[lines * length];
        boolean[] blue = new boolean[lines];
        int[] ys = new int[length];
        double xStep = length > 1 ? (w - 1) / (double) (length - 1) : 0;
        for (int i = 0; i < lines; i++) {
            PolylineDensity.toRows(values, i * length, length, axis, h, ys);
            System.arraycopy(ys, 0, allYs, i * length, length);
            outliers[i] = level.isOutlier(isolation.of(ys));
            blue[i] = !outliers[i];
        }
        PolylineDensity.rasteriseAll(allYs, lines, length, xStep, w, h, blueHits, blue);
        PolylineDensity.rasteriseAll(allYs, lines, length, xStep, w, h, orangeHits, outliers);
        for (int p = 0; p < blueHits.length; p++) {
            if (blueHits[p] > 0 || orangeHits[p] > 0) {
                int x = p % w;
                int y = p / w;
                int rgb = orangeHits[p] > 0 ? OUTLIER_RGB : LINE_RGB;
                double t = rgb != LINE_RGB ? 0.9 : Math.min(0.95, 0.45 + 0.1 * Math.log1p(blueHits[p]));
                image.setPixel(x, y, blend(image.getPixel(x, y), rgb, t));
            }
        }
        return image;
    }

    private static int maxOf(int[] values) {
        int max = 0;
        for (int v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    static int blend(int from, int to, double t) {
        int r = (int) Math.round(((from >> 16) & 0xff) * (1 - t) + ((to >> 16) & 0xff) * t);
        int g = (int) Math.round(((from >> 8) & 0xff) * (1 - t) + ((to >> 8) & 0xff) * t);
        int b = (int) Math.round((from & 0xff) * (1 - t) + (to & 0xff) * t);
        return (r << 16) | (g << 8) | b;
    }
}
