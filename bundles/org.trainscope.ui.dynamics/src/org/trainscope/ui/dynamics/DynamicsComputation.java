package org.trainscope.ui.dynamics;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.algorithms.sampling.SamplingQuality;
import org.trainscope.algorithms.sampling.SamplingResult;
import org.trainscope.algorithms.sampling.TensorSeriesPolylines;
import org.trainscope.core.algorithms.AlgorithmDescriptor;
import org.trainscope.core.algorithms.AlgorithmManager;
import org.trainscope.core.model.TensorSeries;

/**
 * Computes a {@link DynamicsChart} off the UI thread: one pass for the value range, one for the
 * density of all polylines, the sampler through the algorithms extension point, then the
 * picture. Touches no widget; SWT's ImageData is plain memory.
 */
public final class DynamicsComputation {
    /** Sampled lines: dark blue; outliers (lines through sparse regions): orange; non-finite: red. */
    private static final int LINE_RGB = 0x1f4e9c;
    private static final int OUTLIER_RGB = 0xef6c00;
    private static final int NON_FINITE_RGB = 0xd32f2f;
    /**
     * A sampled line is drawn as an outlier when a tenth of its points lie where the density is
     * below this fraction of the chart's densest pixel: it leaves the bulk for a while (noise at
     * the bulk's edge stays above it).
     */
    private static final double OUTLIER_DENSITY = 0.015;

    private DynamicsComputation() {
    }

    /** The share of the values that the symmetric-log axis keeps in its linear part. */
    static final double LINEAR_ZONE_QUANTILE = 0.1;

    public static DynamicsChart compute(DynamicsRequest r, IProgressMonitor monitor) throws IOException {
        TensorSeries t = r.tensor();
        TensorSeriesPolylines source = new TensorSeriesPolylines(t, r.fromRecord(), r.toRecord());
        int ticks = PolylineDensity.ticks(source);
        SubMonitor sub = SubMonitor.convert(monitor, "Training dynamics of " + t.id(), 4 * ticks + 10);
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
                .orElseThrow(() -> new IOException("the sampler " + sampler.name()
                        + " failed; see the Error Log for its stack trace"));
        int[] sampled = result.sortedIndices();
        float[] values = new float[sampled.length * source.length()];
        float[] one = new float[source.length()];
        for (int i = 0; i < sampled.length; i++) {
            source.read(sampled[i], 1, one);
            System.arraycopy(one, 0, values, i * one.length, one.length);
        }
        sub.subTask("Measuring the sample");
        String quality = quality(source, result, sampled);
        sub.worked(5);
        long[] allIterations = t.iterations();
        long[] iterations = Arrays.copyOfRange(allIterations, r.fromRecord(), r.toRecord());
        ImageData image = render(r, axis, density, values, sampled.length, source.length());
        sub.worked(5);
        return new DynamicsChart(r, image, axis, iterations, sampled, values, scan, quality);
    }

    private static String quality(TensorSeriesPolylines source, SamplingResult result, int[] sampled) {
        if (sampled.length < 2) {
            return sampled.length + " polyline sampled";
        }
        double minDistance = SamplingQuality.minimumPairwiseDistance(source, result.metric(), sampled);
        double coverage = SamplingQuality.coverage(source, result.metric(), sampled, 2000, 7);
        SamplingQuality.Overdraw overdraw = SamplingQuality.overdraw(source, result.metric(), sampled, 400, 200, 10);
        return String.format(Locale.ROOT,
                "%d of %d polylines · min distance %.4f · coverage %.4f · crowded pixels %.1f%% · radius %.4f",
                sampled.length, source.polylineCount(), minDistance, coverage, 100 * overdraw.crowdedFraction(),
                result.finalRadius());
    }

    /** Density as a white-to-grey-blue ramp on a log scale, the sample drawn over it. */
    static ImageData render(DynamicsRequest r, PolylineDensity.YAxis axis, int[] density, float[] values, int lines,
            int length) {
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
                rowPixels[x] = blend(0xffffff, 0x8fa7c0, t);
            }
            image.setPixels(0, y, w, rowPixels, 0);
        }
        // All sampled lines go into three coverage buffers (finite, outlier and non-finite lines),
        // each line counting once per pixel. The lines are classified first and then drawn with
        // one batch call per buffer: drawing segment by segment keeps the buffer writes in cache,
        // so 10,000 sampled lines stay fast. Colouring is then one pass.
        int[] blueHits = new int[w * h];
        int[] orangeHits = new int[w * h];
        int[] redHits = new int[w * h];
        int[] allYs = new int[lines * length];
        boolean[] blue = new boolean[lines];
        boolean[] orange = new boolean[lines];
        boolean[] red = new boolean[lines];
        int[] ys = new int[length];
        float[] line = new float[length];
        double xStep = length > 1 ? (w - 1) / (double) (length - 1) : 0;
        for (int i = 0; i < lines; i++) {
            System.arraycopy(values, i * length, line, 0, length);
            boolean nonFinite = false;
            for (float v : line) {
                nonFinite |= !Float.isFinite(v);
            }
            PolylineDensity.toRows(line, 0, length, axis, h, ys);
            System.arraycopy(ys, 0, allYs, i * length, length);
            if (nonFinite) {
                red[i] = true;
            } else if (lowDensityUnder(ys, xStep, w, density) < OUTLIER_DENSITY * max) {
                orange[i] = true;
            } else {
                blue[i] = true;
            }
        }
        PolylineDensity.rasteriseAll(allYs, lines, length, xStep, w, h, blueHits, blue);
        PolylineDensity.rasteriseAll(allYs, lines, length, xStep, w, h, orangeHits, orange);
        PolylineDensity.rasteriseAll(allYs, lines, length, xStep, w, h, redHits, red);
        for (int p = 0; p < blueHits.length; p++) {
            if (blueHits[p] > 0 || orangeHits[p] > 0 || redHits[p] > 0) {
                int x = p % w;
                int y = p / w;
                int rgb = redHits[p] > 0 ? NON_FINITE_RGB : orangeHits[p] > 0 ? OUTLIER_RGB : LINE_RGB;
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

    /** The 10th percentile of the density under a line's points: low for lines that leave the bulk. */
    static int lowDensityUnder(int[] ys, double xStep, int w, int[] density) {
        int[] under = new int[ys.length];
        int n = 0;
        for (int j = 0; j < ys.length; j++) {
            if (ys[j] != Integer.MIN_VALUE) {
                int x = Math.min(w - 1, (int) Math.round(j * xStep));
                under[n++] = density[ys[j] * w + x];
            }
        }
        if (n == 0) {
            return 0;
        }
        java.util.Arrays.sort(under, 0, n);
        return under[n / 10];
    }

    private static int blend(int from, int to, double t) {
        int r = (int) Math.round(((from >> 16) & 0xff) * (1 - t) + ((to >> 16) & 0xff) * t);
        int g = (int) Math.round(((from >> 8) & 0xff) * (1 - t) + ((to >> 8) & 0xff) * t);
        int b = (int) Math.round((from & 0xff) * (1 - t) + (to & 0xff) * t);
        return (r << 16) | (g << 8) | b;
    }
}
