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
    public void readPolylines(int[] neurons, int fromRecord, int toRecord, float[] out) throws IOException {
        Objects.checkFromToIndex(fromRecord, toRecord, reader.recordCount());
        int length = toRecord - fromRecord;
        float[] run = new float[Math.min(Math.max(1, neurons.length), 4096)];
        // record by record (chunk file by chunk file), each record's neurons ascending, runs of
        // consecutive neurons in one read
        for (int r = fromRecord; r < toRecord; r++) {
            for (int i = 0; i < neurons.length;) {
                int j = i + 1;
                while (j < neurons.length && j - i < run.length && neurons[j] == neurons[j - 1] + 1) {
                    j++;
                }
                reader.readRecord(info.id(), r, neurons[i], j - i, run, 0);
                for (int k = i; k < j; k++) {
                    out[k * length + (r - fromRecord)] = run[k - i];
                }
                i = j;
            }
        }
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
