package org.trainscope.adapters.numpy;

import java.io.IOException;

import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;

/** A tensor series under another id (and node id), for arrays whose names collide across files. */
final class RenamedTensorSeries implements TensorSeries {
    private final TensorSeries delegate;
    private final String id;

    RenamedTensorSeries(TensorSeries delegate, String id) {
        this.delegate = delegate;
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String nodeId() {
        return id;
    }

    @Override
    public TensorKind kind() {
        return delegate.kind();
    }

    @Override
    public int[] shape() {
        return delegate.shape();
    }

    @Override
    public int neuronCount() {
        return delegate.neuronCount();
    }

    @Override
    public long[] iterations() {
        return delegate.iterations();
    }

    @Override
    public void readPolyline(int neuron, int fromRecord, int toRecord, float[] out) throws IOException {
        delegate.readPolyline(neuron, fromRecord, toRecord, out);
    }

    @Override
    public void readPolylines(int firstNeuron, int count, int fromRecord, int toRecord, float[] out) throws IOException {
        delegate.readPolylines(firstNeuron, count, fromRecord, toRecord, out);
    }

    @Override
    public void readSnapshot(int record, float[] out) throws IOException {
        delegate.readSnapshot(record, out);
    }
}
