package org.trainscope.algorithms.sampling.tests;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.trace.RecordTileVisitor;

/**
 * A tensor that counts the values read through it, optionally showing only its first
 * {@code records} records (a live run seen before it grew).
 */
final class CountingSeries implements TensorSeries {
    final AtomicLong values = new AtomicLong();
    private final TensorSeries series;
    private final int records;

    CountingSeries(TensorSeries series, int records) {
        this.series = series;
        this.records = records;
    }

    CountingSeries(TensorSeries series) {
        this(series, series.iterationCount());
    }

    @Override
    public String id() {
        return series.id();
    }

    @Override
    public String nodeId() {
        return series.nodeId();
    }

    @Override
    public TensorKind kind() {
        return series.kind();
    }

    @Override
    public int[] shape() {
        return series.shape();
    }

    @Override
    public int neuronCount() {
        return series.neuronCount();
    }

    @Override
    public long[] iterations() {
        return Arrays.copyOf(series.iterations(), records);
    }

    @Override
    public void readPolyline(int neuron, int fromRecord, int toRecord, float[] out) throws IOException {
        values.addAndGet(toRecord - fromRecord);
        series.readPolyline(neuron, fromRecord, toRecord, out);
    }

    @Override
    public void readPolylines(int firstNeuron, int count, int fromRecord, int toRecord, float[] out)
            throws IOException {
        values.addAndGet((long) count * (toRecord - fromRecord));
        series.readPolylines(firstNeuron, count, fromRecord, toRecord, out);
    }

    @Override
    public void readSnapshot(int record, float[] out) throws IOException {
        values.addAndGet(series.neuronCount());
        series.readSnapshot(record, out);
    }

    @Override
    public void scanRecordTiles(int fromRecord, int toRecord, RecordTileVisitor visitor) throws IOException {
        series.scanRecordTiles(fromRecord, toRecord, (first, n, firstRecord, recordCount, v, stride) -> {
            values.addAndGet((long) n * recordCount);
            visitor.visit(first, n, firstRecord, recordCount, v, stride);
        });
    }
}
