package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.InMemoryPolylineSource;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.TensorSeriesPolylines;
import org.trainscope.core.model.InMemoryTensorSeries;
import org.trainscope.core.model.TensorKind;

class PolylineDensityTest {

    /** n flat polylines at values 0..n-1 (polyline i at value i % levels), length len. */
    private static PolylineSource flat(int n, int len, int levels) {
        float[] v = new float[n * len];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < len; j++) {
                v[i * len + j] = i % levels;
            }
        }
        return new InMemoryPolylineSource(v, n, len);
    }

    @Test
    void flatLinesFillTheirRowsAndEveryColumnCountsEachLineOnce() {
        int n = 5000;
        PolylineSource src = flat(n, 10, 5);
        PolylineDensity.Scan scan = PolylineDensity.scan(src, new NullProgressMonitor());
        assertEquals(0, scan.min());
        assertEquals(4, scan.max());
        assertEquals(0, scan.nonFinitePolylines());
        int w = 91;
        int h = 41;
        int[] counts = PolylineDensity.density(src, new PolylineDensity.YAxis(0, 4, false), w, h,
                new NullProgressMonitor());
        for (int x = 0; x < w; x++) {
            int column = 0;
            for (int y = 0; y < h; y++) {
                column += counts[y * w + x];
            }
            assertEquals(n, column, "column " + x);
        }
        // value 4 is the top row, value 0 the bottom row, 1000 lines each
        assertEquals(1000, counts[0 * w + 45]);
        assertEquals(1000, counts[(h - 1) * w + 45]);
        assertEquals(1000, counts[10 * w + 45]); // value 3 at row (1 - 3/4) * 40 = 10
    }

    @Test
    void steepSegmentsStayConnected() {
        // one polyline jumping from bottom to top: the columns it crosses must cover every row
        PolylineSource src = new InMemoryPolylineSource(new float[] { 0, 1 }, 1, 2);
        int w = 3;
        int h = 20;
        int[] counts = PolylineDensity.density(src, new PolylineDensity.YAxis(0, 1, false), w, h, null);
        for (int y = 0; y < h; y++) {
            int row = 0;
            for (int x = 0; x < w; x++) {
                row += counts[y * w + x];
            }
            assertTrue(row >= 1, "row " + y + " not reached");
        }
    }

    @Test
    void nonFiniteValuesAreMarkedAtTheirFirstPointAndNotDrawn() {
        float nan = Float.NaN;
        float inf = Float.POSITIVE_INFINITY;
        float[] v = { 1, 2, nan, 3, /**/ 1, 1, 1, 1, /**/ 0, inf, nan, 2 };
        PolylineSource src = new InMemoryPolylineSource(v, 3, 4);
        PolylineDensity.Scan scan = PolylineDensity.scan(src, null);
        assertEquals(2, scan.nonFinitePolylines());
        assertArrayEquals(new int[] { 0, 1, 1, 0 }, scan.firstNonFinitePerPoint());
        assertEquals(0, scan.min());
        assertEquals(3, scan.max());
        int[] counts = PolylineDensity.density(src, new PolylineDensity.YAxis(0, 3, false), 4, 4, null);
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        // polyline 2 (all finite) draws 4 columns, polyline 0 only its first segment (2 columns), 3 nothing
        assertTrue(total >= 6 && total <= 10, "total " + total);
    }

    @Test
    void symlogKeepsSignAndOrder() {
        PolylineDensity.YAxis axis = new PolylineDensity.YAxis(-1e6, 1e6, true);
        assertEquals(0.5, axis.position(0), 1e-12);
        assertTrue(axis.position(10) > 0.5 && axis.position(10) < axis.position(1e4));
        assertEquals(1e4, axis.value(axis.position(1e4)), 1e-6);
        assertTrue(Double.isNaN(axis.position(Double.NaN)));
    }

    @Test
    void theScanFindsWhereSmallValuesEndForTheLogAxis() {
        // noise around zero (sd 0.03) in most values, a few curves up to 3
        java.util.Random random = new java.util.Random(4);
        int n = 2000;
        int length = 50;
        float[] values = new float[n * length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (i % 10 == 0 ? 3 * random.nextDouble() : 0.03 * random.nextGaussian());
        }
        values[7] = 0;
        values[8] = Float.NaN;
        PolylineDensity.Scan scan = PolylineDensity.scan(new InMemoryPolylineSource(values, n, length), null);
        // the tenth percentile of |N(0, 0.03)| is 0.0038; the answer is the top of its power-of-two bin
        double zone = scan.magnitudeQuantile(0.1);
        assertTrue(zone >= 0.0038 && zone <= 2 * 0.0078, "zone " + zone);
        assertTrue(scan.magnitudeQuantile(1.0) >= 3 && scan.magnitudeQuantile(1.0) <= 4);
        PolylineDensity.YAxis axis = new PolylineDensity.YAxis(scan.min(), scan.max(), true, zone);
        assertEquals(zone, axis.linearZone());
        // within the zone the axis is about linear: 0.03 noise spans a modest share, not the chart
        double noiseBand = axis.position(0.03) - axis.position(-0.03);
        assertTrue(noiseBand > 0.1 && noiseBand < 0.5, "noise band " + noiseBand);
        float[] nothingNonZero = { 0, Float.NaN, 0, Float.POSITIVE_INFINITY };
        assertTrue(Double.isNaN(PolylineDensity.scan(new InMemoryPolylineSource(nothingNonZero, 2, 2), null)
                .magnitudeQuantile(0.1)));
        // no zone given: a thousandth of the largest magnitude, as before
        assertEquals(1000, new PolylineDensity.YAxis(-1e6, 1e6, true).linearZone(), 1e-9);
    }

    @Test
    void cancellationStopsTheScan() {
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        assertThrows(OperationCanceledException.class, () -> PolylineDensity.scan(flat(10_000, 4, 3), cancelled));
    }

    @Test
    void aRecordedTensorReadsAsPolylines() {
        InMemoryTensorSeries t = new InMemoryTensorSeries("fc/activation", "fc", TensorKind.ACTIVATION, 3);
        t.append(0, new float[] { 1, 2, 3 }).append(5, new float[] { 4, 5, Float.NaN }).append(9,
                new float[] { 7, 8, 9 });
        TensorSeriesPolylines src = new TensorSeriesPolylines(t, 1, 3);
        assertEquals(3, src.polylineCount());
        assertEquals(2, src.length());
        float[] out = new float[6];
        src.read(0, 3, out);
        assertArrayEquals(new float[] { 4, 7, 5, 8, Float.NaN, 9 }, out);
        assertThrows(IllegalArgumentException.class, () -> new TensorSeriesPolylines(t, 2, 4));
    }
}
