package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.AxisTicks;
import org.trainscope.algorithms.sampling.PolylineDensity.YAxis;

class AxisTicksTest {

    @Test
    void ticksOfTheScreenshotRangeAreRoundNumbers() {
        // the range the Training Dynamics view showed with ticks at -0.1834, 0.4614, 1.11, ...
        double[] ticks = AxisTicks.linear(-0.1834, 3.04, 7);
        assertArrayEquals(new double[] { 0, 0.5, 1, 1.5, 2, 2.5, 3 }, ticks, 1e-12);
        assertEquals("0", AxisTicks.label(ticks[0], 0.5));
        assertEquals("1.5", AxisTicks.label(ticks[3], 0.5));
        assertArrayEquals(new long[] { 0, 1000, 2000, 3000, 4000, 5000 }, AxisTicks.iterations(0, 5900, 7));
    }

    @Test
    void linearTicksAreMultiplesOfOneTwoOrFiveTimesAPowerOfTenInsideTheRange() {
        Random random = new Random(1);
        for (int trial = 0; trial < 2000; trial++) {
            double lo = random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6);
            double hi = lo + (0.01 + Math.abs(random.nextGaussian())) * Math.pow(10, random.nextInt(12) - 6);
            int max = 2 + random.nextInt(10);
            double[] ticks = AxisTicks.linear(lo, hi, max);
            double step = AxisTicks.step(hi - lo, max);
            // the step for max ticks may leave a single multiple on this range: then a smaller round
            // step gives at least two, and at most three ticks more than max
            boolean fewOnStep = Math.floor(hi / step) - Math.ceil(lo / step) < 1;
            if (fewOnStep) {
                assertTrue(ticks.length >= 2 && ticks.length <= max + 3,
                        Arrays.toString(ticks) + " for " + lo + ".." + hi + " max " + max);
                step = ticks[1] - ticks[0];
                step = Math.pow(10, Math.floor(Math.log10(step))) * Math.rint(step / Math.pow(10, Math.floor(Math.log10(step))));
            } else {
                assertTrue(ticks.length <= max, Arrays.toString(ticks) + " for " + lo + ".." + hi + " max " + max);
            }
            double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
            assertTrue(Math.abs(mantissa - 1) < 1e-9 || Math.abs(mantissa - 2) < 1e-9 || Math.abs(mantissa - 5) < 1e-9,
                    "step " + step);
            for (int i = 0; i < ticks.length; i++) {
                // doubles near lo are only this exact
                double rounding = 1e-14 * Math.max(Math.abs(lo), Math.abs(hi)) + step * 1e-9;
                assertTrue(ticks[i] >= lo - rounding && ticks[i] <= hi + rounding, ticks[i] + " outside");
                double multiple = ticks[i] / step;
                assertEquals(Math.rint(multiple), multiple, 1e-6 + rounding / step, "not a multiple: " + ticks[i]);
                if (i > 0) {
                    assertEquals(step, ticks[i] - ticks[i - 1], 2 * rounding);
                }
            }
            // the smallest such step: the next smaller one would need more ticks than allowed
            assertTrue(fewOnStep || Math.floor((hi - lo) / smaller(step)) + 1 > max, "step " + step + " is not the smallest");
        }
    }

    /**
     * A compared run's panel is short (room for two labels 40 pixels apart): the step for two ticks
     * on [-15, 14] is 20, and only 0 is a multiple of it on the range. The panel showed "0" and
     * nothing else.
     */
    @Test
    void aShortAxisGetsAtLeastTwoTicks() {
        assertArrayEquals(new double[] { -10, 0, 10 }, AxisTicks.linear(-15, 14, 2), 1e-12);
        // where the first step gives two or more, nothing changes
        assertArrayEquals(new double[] { 0, 0.5, 1, 1.5, 2, 2.5, 3 }, AxisTicks.linear(-0.1834, 3.04, 7), 1e-12);
    }

    @Test
    void labelsHaveTheDigitsTheStepNeedsAndTellTicksApart() {
        double[] ticks = AxisTicks.linear(0.0312, 0.0871, 6);
        double step = ticks[1] - ticks[0];
        String[] labels = Arrays.stream(ticks).mapToObj(v -> AxisTicks.label(v, step)).toArray(String[]::new);
        assertEquals(labels.length, Arrays.stream(labels).distinct().count(), Arrays.toString(labels));
        for (int i = 0; i < ticks.length; i++) {
            assertEquals(ticks[i], Double.parseDouble(labels[i]), step / 2, labels[i]);
        }
        assertEquals("2.5e+07", AxisTicks.label(2.5e7, 5e6));
        assertEquals("-3", AxisTicks.label(-3, 1));
    }

    @Test
    void symmetricLogTicksAreZeroAndPowersOfTenWithinTheAxisInOrder() {
        YAxis axis = new YAxis(-50, 20000, true);
        double[] ticks = AxisTicks.values(axis, 12);
        assertTrue(ticks.length >= 3 && ticks.length <= 12, Arrays.toString(ticks));
        assertTrue(Arrays.stream(ticks).anyMatch(v -> v == 0), "zero is on the axis");
        assertTrue(Arrays.stream(ticks).anyMatch(v -> v == 10000), Arrays.toString(ticks));
        for (int i = 0; i < ticks.length; i++) {
            assertTrue(ticks[i] >= axis.min() && ticks[i] <= axis.max());
            if (i > 0) {
                assertTrue(axis.position(ticks[i]) > axis.position(ticks[i - 1]));
            }
        }
        assertEquals("10000", AxisTicks.logLabel(10000));
        assertEquals("-0.002", AxisTicks.logLabel(-0.002));
        assertEquals("2.0e+07", AxisTicks.logLabel(2e7));
    }

    /**
     * A loss between 310 and 560 on the log scale: no power of ten and only one of their 2 and 5
     * multiples lies on the axis, and the linear zone (the smallest magnitude drawn) lies above the top
     * decade. The overview drew it without a single label; it gets the linear axis' round numbers.
     */
    @Test
    void symmetricLogAxisWithinOneDecadeGetsRoundNumbers() {
        YAxis axis = new YAxis(310, 560, true, 310);
        double[] ticks = AxisTicks.values(axis, 8);
        assertTrue(ticks.length >= 3 && ticks.length <= 8, Arrays.toString(ticks));
        for (int i = 0; i < ticks.length; i++) {
            assertTrue(ticks[i] >= axis.min() && ticks[i] <= axis.max(), Arrays.toString(ticks));
            assertEquals(0, ticks[i] % 50, 1e-9, Arrays.toString(ticks));
            if (i > 0) {
                assertTrue(axis.position(ticks[i]) - axis.position(ticks[i - 1]) >= 1.0 / 8 - 1e-12,
                        Arrays.toString(ticks));
            }
        }
        assertEquals("350", AxisTicks.logLabel(350));
        assertEquals("0.35", AxisTicks.logLabel(0.35));
        assertEquals("-0.0125", AxisTicks.logLabel(-0.0125));
        // a narrow band of small values: still labelled, and the labels tell the ticks apart
        YAxis small = new YAxis(0.0031, 0.0047, true, 0.0031);
        double[] smallTicks = AxisTicks.values(small, 5);
        assertTrue(smallTicks.length >= 2, Arrays.toString(smallTicks));
        assertEquals(smallTicks.length,
                Arrays.stream(smallTicks).mapToObj(AxisTicks::logLabel).distinct().count(),
                Arrays.toString(smallTicks));
    }

    /**
     * A diverged tensor spans 40 decades on the log axis: its ticks are spread over all of them,
     * never two labels on top of each other (they were: 2e30 and 5e30 at the same height, and no
     * label between zero and 1e26).
     */
    @Test
    void symmetricLogTicksOverManyDecadesAreSpreadAndNeverCrowded() {
        YAxis axis = new YAxis(-3e30, 1.1e38, true, 1.0);
        int maxTicks = 7;
        double[] ticks = AxisTicks.values(axis, maxTicks);
        assertTrue(ticks.length >= 4 && ticks.length <= 2 * maxTicks, Arrays.toString(ticks));
        for (int i = 1; i < ticks.length; i++) {
            assertTrue(axis.position(ticks[i]) - axis.position(ticks[i - 1]) >= 1.0 / maxTicks - 1e-12,
                    Arrays.toString(ticks));
        }
        assertTrue(Arrays.stream(ticks).anyMatch(v -> v > 1 && v < 1e20), "a label in the lower decades: "
                + Arrays.toString(ticks));
        assertTrue(Arrays.stream(ticks).anyMatch(v -> v == 0), Arrays.toString(ticks));
    }

    @Test
    void iterationTicksAreWholeRoundNumbersEvenOnShortRanges() {
        assertArrayEquals(new long[] { 3, 4, 5, 6, 7 }, AxisTicks.iterations(3, 7, 6));
        assertArrayEquals(new long[] { 100, 120, 140, 160, 180, 200 }, AxisTicks.iterations(97, 200, 6));
        assertArrayEquals(new long[] { 5 }, AxisTicks.iterations(5, 5, 6));
    }

    private static double smaller(double step) {
        double power = Math.pow(10, Math.floor(Math.log10(step)));
        double mantissa = Math.rint(step / power);
        return mantissa == 1 ? 0.5 * power : mantissa == 2 ? power : 2 * power;
    }
}
