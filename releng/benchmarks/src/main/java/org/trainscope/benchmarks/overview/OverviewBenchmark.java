package org.trainscope.benchmarks.overview;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.trainscope.algorithms.sampling.provider.MetricOverviewModel;
import org.trainscope.algorithms.sampling.provider.MetricOverviewPainter;
import org.trainscope.algorithms.sampling.provider.MetricOverviewProvider;
import org.trainscope.algorithms.sampling.provider.MetricOverviewRequest;
import org.trainscope.core.model.BasicRun;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.Run;
import org.trainscope.core.render.AwtPainter;

/**
 * The training overview's goal (issue 12): a metric of 10,000,000 points drawn at 1600 pixels
 * wide. Measures, in one JVM, medians of {@code --rounds} alternating rounds of
 * <ol>
 * <li>a plain sequential min/max pass over the same double array (the floor: reading it once);</li>
 * <li>{@link MetricOverviewProvider#compute} (one pass per metric, reading the {@code MetricSeries}
 * in place), after a first request that also found the anomalies (timed apart: the provider
 * remembers them until the run has new records);</li>
 * <li>{@link MetricOverviewPainter#paint} of the model, headless (AWT), at 1600 x 600;</li>
 * </ol>
 * and prints provider + paint as a ratio against the plain pass. It also times the two copies
 * {@code MetricSeries.values()}/{@code iterations()} make, which the provider made on every
 * request until it read the series in place. Synthetic loss: a decaying curve
 * with noise, spikes, NaN over the last 1 % and a few infinities.
 * Usage: {@code run.sh overview [--points N] [--width W] [--rounds K] [--log]}.
 */
public final class OverviewBenchmark {
    public static void main(String[] args) throws Exception {
        int points = 10_000_000;
        int width = 1600;
        int height = 600;
        int rounds = 7;
        boolean log = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
            case "--points" -> points = Integer.parseInt(args[++i]);
            case "--width" -> width = Integer.parseInt(args[++i]);
            case "--rounds" -> rounds = Integer.parseInt(args[++i]);
            case "--log" -> log = true;
            default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.setProperty("java.awt.headless", "true");
        long[] iterations = new long[points];
        double[] values = new double[points];
        Random random = new Random(5);
        for (int i = 0; i < points; i++) {
            iterations[i] = i;
            double t = i / (double) points;
            values[i] = 2.5 * Math.exp(-6 * t) + 0.1 + 0.05 * random.nextGaussian()
                    + (random.nextInt(100_000) == 0 ? 5 : 0);
            if (t > 0.99) {
                values[i] = Double.NaN;
            } else if (random.nextInt(2_000_000) == 0) {
                values[i] = Double.POSITIVE_INFINITY;
            }
        }
        Run run = BasicRun.builder("synthetic", Path.of("synthetic")).metric(new MetricSeries("loss", iterations, values))
                .build();
        MetricOverviewProvider provider = new MetricOverviewProvider();
        MetricOverviewRequest request = MetricOverviewRequest.of(List.of(run), List.of("loss"), width, height)
                .withSymlog(log);

        // the first request also finds the run's anomalies (remembered until the run has new records)
        long f0 = System.nanoTime();
        provider.compute(request, null);
        double firstCompute = (System.nanoTime() - f0) / 1e6;
        double[] plain = new double[rounds];
        double[] compute = new double[rounds];
        double[] paint = new double[rounds];
        double[] copies = new double[rounds];
        MetricSeries series = run.metric("loss").orElseThrow();
        double sink = 0;
        MetricOverviewModel model = null;
        for (int r = -2; r < rounds; r++) { // two warm-up rounds
            long t0 = System.nanoTime();
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                if (v < lo) {
                    lo = v;
                }
                if (v > hi) {
                    hi = v;
                }
            }
            sink += lo + hi;
            long t1 = System.nanoTime();
            model = provider.compute(request, null);
            long t2 = System.nanoTime();
            AwtPainter painter = new AwtPainter(MetricOverviewPainter.figureWidth(model),
                    MetricOverviewPainter.figureHeight(model));
            try {
                MetricOverviewPainter.paint(model, iterations[points / 2], painter);
            } finally {
                painter.dispose();
            }
            long t3 = System.nanoTime();
            sink += series.values().length + series.iterations().length; // what MetricSeries hands out
            long t4 = System.nanoTime();
            if (r >= 0) {
                copies[r] = (t4 - t3) / 1e6;
                plain[r] = (t1 - t0) / 1e6;
                compute[r] = (t2 - t1) / 1e6;
                paint[r] = (t3 - t2) / 1e6;
            }
        }
        double p = median(plain);
        double c = median(compute);
        double d = median(paint);
        System.out.printf(Locale.ROOT, "points %,d, width %d, %s axis, %d rounds (medians)%n", points, width,
                log ? "symlog" : "linear", rounds);
        System.out.printf(Locale.ROOT, "first compute        %8.1f ms  (anomalies of 10 M loss values found once)%n",
                firstCompute);
        System.out.printf(Locale.ROOT, "plain min/max pass   %8.1f ms%n", p);
        System.out.printf(Locale.ROOT, "provider compute     %8.1f ms  (%.1fx the plain pass)%n", c, c / p);
        System.out.printf(Locale.ROOT, "copies not made     %8.1f ms  (MetricSeries.values() and iterations(), no longer per request)%n",
                median(copies));
        System.out.printf(Locale.ROOT, "paint (AWT headless) %8.1f ms%n", d);
        System.out.printf(Locale.ROOT, "provider + paint     %8.1f ms  (%.1fx the plain pass)%n", c + d, (c + d) / p);
        System.out.printf(Locale.ROOT, "series %d, first NaN/Inf column %d, checksum %.3f%n", model.series().size(),
                model.series().get(0).firstNonFiniteColumn(), sink);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
