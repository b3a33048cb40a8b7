package org.trainscope.trace.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.trainscope.trace.ArrayInfo;
import org.trainscope.trace.BatchInfo;
import org.trainscope.trace.DType;
import org.trainscope.trace.GraphEdge;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.LayerGroup;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.TraceNodeKind;
import org.trainscope.trace.ProbeInfo;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceTensorKind;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceWriter;

/** Small traces with known contents, shared by the tests. */
final class TraceFixtures {
    static final String ACT = "fc1.act";
    static final String GRAD = "fc1.grad";
    static final int BATCH = 4;

    private TraceFixtures() {
    }

    static TraceGraph graph() {
        return new TraceGraph(
                List.of(new LayerGroup("l1", "Layer 1")),
                List.of(new GraphNode("x", TraceNodeKind.OPERATOR, "input", null),
                        new GraphNode("fc1", TraceNodeKind.OPERATOR, "dense", null, "l1", Map.of("units", 5L)),
                        new GraphNode("fc1.W", TraceNodeKind.PARAMETER, null, "l1"),
                        new GraphNode("z", TraceNodeKind.RANDOM_VARIABLE, "normal", null)),
                List.of(new GraphEdge("x", "fc1"), new GraphEdge("fc1.W", "fc1"), new GraphEdge("fc1", "z")));
    }

    /** Two tensors: activations [3, 5] in {@code actType} and gradients [7] float16, small chunks so records span several files. */
    static TraceManifest manifest(DType actType, int chunkRecords) {
        return new TraceManifest("fixture", "mlp", Map.of("lr", 0.01),
                graph(),
                List.of(new TensorInfo(ACT, "fc1", TraceTensorKind.ACTIVATION, actType, List.of(3, 5), chunkRecords),
                        new TensorInfo(GRAD, "fc1.W", TraceTensorKind.GRADIENT, DType.FLOAT16, List.of(7), chunkRecords + 1)),
                List.of(new MetricInfo("loss", null), new MetricInfo("accuracy", "%")),
                new BatchInfo(BATCH, 3),
                List.of(new ArrayInfo("probe.inputs", DType.FLOAT32, List.of(3, 2)), new ArrayInfo("probe.labels", DType.INT64, List.of(3))),
                new ProbeInfo("probe.inputs", "probe.labels"));
    }

    /** Exactly representable in float16 too (at most 11 significant bits), so both dtypes compare exactly. */
    static float value(int record, int neuron) {
        return (record % 100) * 2 + neuron * 0.25f - 3;
    }

    static long iterationOf(int record) {
        return record * 10L + 5;
    }

    static float[] row(int record, int n) {
        float[] row = new float[n];
        for (int j = 0; j < n; j++) {
            row[j] = value(record, j);
        }
        return row;
    }

    /** Writes one complete record (both tensors, metrics, batch) and commits it. */
    static void writeRecord(TraceWriter w, int record) throws IOException {
        w.beginRecord(iterationOf(record));
        w.putTensor(ACT, row(record, 15));
        w.putTensor(GRAD, row(record, 7));
        w.putMetric("loss", 1.0 / (record + 1));
        if (record % 2 == 0) {
            w.putMetric("accuracy", record);
        }
        w.putBatch(record % 3 == 0 ? new long[] {record, record + 1} : new long[] {record, 1, 2, 3});
        w.commit();
    }

    /** A closed trace of {@code records} records. */
    static Path write(Path dir, DType actType, int chunkRecords, int records) throws IOException {
        try (TraceWriter w = TraceWriter.create(dir, manifest(actType, chunkRecords))) {
            w.writeArray("probe.inputs", new float[] {1, 2, 3, 4, 5, 6});
            w.writeArray("probe.labels", new long[] {0, 1, 0});
            for (int r = 0; r < records; r++) {
                writeRecord(w, r);
            }
        }
        return dir;
    }

    /** A trace whose writer stopped without closing after {@code records} records. */
    static Path writeUnclosed(Path dir, int chunkRecords, int records) throws IOException {
        TraceWriter w = TraceWriter.create(dir, manifest(DType.FLOAT32, chunkRecords));
        for (int r = 0; r < records; r++) {
            writeRecord(w, r);
        }
        w.abandon();
        return dir;
    }
}
