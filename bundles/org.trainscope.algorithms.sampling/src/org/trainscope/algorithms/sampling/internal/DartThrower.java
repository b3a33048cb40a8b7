package org.trainscope.algorithms.sampling.internal;

import java.util.Arrays;

import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.sampling.PolylineMetric;
import org.trainscope.algorithms.sampling.PolylineSource;

/**
 * Dart throwing over the candidates in their seeded order, with a shrinking radius, until the
 * requested count is selected (docs/algorithms/blue-noise-polyline-sampling.md, "Dart throwing").
 * <p>
 * Before the first pass, the polyline that turns non-finite first is selected, so that where a run
 * starts to fail is always in the sample. A pass visits every candidate once at a fixed radius; at
 * its end the selection is maximal for that radius (every unselected polyline is closer than r to a
 * selected one), which is the
 * failure tolerance: the radius shrinks only when all remaining candidates have failed. Passes are
 * split in chunks; within a chunk, candidates are first tested in parallel against the selection as
 * it was at the chunk's start (a rejection then is final, because the selection only grows), and
 * the survivors are then taken in order, tested against what was selected since, and go through
 * the direction pool. The outcome is therefore the same as a sequential run, whatever the threads do.
 */
public final class DartThrower {

    private static final int CHUNK = 8192;
    /** Up to this many entries selected since a chunk's start are scanned rather than looked up. */
    private static final int LINEAR_SCAN_LIMIT = 64;
    private static final double DEFAULT_SHRINK = 0.7;
    private static final double MIN_SHRINK = 0.5;
    private static final double MAX_SHRINK = 0.95;
    /** Aim the next radius at this fraction of the wanted count, so the last pass starts below it. */
    private static final double TARGET_FILL = 0.9;
    private static final int MAX_RESTARTS = 40;
    /** Below this fraction of the initial radius the Poisson-disk property is given up (radius 0). */
    private static final double GIVE_UP_FRACTION = 1e-6;

    private static final byte SKIPPED = 0;
    private static final byte REJECTED = 1;
    private static final byte FREE = 2;

    private final PolylineSource source;
    private final CandidateTable table;
    private final int wanted;
    private final double initialRadiusFactor;
    private final SelectedSet selected;
    private final DirectionPool pool;
    private final CandidateBuffers buffers;
    private final ConflictChecker[] checkers;
    private final ConflictChecker sequentialChecker;
    private final FrozenGrid frozen = new FrozenGrid();
    private final byte[] status = new byte[CHUNK];
    private final float[] row;
    private final PolylineMetric metric;

    private double initialRadius;
    private double radius;
    private int passes;

    public DartThrower(PolylineSource source, PolylineMetric metric, CandidateTable table, int wanted,
            int directionPoolSize, double initialRadiusFactor) {
        this.source = source;
        this.metric = metric;
        this.table = table;
        this.wanted = wanted;
        this.initialRadiusFactor = initialRadiusFactor;
        this.selected = new SelectedSet(wanted, metric.embeddingLength(), coordinateMagnitude(table));
        this.pool = new DirectionPool(directionPoolSize, metric.segmentCount(), metric.embeddingLength());
        this.buffers = new CandidateBuffers(CHUNK, source, metric);
        this.checkers = new ConflictChecker[Parallel.pieces()];
        for (int i = 0; i < checkers.length; i++) {
            checkers[i] = new ConflictChecker(table, selected, source.length());
        }
        this.sequentialChecker = new ConflictChecker(table, selected, source.length());
        this.row = new float[source.length()];
    }

    private static double coordinateMagnitude(CandidateTable table) {
        double max = 0;
        for (int slot = 0; slot < table.size(); slot++) {
            max = Math.max(max, Math.max(Math.abs(table.level[slot]), Math.abs(table.trend[slot])));
        }
        return max;
    }

    public double initialRadius() {
        return initialRadius;
    }

    public double finalRadius() {
        return radius;
    }

    public int passes() {
        return passes;
    }

    /** @return the selected polyline indices, in the order selected */
    public int[] run(SubMonitor monitor) {
        monitor.setWorkRemaining(100);
        int reserved = reserveEarliestFailure();
        if (selected.size >= wanted) {
            return selection();
        }
        int freeWanted = wanted - reserved;
        double estimate = table.size() <= wanted ? 0
                : RadiusEstimator.estimate(table, source, metric, freeWanted);
        monitor.worked(5);
        initialRadius = estimate * initialRadiusFactor;
        radius = initialRadius;
        SubMonitor passMonitor = monitor.split(95);
        int restarts = 0;
        int passesAtThisStart = 0;
        int previousCount = -1;
        double previousRadius = Double.NaN;
        while (selected.size < wanted) {
            passMonitor.setWorkRemaining(4);
            runPass(radius, passMonitor.split(1));
            passes++;
            if (selected.size >= wanted) {
                if (passesAtThisStart == 0 && radius > 0 && restarts < MAX_RESTARTS) {
                    // the first pass filled the sample: outliers late in the order never had a chance
                    restarts++;
                    initialRadius *= 2;
                    radius = initialRadius;
                    reserved = restart();
                    previousCount = -1;
                    continue;
                }
                break;
            }
            passesAtThisStart++;
            int count = selected.size - reserved;
            double shrink = shrinkFactor(count, previousCount, radius, previousRadius, freeWanted);
            previousCount = count;
            previousRadius = radius;
            radius *= shrink;
            if (radius < initialRadius * GIVE_UP_FRACTION) {
                radius = 0;
            }
        }
        return selection();
    }

