package org.trainscope.core.snapshot;

/**
 * The distribution of one record of one tensor (over the values read, see
 * {@link FlowStatistics}): finite values summarised, non-finite ones counted.
 *
 * @param valuesRead how many values were read (all, or the resolution's blocks)
 * @param mean mean of the finite values (NaN when none is finite)
 * @param meanAbs mean absolute finite value (NaN when none is finite)
 * @param q05 5 % quantile of the finite values (NaN when none)
 * @param q95 95 % quantile of the finite values (NaN when none)
 * @param nanCount NaN values among those read
 * @param infCount ±Infinity values among those read
 * @param loudestIndex the record index of the largest |value| read (a non-finite one first), -1 when none
 */
public record RecordStats(int valuesRead, double mean, double meanAbs, double q05, double q95, int nanCount,
        int infCount, int loudestIndex) {

    public int nonFiniteCount() {
        return nanCount + infCount;
    }

    public int finiteCount() {
        return valuesRead - nonFiniteCount();
    }

    /** The share of non-finite values among those read (0 when nothing was read). */
    public double nonFiniteFraction() {
        return valuesRead == 0 ? 0 : nonFiniteCount() / (double) valuesRead;
    }

    /** q95 - q05: how wide the bulk of the values is. */
    public double spread() {
        return q95 - q05;
    }
}
