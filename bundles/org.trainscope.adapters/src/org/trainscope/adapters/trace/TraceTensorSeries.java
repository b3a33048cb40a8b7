package org.trainscope.adapters.trace;

import java.io.IOException;
import java.util.Objects;

import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceReader;

/** One series tensor of a trace; every read goes to the reader, which reads only the bytes asked for. */
final class TraceTensorSeries implements TensorSeries {
    private final TraceReader reader;
    private final TensorInfo info;
    private final int[] shape;

    TraceTensorSeries(TraceReader reader, TensorInfo info) {
        this.reader = reader;
        this.info = info;
        this.shape = info.shape().stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String id() {
        return info.id();
    }

    @Override
    public String nodeId() {
        return info.node();
    }

    @Override
    public TensorKind kind() {
        return TensorKind.valueOf(info.kind().name());
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public int neuronCount() {
        return info.neuronCount();
    }

    @Override
    public long[] iterations() {
        return reader.iterations();
    }

    @Override
    public int iterationCount() {
        return reader.recordCount();
    }

    @Override
    public void readPolyline(int neuron, int fromRecord, int toRecord, float[] out) throws IOException {
        Objects.checkFromToIndex(fromRecord, toRecord, reader.recordCount());
        reader.readPolyline(info.id(), neuron, fromRecord, toRecord - fromRecord, out);
    }

    @Override
    public void scanRecordTiles(int fromRecord, int toRecord, org.trainscope.trace.RecordTileVisitor visitor)
            throws IOException {
        Objects.checkFromToIndex(fromRecord, toRecord, reader.recordCount());
        reader.scanRecordTiles(info.id(), 0, neuronCount(), fromRecord, toRecord - fromRecord, visitor);
    }

    @Override
    public void readPolylines(int firstNeuron, int count, int fromRecord, int toRecord, float[] out)
            throws IOException {
        Objects.checkFromToIndex(fromRecord, toRecord, reader.recordCount());
        reader.readPolylines(info.id(), firstNeuron, count, fromRecord, toRecord - fromRecord, out);
    }

    @Override
    public void readSnapshot(int record, float[] out) throws IOException {
        reader.readRecord(info.id(), record, out);
    }

    @Override
    public String toString() {
        return "TraceTensorSeries[" + info.id() + "]";
    }
}
