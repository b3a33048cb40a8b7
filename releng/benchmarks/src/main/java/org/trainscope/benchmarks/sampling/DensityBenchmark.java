package org.trainscope.benchmarks.sampling;

import java.util.Arrays;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.trainscope.algorithms.sampling.InMemoryPolylineSource;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.internal.SplitMix64;

/**
 * Benchmark of issue 5's two drawing goals, with the calls the training-dynamics view makes:
 * (b) the density image of all 1,000,000 polylines x 100 iterations at 1600x900
 * ({@link PolylineDensity#scan} for the value range, then {@link PolylineDensity#density}), goal
 * under 2 s; (c) a redraw of 10,000 sampled polylines at 1600x900 ({@link PolylineDensity#toRows}
 * and {@link PolylineDensity#rasteriseAll} per colour, as DynamicsChartProvider.linesImage does,
 * including its full-image buffers), goal under 100 ms. Colouring the image is SWT work of
 * the view and is not measured here.
 * <p>
 * Same synthetic data as {@link SamplingBenchmark}, in a heap array. Medians of {@code --rounds}
 * repetitions after a warm-up. Arguments: {@code [--polylines N] [--length L] [--lines M]
 * [--width W] [--height H] [--rounds K]}.
 */
public final class DensityBenchmark {

    private DensityBenchmark() {
    }

    public static void main(String[] args) {
        int polylines = 1_000_000;
        int length = 100;
        int lines = 10_000;
        int width = 1600;
        int height = 900;
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--polylines" -> polylines = Integer.parseInt(args[++i]);
                case "--length" -> length = Integer.parseInt(args[++i]);
                case "--lines" -> lines = Integer.parseInt(args[++i]);
                case "--width" -> width = Integer.parseInt(args[++i]);
                case "--height" -> height = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.out.printf("cores %d, %,d polylines x %d points, %dx%d, redraw of %,d lines%n",
                Runtime.getRuntime().availableProcessors(), polylines, length, width, height, lines);
        SyntheticData data = new SyntheticData(polylines, length, Math.max(1, polylines / 5000), 5, 42);
        float[] values = new float[polylines * length];
        data.fill(0, polylines, values);
        PolylineSource source = new InMemoryPolylineSource(values, polylines, length);
        float[] sample = sampleLines(values, polylines, length, Math.min(lines, polylines));

        // warm-up on a prefix, so the JIT has compiled both paths before anything is timed
        PolylineSource prefix = new InMemoryPolylineSource(values, Math.min(polylines, 100_000), length);
        for (int i = 0; i < 3; i++) {
            densityImage(prefix, width, height);
            redraw(sample, lines, length, axisOf(prefix), width, height);
        }
        double[] densitySeconds = new double[rounds];
        double[] redrawSeconds = new double[rounds];
        PolylineDensity.YAxis axis = null;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            axis = densityImage(source, width, height);
            densitySeconds[round] = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            int covered = redraw(sample, lines, length, axis, width, height);
            redrawSeconds[round] = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: scan + density %.3f s, redraw %.1f ms (%,d pixels covered)%n", round + 1,
                    densitySeconds[round], redrawSeconds[round] * 1e3, covered);
        }
        double density = median(densitySeconds);
        double redraw = median(redrawSeconds);
        System.out.printf("MEDIAN scan + density %.3f s (goal < 2 s, %.2f of it), redraw %.1f ms (goal < 100 ms, %.2f of it)%n",
                density, density / 2, redraw * 1e3, redraw / 0.1);
    }

    /** A seeded random choice of {@code lines} polylines, copied as the view copies the sample. */
    private static float[] sampleLines(float[] values, int polylines, int length, int lines) {
        int[] chosen = new SplitMix64(7).sampleWithoutReplacement(polylines, lines);
        Arrays.sort(chosen);
        float[] sample = new float[lines * length];
        for (int i = 0; i < lines; i++) {
            System.arraycopy(values, chosen[i] * length, sample, i * length, length);
        }
        return sample;
    }

    private static PolylineDensity.YAxis axisOf(PolylineSource source) {
        PolylineDensity.Scan scan = PolylineDensity.scan(source, new NullProgressMonitor());
        double lo = scan.empty() ? 0 : scan.min();
        double hi = scan.empty() ? 1 : scan.max();
        return new PolylineDensity.YAxis(lo, hi > lo ? hi : lo + 1, false);
    }

    /** What DynamicsChartProvider.compute does before sampling: the range, then the density. */
    private static PolylineDensity.YAxis densityImage(PolylineSource source, int width, int height) {
        PolylineDensity.YAxis axis = axisOf(source);
        int[] counts = PolylineDensity.density(source, axis, width, height, new NullProgressMonitor());
        if (counts.length != width * height) {
            throw new IllegalStateException();
        }
        return axis;
    }

    /** The rasterising part of DynamicsChartProvider.linesImage, with its buffers. */
    private static int redraw(float[] sample, int lines, int length, PolylineDensity.YAxis axis, int width,
            int height) {
        int[] blueHits = new int[width * height];
        int[] redHits = new int[width * height];
        int[] allYs = new int[lines * length];
        boolean[] blue = new boolean[lines];
        boolean[] red = new boolean[lines];
        int[] ys = new int[length];
        float[] line = new float[length];
        double xStep = length > 1 ? (width - 1) / (double) (length - 1) : 0;
        for (int i = 0; i < lines; i++) {
            System.arraycopy(sample, i * length, line, 0, length);
            boolean nonFinite = false;
            for (float v : line) {
                nonFinite |= !Float.isFinite(v);
            }
            PolylineDensity.toRows(line, 0, length, axis, height, ys);
            System.arraycopy(ys, 0, allYs, i * length, length);
            red[i] = nonFinite;
            blue[i] = !nonFinite;
        }
        PolylineDensity.rasteriseAll(allYs, lines, length, xStep, width, height, blueHits, blue);
        PolylineDensity.rasteriseAll(allYs, lines, length, xStep, width, height, redHits, red);
        int covered = 0;
        for (int p = 0; p < blueHits.length; p++) {
            if (blueHits[p] > 0 || redHits[p] > 0) {
                covered++;
            }
        }
        return covered;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
