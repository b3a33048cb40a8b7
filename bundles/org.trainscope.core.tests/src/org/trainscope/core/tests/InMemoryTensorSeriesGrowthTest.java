package org.trainscope.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.trainscope.core.model.InMemoryTensorSeries;
import org.trainscope.core.model.TensorKind;

/**
 * Appending is amortised (issue 17, fault 2: an npz entry of 300,000 records took 64 s because
 * every append copied the whole iteration array). The test counts storage copies, not time.
 */
class InMemoryTensorSeriesGrowthTest {

    @Test
    void threeHundredThousandOneValueRecordsCostLogarithmicallyManyCopies() {
        InMemoryTensorSeries s = new InMemoryTensorSeries("x", "x", TensorKind.ACTIVATION, 1);
        int n = 300_000;
        for (int r = 0; r < n; r++) {
            s.append(r * 2L, new float[] {r});
        }
        // the old code made one copy per record (300,000); doubling makes about 2 log2(n) + blocks
        assertTrue(s.storageCopies() < 200, s.storageCopies() + " copies");
        long[] its = s.iterations();
        assertEquals(n, its.length);
        assertEquals(2L * (n - 1), its[n - 1]);
        float[] line = new float[10];
        s.readPolyline(0, n - 10, n, line);
        for (int i = 0; i < 10; i++) {
            assertEquals(n - 10 + i, line[i]);
        }
        float[] one = new float[1];
        s.readSnapshot(123_456, one);
        assertEquals(123_456f, one[0]);
    }

    @Test
    void recordsAcrossBlockBoundariesAndLargeRecordsReadBackExactly() {
        int neurons = 40_000; // more than half a block: one record per block
        InMemoryTensorSeries big = new InMemoryTensorSeries("b", "b", TensorKind.WEIGHT, 200, 200);
        InMemoryTensorSeries small = new InMemoryTensorSeries("s", "s", TensorKind.WEIGHT, 3);
        for (int r = 0; r < 5; r++) {
            float[] v = new float[neurons];
            v[0] = r;
            v[neurons - 1] = Float.NaN;
            big.append(r, v);
        }
        for (int r = 0; r < 70_000; r++) { // crosses the 21,845-record blocks of 3-value records
            small.append(r, new float[] {r, -r, Float.POSITIVE_INFINITY});
        }
        float[] snap = new float[neurons];
        big.readSnapshot(4, snap);
        assertEquals(4f, snap[0]);
        assertTrue(Float.isNaN(snap[neurons - 1]));
        float[] three = new float[3];
        small.readSnapshot(21_845, three);
        assertArrayEquals(new float[] {21_845, -21_845, Float.POSITIVE_INFINITY}, three);
        float[] line = new float[4];
        small.readPolyline(1, 21_843, 21_847, line);
        assertArrayEquals(new float[] {-21_843, -21_844, -21_845, -21_846}, line);
        assertThrows(IndexOutOfBoundsException.class, () -> small.readSnapshot(70_000, three));
        assertThrows(IllegalArgumentException.class, () -> small.append(5, new float[3]));
    }

    @Test
    void zeroNeuronRecordsAndOversizedShapesAreHandled() {
        InMemoryTensorSeries empty = new InMemoryTensorSeries("e", "e", TensorKind.WEIGHT, 0);
        empty.append(0, new float[0]).append(1, new float[0]);
        assertEquals(2, empty.iterations().length);
        empty.readSnapshot(1, new float[0]);
        assertThrows(IllegalArgumentException.class,
                () -> new InMemoryTensorSeries("h", "h", TensorKind.WEIGHT, 46_341, 46_341));
        assertThrows(IllegalArgumentException.class,
                () -> new InMemoryTensorSeries("h", "h", TensorKind.WEIGHT, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 2));
    }

    /** Issue 17, fault 6: a one-record npz of 64 Mi values needed two 256 MiB copies while appended. */
    @Test
    void aLargeRecordIsAdoptedWithoutACopyAndASmallOneIsCopied() {
        InMemoryTensorSeries big = new InMemoryTensorSeries("b", "b", TensorKind.WEIGHT, 1 << 20);
        float[] record = new float[1 << 20];
        record[5] = 7;
        assertTrue(big.appendAdopting(0, record));
        float[] five = new float[1];
        big.readPolyline(5, 0, 1, five);
        assertEquals(7f, five[0]);
        InMemoryTensorSeries small = new InMemoryTensorSeries("s", "s", TensorKind.WEIGHT, 4);
        float[] row = {1, 2, 3, 4};
        assertTrue(!small.appendAdopting(0, row));
        row[0] = 99; // the caller still owns it: the stored record must not change
        float[] back = new float[4];
        small.readSnapshot(0, back);
        assertArrayEquals(new float[] {1, 2, 3, 4}, back);
    }
}
