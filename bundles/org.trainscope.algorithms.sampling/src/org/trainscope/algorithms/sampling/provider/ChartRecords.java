package org.trainscope.algorithms.sampling.provider;

import java.util.stream.IntStream;

import org.trainscope.algorithms.sampling.summary.TensorSummaries;
import org.trainscope.core.model.RecordSubsetSeries;
import org.trainscope.core.model.TensorSeries;

/**
 * The records a training-dynamics chart is computed on. A tensor's summary holds joint histograms
 * per segment (768 KiB each), so a run of thousands of records cannot have one summary of all of
 * them: up to {@link #MOST} records, the chart is drawn from the summary of all records (every zoom
 * and pan from the same summary); beyond, from the summary of at most {@link #MOST} records spread
 * evenly over the chart's range ({@link RecordSubsetSeries#spread}: every s-th and the last), made
 * for that range by one pass over it. A zoom into a range of at most {@code MOST} records thus
 * shows every record again.
 *
 * @param shown   the request as the view made it (its range in the tensor's records)
 * @param series  the polylines over the chosen records (the request's own when they are all)
 * @param request the request over {@code series}' records (the shown one when they are all)
 * @param records the shown tensor's record of each point of the chart
 */
record ChartRecords(DynamicsRequest shown, TensorSeries series, DynamicsRequest request, int[] records) {
    static final int MOST = TensorSummaries.MOST_RECORDS;

    static ChartRecords of(DynamicsRequest shown) {
        TensorSeries polylines = shown.grouping().polylines(shown.tensor(), shown.layout());
        if (polylines.iterationCount() <= MOST) {
            return new ChartRecords(shown, polylines, shown,
                    IntStream.range(shown.fromRecord(), shown.toRecord()).toArray());
        }
        // the whole run: the same series as TensorSummaries.summarised (whose summary Spark writes)
        int[] records = RecordSubsetSeries.spread(shown.fromRecord(), shown.toRecord(), MOST);
        return new ChartRecords(shown, new RecordSubsetSeries(polylines, records), shown.withRange(0, records.length),
                records);
    }
}
