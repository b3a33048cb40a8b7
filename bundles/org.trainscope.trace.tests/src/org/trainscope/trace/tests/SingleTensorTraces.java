package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.trainscope.trace.DType;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceNodeKind;
import org.trainscope.trace.TraceReader;
import org.trainscope.trace.TraceTensorKind;
import org.trainscope.trace.TraceWriter;

/** Traces of one float32 activation tensor "a" written with {@link TraceWriter}, for the reading-robustness tests. */
final class SingleTensorTraces {
    static final String TENSOR = "a";

    private SingleTensorTraces() {
    }

    /** Distinct per record and per neuron modulo 256, exact in float32. */
    static float value(int record, int neuron) {
        return record * 4 + (neuron % 256) * 0.25f;
    }

    /** Writes {@code records} records of {@code neurons} values, {@code chunkRecords} records per chunk file. */
    static Path write(Path dir, int neurons, int records, int chunkRecords) throws IOException {
        TraceManifest m = new TraceManifest("single-tensor", "mlp", Map.of(),
                new TraceGraph(List.of(), List.of(new GraphNode("n", TraceNodeKind.OPERATOR, "dense", null)), List.of()),
                List.of(new TensorInfo(TENSOR, "n", TraceTensorKind.ACTIVATION, DType.FLOAT32, List.of(neurons), chunkRecords)),
                List.of(), null, null, null);
        try (TraceWriter w = TraceWriter.create(dir, m)) {
            float[] row = new float[neurons];
            for (int rec = 0; rec < records; rec++) {
                for (int j = 0; j < neurons; j++) {
                    row[j] = value(rec, j);
                }
                w.beginRecord(rec);
                w.putTensor(TENSOR, row);
                w.commit();
            }
        }
        return dir;
    }

    /** Opens with memory mapping on or off ({@code org.trainscope.trace.mmap} is read when a reader opens). */
    static TraceReader open(Path dir, boolean mmap) throws IOException {
        String key = "org.trainscope.trace.mmap";
        String old = System.getProperty(key);
        System.setProperty(key, Boolean.toString(mmap));
        try {
            return TraceReader.open(dir);
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }

    /** Scans all of the tensor in record tiles and checks every value. */
    static void checkAllTiles(TraceReader r, int neurons, int records) throws IOException {
        int[] seen = new int[neurons];
        r.scanRecordTiles(TENSOR, 0, neurons, 0, records, (firstNeuron, n, rec0, rows, values, stride) -> {
            for (int i = 0; i < rows; i++) {
                for (int k = 0; k < n; k++) {
                    assertEquals(value(rec0 + i, firstNeuron + k), values[i * stride + k]);
                    seen[firstNeuron + k]++;
                }
            }
        });
        for (int k = 0; k < neurons; k++) {
            assertEquals(records, seen[k], "neuron " + k);
        }
    }
}
