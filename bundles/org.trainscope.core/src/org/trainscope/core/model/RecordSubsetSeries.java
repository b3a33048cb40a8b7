package org.trainscope.core.model;

import java.io.IOException;
import java.util.Arrays;

import org.trainscope.trace.RecordTileVisitor;

/**
 * Some records of a series, ascending, seen as a series of their own (record {@code i} of this is
 * record {@code records[i]} of the base): how a chart of a long run draws a range of thousands of
 * records from at most a few hundred of them, spread evenly over it ({@link #spread}). Every read
 * goes to the base over the span of the records asked for and keeps the chosen ones; a record-tile
 * scan is the base's over that span, each tile's chosen rows handed on.
 */
public final class RecordSubsetSeries implements TensorSeries {
    private final TensorSeries base;
    private final int[] records;
    private final String id;

    /** @param records records of {@code base}, strictly ascending, at least one */
    public RecordSubsetSeries(TensorSeries base, int[] records) {
        if (records.length == 0) {
            throw new IllegalArgumentException("no records");
        }
        for (int i = 0; i < records.length; i++) {
            if (records[i] < 0 || (i > 0 && records[i] <= records[i - 1])) {
                throw new IllegalArgumentException("records must ascend from 0 or more: " + Arrays.toString(records));
            }
        }
        this.base = base;
        this.records = records.clone();
        int first = records[0];
        int last = records[records.length - 1];
        int stride = records.length > 1 ? records[1] - records[0] : 1;
        this.id = base.id() + " (records " + first + ".." + last + (stride > 1 ? " every " + stride : "") + ", "
                + records.length + ")";
    }

    /**
     * At most {@code most} records of {@code [from, to)}: all of them when they are few enough,
     * else every s-th from {@code from} with the smallest s that fits, and always the last record
     * (a run that turns NaN does so at its end).
     */
    public static int[] spread(int from, int to, int most) {
        int length = to - from;
        if (length <= most) {
            int[] all = new int[Math.max(0, length)];
            Arrays.setAll(all, i -> from + i);
            return all;
        }
        int stride = (length - 1 + most - 2) / (most - 1);
        int count = (length - 1) / stride + 1;
        int[] out = new int[count + ((length - 1) % stride == 0 ? 0 : 1)];
        for (int i = 0; i < count; i++) {
            out[i] = from + i * stride;
        }
        out[out.length - 1] = to - 1;
        return out;
    }

    /** The base record of each record of this series. */
    public int[] records() {
        return records.clone();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String nodeId() {
        return base.nodeId();
    }

    @Override
    public TensorKind kind() {
        return base.kind();
    }

    @Override
    public int[] shape() {
        return base.shape();
    }

    @Override
    public int neuronCount() {
        return base.neuronCount();
    }

    @Override
    public long[] iterations() {
        long[] all = base.iterations();
        long[] out = new long[records.length];
        for (int i = 0; i < records.length; i++) {
            out[i] = all[records[i]];
        }
        return out;
    }

    @Override
    public int iterationCount() {
        return records.length;
    }

    @Override
    public void readPolyline(int neuron, int fromRecord, int toRecord, float[] out) throws IOException {
        int span = span(fromRecord, toRecord);
        float[] all = new float[span];
        base.readPolyline(neuron, records[fromRecord], records[fromRecord] + span, all);
        pick(all, 0, fromRecord, toRecord, out, 0);
    }

    @Override
    public void readPolylines(int firstNeuron, int count, int fromRecord, int toRecord, float[] out)
            throws IOException {
        int span = span(fromRecord, toRecord);
        float[] all = new float[Math.multiplyExact(count, span)];
        base.readPolylines(firstNeuron, count, records[fromRecord], records[fromRecord] + span, all);
        for (int k = 0; k < count; k++) {
            pick(all, k * span, fromRecord, toRecord, out, k * (toRecord - fromRecord));
        }
    }

    @Override
    public void readPolylines(int[] neurons, int fromRecord, int toRecord, float[] out) throws IOException {
        int span = span(fromRecord, toRecord);
        float[] all = new float[Math.multiplyExact(neurons.length, span)];
        base.readPolylines(neurons, records[fromRecord], records[fromRecord] + span, all);
        for (int k = 0; k < neurons.length; k++) {
            pick(all, k * span, fromRecord, toRecord, out, k * (toRecord - fromRecord));
        }
    }

    @Override
    public void readSnapshot(int record, float[] out) throws IOException {
        base.readSnapshot(records[record], out);
    }

    @Override
    public void scanRecordTiles(int fromRecord, int toRecord, RecordTileVisitor visitor) throws IOException {
        if (toRecord <= fromRecord) {
            return;
        }
        int first = records[fromRecord];
        int[] indexOf = new int[span(fromRecord, toRecord)];
        Arrays.fill(indexOf, -1);
        for (int i = fromRecord; i < toRecord; i++) {
            indexOf[records[i] - first] = i;
        }
        float[][] kept = new float[1][0];
        base.scanRecordTiles(first, first + indexOf.length, (firstNeuron, n, tileFirst, tileRecords, values, stride) -> {
            int keptFirst = -1;
            int keptCount = 0;
            for (int i = 0; i < tileRecords; i++) {
                int index = indexOf[tileFirst + i - first];
                if (index < 0) {
                    continue;
                }
                if (keptFirst < 0) {
                    keptFirst = index;
                }
                if (kept[0].length < (keptCount + 1) * n) {
                    kept[0] = Arrays.copyOf(kept[0], Math.max((keptCount + 1) * n, 2 * kept[0].length));
                }
                System.arraycopy(values, i * stride, kept[0], keptCount * n, n);
                keptCount++;
            }
            if (keptCount > 0) {
                visitor.visit(firstNeuron, n, keptFirst, keptCount, kept[0], n);
            }
        });
    }

    /** Base records from this series' {@code fromRecord} to its {@code toRecord - 1}, both included. */
    private int span(int fromRecord, int toRecord) {
        if (fromRecord < 0 || toRecord > records.length || fromRecord >= toRecord) {
            throw new IllegalArgumentException("records [" + fromRecord + ", " + toRecord + ") of " + records.length);
        }
        return records[toRecord - 1] - records[fromRecord] + 1;
    }

    private void pick(float[] all, int offset, int fromRecord, int toRecord, float[] out, int at) {
        int first = records[fromRecord];
        for (int i = fromRecord; i < toRecord; i++) {
            out[at + i - fromRecord] = all[offset + records[i] - first];
        }
    }
}