    /**
     * Estimates the local dimension D from the last two passes (count ~ r^-D) and aims the next
     * radius at TARGET_FILL of the wanted count (after the reserved polylines); without two passes,
     * shrinks by a fixed factor.
     */
    private static double shrinkFactor(int count, int previousCount, double radius, double previousRadius,
            int freeWanted) {
        double factor = DEFAULT_SHRINK;
        if (previousCount > 0 && count > previousCount && previousRadius > radius) {
            double dimension = Math.log((double) count / previousCount) / Math.log(previousRadius / radius);
            dimension = Math.max(1, Math.min(50, dimension));
            factor = Math.pow(count / (TARGET_FILL * freeWanted), 1 / dimension);
        }
        return Math.max(MIN_SHRINK, Math.min(MAX_SHRINK, factor));
    }

    private int[] selection() {
        return Arrays.copyOf(selected.polyline, selected.size);
    }

    private int restart() {
        selected.truncate(0);
        table.clearSelection();
        pool.clearHistogram();
        return reserveEarliestFailure();
    }

    /**
     * Selects the polyline that turns non-finite first (the earliest onset; ties: the first in
     * candidate order), if any: where the run starts to fail is always in the sample. It is an
     * ordinary selected polyline: later candidates are kept away from it, so the Poisson-disk
     * property holds for every pair.
     *
     * @return how many were selected (0 or 1)
     */
    private int reserveEarliestFailure() {
        int earliest = -1;
        for (int slot = 0; slot < table.size(); slot++) {
            int signature = table.signature[slot];
            if (signature >= 0 && (earliest < 0
                    || PolylineMetric.onset(signature) < PolylineMetric.onset(table.signature[earliest]))) {
                earliest = slot;
            }
        }
        if (earliest >= 0 && selected.size < wanted) {
            float[] v = new float[metric.embeddingLength()];
            byte[] directions = new byte[metric.segmentCount()];
            source.read(table.polylineOfSlot[earliest], 1, row);
            metric.embed(row, 0, v, 0);
            metric.directionBins(row, 0, directions, 0);
            selected.add(table, earliest, v, 0);
            table.selected[earliest] = true;
            pool.countDirections(directions, 0);
        }
        return selected.size;
    }

    private void runPass(double r, SubMonitor monitor) {
        int n = table.size();
        int chunks = (n + CHUNK - 1) / CHUNK;
        monitor.setWorkRemaining(chunks + 1);
        if (r == 0) {
            takeRemainingInOrder();
            return;
        }
        selected.rebuildGrid(r);
        frozen.invalidate();
        pool.clear();
        for (int start = 0; start < n && selected.size < wanted; start += CHUNK) {
            if (monitor.isCanceled()) {
                throw new OperationCanceledException();
            }
            int count = Math.min(CHUNK, n - start);
            int selectedAtStart = selected.size;
            testAgainstSelection(start, count, r);
            for (int local = 0; local < count && selected.size < wanted; local++) {
                if (status[local] != FREE) {
                    continue;
                }
                int slot = start + local;
                int sinceStart = selected.size - selectedAtStart;
                // a short list is scanned; a long one (the first chunks of a pass fill thousands)
                // is searched through the grid, which holds every selected entry
                if (sinceStart > 0 && sequentialChecker.conflicts(slot, r, selectedAtStart,
                        sinceStart > LINEAR_SCAN_LIMIT, buffers, local)) {
                    continue;
                }
                pool.add(slot, buffers, local);
                if (pool.isFull()) {
                    selectFromPool(r);
                }
            }
            monitor.worked(1);
        }
        while (pool.size() > 0 && selected.size < wanted) {
            selectFromPool(r);
        }
    }

    /** The parallel phase: every eligible candidate of the chunk against the current selection. */
    private void testAgainstSelection(int start, int count, double r) {
        buffers.clear(count);
        frozen.build(selected);
        int pieces = checkers.length;
        Parallel.forEach(pieces, piece -> {
            ConflictChecker checker = checkers[piece];
            int from = start + (int) ((long) count * piece / pieces);
            int to = start + (int) ((long) count * (piece + 1) / pieces);
            for (int slot = from; slot < to; slot++) {
                int local = slot - start;
                if (table.selected[slot] || table.bound[slot] < r) {
                    status[local] = SKIPPED;
                } else if (checker.conflictsFrozen(slot, r, frozen, buffers, local)) {
                    status[local] = REJECTED;
                } else {
                    checker.prepare(slot, buffers, local);
                    status[local] = FREE;
                }
            }
        });
    }

    private void selectFromPool(double r) {
        int p = pool.best();
        int slot = pool.slot(p);
        selected.add(table, slot, pool.embeddings(), pool.embeddingOffset(p));
        table.selected[slot] = true;
        pool.countDirections(p);
        pool.removeChosenAndConflicts(p, r);
    }

    /** Radius 0: every remaining candidate is acceptable; take them in candidate order. */
    private void takeRemainingInOrder() {
        float[] v = new float[metric.embeddingLength()];
        for (int slot = 0; slot < table.size() && selected.size < wanted; slot++) {
            if (table.selected[slot]) {
                continue;
            }
            source.read(table.polylineOfSlot[slot], 1, row);
            metric.embed(row, 0, v, 0);
            selected.add(table, slot, v, 0);
            table.selected[slot] = true;
        }
    }
}
