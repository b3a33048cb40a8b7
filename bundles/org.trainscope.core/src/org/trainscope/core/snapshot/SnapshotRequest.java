package org.trainscope.core.snapshot;

import java.util.Objects;

import org.trainscope.core.model.Run;

/**
 * What the Snapshot view asks {@link SnapshotGraphProvider} for.
 *
 * @param run the run whose network is drawn
 * @param iteration the current snapshot (need not be recorded: each tensor's current record is its
 *        last one at or before it)
 * @param recordsBefore how many of the run's recorded iterations before the current one the window
 *        reaches back (the history the abnormality score compares against)
 * @param recordsAfter how many recorded iterations after the current one the charts also show
 * @param maxValuesPerRecord the resolution: a record with more values is read as
 *        {@link FlowStatistics#BLOCKS} evenly spaced contiguous blocks of this many values in all
 * @param markedCount how many of the top-ranked nodes are marked (when abnormal enough)
 */
public record SnapshotRequest(Run run, long iteration, int recordsBefore, int recordsAfter, int maxValuesPerRecord,
        int markedCount) {

    public static final int DEFAULT_BEFORE = 12;
    public static final int DEFAULT_AFTER = 4;
    public static final int DEFAULT_MAX_VALUES = 65_536;
    public static final int DEFAULT_MARKED = 3;

    public SnapshotRequest {
        Objects.requireNonNull(run, "run");
        if (recordsBefore < 0 || recordsAfter < 0) {
            throw new IllegalArgumentException("the window must not be negative: " + recordsBefore + " before, "
                    + recordsAfter + " after");
        }
        if (maxValuesPerRecord < FlowStatistics.BLOCKS) {
            throw new IllegalArgumentException("read at least " + FlowStatistics.BLOCKS + " values per record, not "
                    + maxValuesPerRecord);
        }
        markedCount = Math.max(0, markedCount);
    }

    /** The view's defaults at {@code iteration}. */
    public static SnapshotRequest of(Run run, long iteration) {
        return new SnapshotRequest(run, iteration, DEFAULT_BEFORE, DEFAULT_AFTER, DEFAULT_MAX_VALUES, DEFAULT_MARKED);
    }

    public SnapshotRequest withIteration(long it) {
        return new SnapshotRequest(run, it, recordsBefore, recordsAfter, maxValuesPerRecord, markedCount);
    }
}
