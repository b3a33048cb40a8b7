package org.trainscope.core.model;

import java.io.IOException;
import java.util.Objects;

/**
 * A recorded tensor seen as the neurons users count ({@link NeuronLayout}): one polyline per
 * <em>unit</em>, the mean of that unit over the probe inputs, or one per <em>channel</em> of a
 * convolution's output, the mean over the probe inputs and the channel's (y, x) positions. A
 * decorator: every read goes to the recorded tensor in contiguous blocks (one block of the
 * requested units per probe input), so nothing but the block being averaged is ever in memory.
 * <p>
 * Non-finite values are data and propagate as IEEE arithmetic does: the mean is taken in double
 * precision over all averaged values, so it is NaN when one of them is NaN or when both +Inf
 * and -Inf occur, +Inf or -Inf when infinities of one sign occur (and no NaN), and finite
 * otherwise (a mean of finite floats always fits a float).
 */
public final class AveragedTensorSeries implements TensorSeries {
    /** Floats of the recorded tensor read at once: bounds the memory of one read. */
    private static final int READ_LIMIT = 1 << 20;

    private final TensorSeries recorded;
    private final NeuronLayout layout;
    /** Recorded values averaged into one polyline per probe input: 1 (units) or y*x (channels). */
    private final int width;
    private final int count;
    private final int[] shape;
    private final String suffix;

    private AveragedTensorSeries(TensorSeries recorded, NeuronLayout layout, int width, int[] shape, String suffix) {
        this.recorded = Objects.requireNonNull(recorded);
        this.layout = layout;
        this.width = width;
        this.shape = shape;
        this.count = layout.unitCount() / width;
        this.suffix = suffix;
        long expected = (long) Math.max(1, layout.probeCount()) * layout.unitCount();
        if (expected != recorded.neuronCount()) {
            throw new IllegalArgumentException("the layout of " + layout.probeCount() + " probe inputs x "
                    + layout.unitCount() + " units does not match the " + recorded.neuronCount() + " values of "
                    + recorded.id());
        }
    }

    /** One polyline per unit: its mean over the probe inputs. The layout must have a probe axis. */
    public static AveragedTensorSeries perUnit(TensorSeries recorded, NeuronLayout layout) {
        if (!layout.hasProbeAxis()) {
            throw new IllegalArgumentException(recorded.id() + " has no probe axis to average over");
        }
        return new AveragedTensorSeries(recorded, layout, 1, layout.unitShape(), " (mean over probe inputs)");
    }

    /**
     * One polyline per channel of a (channel, y, x) layout: its mean over the probe inputs (if any)
     * and all its positions.
     */
    public static AveragedTensorSeries perChannel(TensorSeries recorded, NeuronLayout layout) {
        if (!layout.isSpatial()) {
            throw new IllegalArgumentException(recorded.id() + " has no channels: its units are not (channel, y, x)");
        }
        int[] units = layout.unitShape();
        if (units[1] * units[2] == 0) {
            throw new IllegalArgumentException(recorded.id() + " has channels without positions");
        }
        return new AveragedTensorSeries(recorded, layout, units[1] * units[2], new int[] { units[0] },
                " (mean per channel)");
    }

    /** The tensor as recorded. */
    public TensorSeries recorded() {
        return recorded;
    }

    /** How many recorded values make up one polyline of this series. */
    public int valuesPerPolyline() {
        return Math.max(1, layout.probeCount()) * width;
    }

    @Override
    public String id() {
        return recorded.id() + suffix;
    }

    @Override
    public String nodeId() {
        return recorded.nodeId();
    }

    @Override
    public TensorKind kind() {
        return recorded.kind();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public int neuronCount() {
        return count;
    }

    @Override
    public long[] iterations() {
        return recorded.iterations();
    }

    @Override
    public int iterationCount() {
        return recorded.iterationCount();
    }

    @Override
    public void readPolyline(int neuron, int fromRecord, int toRecord, float[] out) throws IOException {
        readPolylines(neuron, 1, fromRecord, toRecord, out);
    }

    @Override
    public void readPolylines(int firstNeuron, int neurons, int fromRecord, int toRecord, float[] out)
            throws IOException {
        Objects.checkFromIndexSize(firstNeuron, neurons, count);
        int length = toRecord - fromRecord;
        if (neurons == 0 || length <= 0) {
            return;
        }
        double[] sums = new double[neurons * length];
        // the recorded values of the requested polylines are contiguous within each probe input's
        // block: read them in pieces of at most READ_LIMIT floats
        int span = neurons * width;
        int piece = Math.max(1, Math.min(span, READ_LIMIT / length));
        float[] buffer = new float[piece * length];
        int probes = Math.max(1, layout.probeCount());
        for (int p = 0; p < probes; p++) {
            int base = layout.recordIndex(p, firstNeuron * width);
            for (int start = 0; start < span; start += piece) {
                int n = Math.min(piece, span - start);
                recorded.readPolylines(base + start, n, fromRecord, toRecord, buffer);
                for (int i = 0; i < n; i++) {
                    int into = ((start + i) / width) * length;
                    int from = i * length;
                    for (int r = 0; r < length; r++) {
                        sums[into + r] += buffer[from + r];
                    }
                }
            }
        }
        double values = valuesPerPolyline();
        for (int k = 0; k < sums.length; k++) {
            out[k] = (float) (sums[k] / values);
        }
    }

    @Override
    public void readSnapshot(int record, float[] out) throws IOException {
        float[] all = new float[recorded.neuronCount()];
        recorded.readSnapshot(record, all);
        double[] sums = new double[count];
        for (int v = 0; v < all.length; v++) {
            sums[layout.unitOf(v) / width] += all[v];
        }
        double values = valuesPerPolyline();
        for (int k = 0; k < count; k++) {
            out[k] = (float) (sums[k] / values);
        }
    }

    @Override
    public String toString() {
        return "AveragedTensorSeries[" + id() + "]";
    }
}
