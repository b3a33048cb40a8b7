package org.trainscope.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * How many polylines a reduction keeps of a tensor: a rate keeps its share but never fewer than
 * Training Dynamics' default sample (a bias of 8 values is kept whole, not as one line); a count is
 * exact.
 */
class ReduceOptionsTest {
    @Test
    void aRateKeepsAtLeastTheDesktopsSampleAndACountIsExact() {
        ReduceOptions rate = ReduceOptions.defaults();
        assertEquals(8, rate.resolveSampleCount(8), "a bias is kept whole");
        assertEquals(300, rate.resolveSampleCount(300));
        assertEquals(300, rate.resolveSampleCount(20_000), "1 % would be 200");
        assertEquals(1_000, rate.resolveSampleCount(100_000));
        ReduceOptions count = new ReduceOptions(0.01, 50, 1, 32, 2.0, 0, 64L << 20, List.of(), 8, 50, -1, 2048);
        assertEquals(8, count.resolveSampleCount(8));
        assertEquals(50, count.resolveSampleCount(100_000));
    }
}
