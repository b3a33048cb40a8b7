package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.provider.MetricOverviewModel;
import org.trainscope.algorithms.sampling.provider.MetricOverviewProvider;
import org.trainscope.algorithms.sampling.provider.MetricOverviewRequest;
import org.trainscope.core.model.BasicRun;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.Run;

/**
 * The overview's min/max columns against a brute force that, for every column, looks at every
 * point and places it by its own definition (the nearest column, ties to the right), on random
 * series with NaN, +Inf and -Inf, sorted and shuffled iterations, whole and partial ranges.
 */
class MetricOverviewProviderTest {

    private static Run run(String name, long[] iterations, double[] values) {
        return BasicRun.builder(name, Path.of(name)).metric(new MetricSeries("loss", iterations, values)).build();
    }

    /** The nearest column of {@code it} when from..to spans width columns, by trying every column. */
    private static int nearestColumn(long it, long from, long to, int width) {
        long span = to - from;
        if (span == 0) {
            return 0;
        }
        long scaled = (it - from) * (width - 1);
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int c = 0; c < width; c++) {
            long distance = Math.abs(scaled - c * span);
            if (distance <= bestDistance) { // ties go to the right
                best = c;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static double special(Random random) {
        return switch (random.nextInt(3)) {
        case 0 -> Double.NaN;
        case 1 -> Double.POSITIVE_INFINITY;
        default -> Double.NEGATIVE_INFINITY;
        };
    }

    @Test
    void columnsMatchBruteForceOnRandomSeriesWithNanAndInf() throws IOException {
        Random random = new Random(12);
        MetricOverviewProvider provider = new MetricOverviewProvider();
        for (int trial = 0; trial < 60; trial++) {
            int n = 1 + random.nextInt(trial < 30 ? 40 : 3000);
            long[] its = new long[n];
            double[] values = new double[n];
            long it = random.nextInt(50);
            for (int i = 0; i < n; i++) {
                it += 1 + (random.nextInt(10) == 0 ? random.nextInt(40) : 0);
                its[i] = it;
                values[i] = random.nextInt(25) == 0 ? special(random)
                        : random.nextGaussian() * Math.pow(10, random.nextInt(4));
            }
            boolean shuffled = trial % 3 == 2;
            if (shuffled) {
                for (int i = n - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    long ti = its[i];
                    its[i] = its[j];
                    its[j] = ti;
                    double tv = values[i];
                    values[i] = values[j];
                    values[j] = tv;
                }
            }
            int width = new int[] { 2, 7, 100, 1600 }[trial % 4];
            long lo = Arrays.stream(its).min().getAsLong();
            long hi = Arrays.stream(its).max().getAsLong();
            MetricOverviewRequest request = MetricOverviewRequest.of(List.of(run("r" + trial, its, values)),
                    List.of("loss"), width, 200).withSymlog(trial % 2 == 0).withClipping(false);
            if (trial % 5 == 4) {
                long a = lo + random.nextInt((int) (hi - lo + 1));
                long b = lo + random.nextInt((int) (hi - lo + 1));
                request = request.withRange(Math.min(a, b), Math.max(a, b));
            }
            MetricOverviewModel model = provider.compute(request, null);
            long from = Math.max(lo, request.fromIteration());
            long to = Math.min(hi, request.toIteration());
            assertEquals(from, model.from(), "trial " + trial);
            assertEquals(to, model.to(), "trial " + trial);
            checkAgainstBruteForce(model, its, values, from, to, width, "trial " + trial);
        }
    }

    private static void checkAgainstBruteForce(MetricOverviewModel model, long[] its, double[] values, long from,
            long to, int width, String what) {
        int points = 0;
        for (long it : its) {
            points += it >= from && it <= to ? 1 : 0;
        }
        if (points == 0) { // a range between two recorded iterations: nothing to draw
            assertTrue(model.series().isEmpty(), what);
            return;
        }
        assertEquals(1, model.series().size(), what);
        MetricOverviewModel.Series s = model.series().get(0);
        assertEquals(points, s.points(), what);
        int[] columnOf = new int[its.length];
        for (int i = 0; i < its.length; i++) {
            columnOf[i] = nearestColumn(its[i], from, to, width);
        }
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < width; c++) {
            double min = Double.NaN;
            double max = Double.NaN;
            double first = Double.NaN;
            double last = Double.NaN;
            int count = 0;
            byte kinds = 0;
            for (int i = 0; i < its.length; i++) {
                if (its[i] < from || its[i] > to || columnOf[i] != c) {
                    continue;
                }
                double v = values[i];
                if (Double.isNaN(v)) {
                    kinds |= MetricOverviewModel.NAN;
                } else if (v == Double.POSITIVE_INFINITY) {
                    kinds |= MetricOverviewModel.POSITIVE_INFINITY;
                } else if (v == Double.NEGATIVE_INFINITY) {
                    kinds |= MetricOverviewModel.NEGATIVE_INFINITY;
                } else {
                    min = count == 0 ? v : Math.min(min, v);
                    max = count == 0 ? v : Math.max(max, v);
                    first = count == 0 ? v : first;
                    last = v;
                    count++;
                }
            }
            String at = what + ", column " + c;
            assertEquals(count, s.finiteCount(c), at);
            assertEquals(kinds, s.nonFinite(c), at);
            assertEquals(min, s.min(c), at);
            assertEquals(max, s.max(c), at);
            assertEquals(first, s.first(c), at);
            assertEquals(last, s.last(c), at);
            if (count > 0) {
                lowest = Math.min(lowest, min);
                highest = Math.max(highest, max);
                int top = model.rowOf(max);
                int bottom = model.rowOf(min);
                assertTrue(top >= 0 && bottom <= model.height() - 1 && top <= bottom, at + ": rows " + top + ", "
                        + bottom);
            }
        }
        if (lowest < highest) {
            assertEquals(lowest, model.axis().min(), what);
            assertEquals(highest, model.axis().max(), what);
        }
    }

    @Test
    void theLogAxisKeepsZeroAndNegativeValuesInOrder() throws IOException {
        long[] its = { 0, 1, 2, 3, 4, 5 };
        double[] values = { -100, -1, 0, 0.001, 1, 1000 };
        MetricOverviewModel model = new MetricOverviewProvider().compute(
                MetricOverviewRequest.of(List.of(run("signed", its, values)), List.of("loss"), 6, 500)
                        .withSymlog(true), null);
        int previous = Integer.MAX_VALUE;
        for (double v : values) {
            int row = model.rowOf(v);
            assertTrue(row < previous, v + " is drawn above the smaller values: row " + row);
            previous = row;
        }
        // a log scale: 0.001 to 1 and 1 to 1000 are three decades each, about the same height
        double low = model.rowOf(0.001) - model.rowOf(1);
        double high = model.rowOf(1) - model.rowOf(1000);
        assertTrue(Math.abs(low - high) < 0.2 * high, "decades " + low + " and " + high + " pixels high");
    }

    /** A loss that explodes by twenty decades over its last columns leaves the axis to the rest, and says so. */
    @Test
    void farOutlyingColumnsAreClippedAndReported() throws IOException {
        long[] its = new long[200];
        double[] values = new double[200];
        for (int i = 0; i < its.length; i++) {
            its[i] = i;
            values[i] = i < 196 ? 500 - i : Math.pow(10, 5 * (i - 194));
        }
        Run r = run("exploding", its, values);
        MetricOverviewModel clipped = new MetricOverviewProvider()
                .compute(MetricOverviewRequest.of(List.of(r), List.of("loss"), 200, 300), null);
        assertEquals(values[199], clipped.offAbove());
        assertTrue(Double.isNaN(clipped.offBelow()));
        assertTrue(clipped.axis().max() < 1e4, "axis up to " + clipped.axis().max());
        assertEquals(0, clipped.rowOf(values[199]), "drawn at the top edge");
        assertTrue(clipped.rowOf(400) - clipped.rowOf(480) > 30, "the rest keeps its height");
        MetricOverviewModel whole = new MetricOverviewProvider().compute(
                MetricOverviewRequest.of(List.of(r), List.of("loss"), 200, 300).withClipping(false), null);
        assertEquals(values[199], whole.axis().max());
        assertTrue(Double.isNaN(whole.offAbove()));
    }

    @Test
    void iterationsMapToColumnsAndBack() throws IOException {
        long[] its = new long[1000];
        double[] values = new double[1000];
        for (int i = 0; i < its.length; i++) {
            its[i] = 10 + 3L * i;
            values[i] = i;
        }
        MetricOverviewModel model = new MetricOverviewProvider()
                .compute(MetricOverviewRequest.of(List.of(run("r", its, values)), List.of("loss"), 300, 100), null);
        assertEquals(0, model.columnOf(10));
        assertEquals(299, model.columnOf(its[999]));
        assertEquals(-1, model.columnOf(9));
        for (int c = 0; c < 300; c++) {
            assertEquals(c, model.columnOf(model.iterationAt(c)), "column " + c);
        }
        assertTrue(model.iterationTicks().size() >= 2, "iteration ticks " + model.iterationTicks());
    }
}
