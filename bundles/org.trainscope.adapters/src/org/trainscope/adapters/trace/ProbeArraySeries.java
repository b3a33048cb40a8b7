package org.trainscope.adapters.trace;

import java.io.IOException;
import java.util.Objects;

import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.trace.ArrayInfo;
import org.trainscope.trace.DType;
import org.trainscope.trace.TraceReader;

/**
 * The probe inputs of a trace as a one-record series of kind INPUT (recorded once, before
 * iteration 0). The array is read from disk when asked for, not when the trace opens, so a
 * missing file surfaces as an IOException of the read, as the format specification wants.
 */
final class ProbeArraySeries implements TensorSeries {
    private static final long[] ONE_RECORD = {0};
    private final TraceReader reader;
    private final ArrayInfo info;
    private final int[] shape;

    ProbeArraySeries(TraceReader reader, ArrayInfo info) {
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
        return "";
    }

    @Override
    public TensorKind kind() {
        return TensorKind.INPUT;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public int neuronCount() {
        // The manifest validator bounds every array to ManifestValidator.MAX_ARRAY_ELEMENTS; toIntExact
        // keeps a count that somehow escaped it from wrapping into a negative neuron count.
        return Math.toIntExact(info.elementCount());
    }

    @Override
    public long[] iterations() {
        return ONE_RECORD.clone();
    }

    @Override
    public void readPolyline(int neuron, int fromRecord, int toRecord, float[] out) throws IOException {
        Objects.checkIndex(neuron, neuronCount());
        Objects.checkFromToIndex(fromRecord, toRecord, 1);
        if (toRecord > fromRecord) {
            out[0] = values()[neuron];
        }
    }

    /** One read of the array for the whole block, not one per neuron (the array may hold 64 Mi values). */
    @Override
    public void readPolylines(int firstNeuron, int count, int fromRecord, int toRecord, float[] out) throws IOException {
        Objects.checkFromIndexSize(firstNeuron, count, neuronCount());
        Objects.checkFromToIndex(fromRecord, toRecord, 1);
        if (toRecord > fromRecord && count > 0) {
            System.arraycopy(values(), firstNeuron, out, 0, count);
        }
    }

    @Override
    public void readSnapshot(int record, float[] out) throws IOException {
        Objects.checkIndex(record, 1);
        float[] v = values();
        System.arraycopy(v, 0, out, 0, v.length);
    }

    private float[] values() throws IOException {
        if (info.dtype() != DType.INT64) {
            return reader.readArrayFloats(info.id());
        }
        long[] longs = reader.readArrayLongs(info.id());
        float[] out = new float[longs.length];
        for (int i = 0; i < longs.length; i++) {
            out[i] = longs[i];
        }
        return out;
    }
}
