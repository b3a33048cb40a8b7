package org.trainscope.algorithms.sampling;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.trainscope.core.model.TensorSeries;

/**
 * A recorded tensor as a {@link PolylineSource}: one polyline per neuron over the records
 * {@code [fromRecord, toRecord)}, read in blocks straight from the tensor's storage (a trace
 * on disk), never loaded whole. A read error surfaces as {@link UncheckedIOException}.
 */
public final class TensorSeriesPolylines implements PolylineSource {
    private final TensorSeries series;
    private final int fromRecord;
    private final int toRecord;

    public TensorSeriesPolylines(TensorSeries series, int fromRecord, int toRecord) {
        if (fromRecord < 0 || toRecord > series.iterationCount() || fromRecord > toRecord) {
            throw new IllegalArgumentException("records [" + fromRecord + ", " + toRecord + ") outside the "
                    + series.iterationCount() + " records of " + series.id());
        }
        this.series = series;
        this.fromRecord = fromRecord;
        this.toRecord = toRecord;
    }

    /** All records of the tensor as they are now. */
    public static TensorSeriesPolylines of(TensorSeries series) {
        return new TensorSeriesPolylines(series, 0, series.iterationCount());
    }

    public TensorSeries series() {
        return series;
    }

    public int fromRecord() {
        return fromRecord;
    }

    @Override
    public int polylineCount() {
        return series.neuronCount();
    }

    @Override
    public int length() {
        return toRecord - fromRecord;
    }

    @Override
    public void read(int first, int count, float[] out) {
        try {
            series.readPolylines(first, count, fromRecord, toRecord, out);
        } catch (IOException e) {
            throw new UncheckedIOException("reading neurons " + first + ".." + (first + count - 1) + " of "
                    + series.id() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }
}
