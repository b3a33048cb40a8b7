package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.InMemoryPolylineSource;
import org.trainscope.algorithms.sampling.OutlierLevel;
import org.trainscope.algorithms.sampling.PathIsolation;
import org.trainscope.algorithms.sampling.PolylineDensity;

/**
 * Issue 16: the Training Dynamics progress stood at 0 % for minutes, then jumped to 99 %. The
 * provider hands each pass a monitor split off a SubMonitor, which counts work only once the pass
 * sets its total; the passes now do (one tick per block of polylines read), so the bar moves while
 * they run, block by block, not at their end.
 */
class ProgressMovesTest {
    private static final int POLYLINES = 2048 * 24 + 100; // 25 blocks of the density pass
    private static final int LENGTH = 12;

    /** The job's monitor: what the Progress view shows, one entry per report. */
    private static final class Recorded extends NullProgressMonitor {
        final List<Double> reports = new ArrayList<>();
        int total;

        @Override
        public void beginTask(String name, int totalWork) {
            total = totalWork;
        }

        @Override
        public void internalWorked(double work) {
            reports.add(work);
        }

        @Override
        public void worked(int work) {
            internalWorked(work);
        }

        /** Share of the job done, 0..1 (a SubMonitor asks its root for more ticks than it was given). */
        double reported() {
            return reports.stream().mapToDouble(Double::doubleValue).sum() / total;
        }
    }

    @Test
    void theDensityScanAndOutlierPassesReportProgressAsTheyGo() {
        InMemoryPolylineSource source = new InMemoryPolylineSource(curves(), POLYLINES, LENGTH);
        Recorded job = new Recorded();
        SubMonitor sub = SubMonitor.convert(job, "Training dynamics", 300);

        PolylineDensity.Scan scan = PolylineDensity.scan(source, sub.split(100));
        int blocks = (POLYLINES + 2047) / 2048;
        assertTrue(job.reports.size() >= blocks / 2, "the scan reported " + job.reports.size() + " times for " + blocks + " blocks");
        assertEquals(1 / 3.0, job.reported(), 0.01, "the scan's share is reported by the time it returns");

        int before = job.reports.size();
        PolylineDensity.YAxis axis = new PolylineDensity.YAxis(scan.min(), scan.max(), false, 0);
        int[] density = PolylineDensity.density(source, axis, 200, 100, sub.split(100));
        assertTrue(job.reports.size() - before >= blocks / 2, "the density pass moved " + (job.reports.size() - before) + " times");
        assertEquals(2 / 3.0, job.reported(), 0.01);

        before = job.reports.size();
        PathIsolation isolation = new PathIsolation(density, 200, 100, LENGTH);
        OutlierLevel.estimate(source, axis, 100, isolation, OutlierLevel.DEFAULT_FRACTION, OutlierLevel.DEFAULT_SUBSAMPLE, 1,
                sub.split(100));
        assertTrue(job.reports.size() - before > 1, "the outlier level moved " + (job.reports.size() - before) + " times");
        assertEquals(1, job.reported(), 0.01);
        // no single report carries most of a pass: the bar moves steadily
        assertTrue(job.reports.stream().allMatch(w -> w <= job.total / 12.0), "reports " + job.reports);
    }

    private static float[] curves() {
        float[] v = new float[POLYLINES * LENGTH];
        for (int p = 0; p < POLYLINES; p++) {
            for (int i = 0; i < LENGTH; i++) {
                v[p * LENGTH + i] = (float) Math.sin(p * 0.001 + i * 0.3) * (1 + p % 7);
            }
        }
        return v;
    }
}
