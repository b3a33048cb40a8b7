package org.trainscope.recorders.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.trainscope.trace.TraceReader;

/** Faults of the recorder give one warning each and never stop the training. */
class FaultTest {
    private static final int ITERATIONS = 20;

    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();

    private int train(MultiLayerNetwork net, TinyNets.Data data) {
        int done = 0;
        for (int b = 0; b < ITERATIONS; b++) {
            net.fit(data.batch(data.indicesOfBatch(b, 8)));
            done++;
        }
        return done;
    }

    @Test
    void unwritableDirectoryGivesOneWarningAndTrainingCompletes() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        TinyNets.Data data = new TinyNets.Data(200, 4);
        DataSet probe = data.batch(data.indicesOfBatch(9, 5));
        MultiLayerNetwork net = TinyNets.mlp(5, 1e-2);
        try (TraceRecordingListener rec = new TraceRecordingListener(file.resolve("run"), probe.getFeatures(), probe.getLabels(),
                RecordingConfig.defaults())) {
            rec.setWarningHandler(warnings::add);
            net.setListeners(rec);
            assertEquals(ITERATIONS, train(net, data));
            assertFalse(rec.isRecording());
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("cannot create the trace"), warnings.get(0));
    }

    @Test
    void fullDiskMidRunGivesOneWarningAndKeepsCommittedRecords() throws Exception {
        TinyNets.Data data = new TinyNets.Data(200, 4);
        MultiLayerNetwork net = TinyNets.mlp(5, 1e-2);
        Path dir = tmp.resolve("full");
        try (TraceRecordingListener rec = new TraceRecordingListener(dir, null, null, RecordingConfig.builder().tensorsEvery(1).build())) {
            rec.setWarningHandler(warnings::add);
            rec.setSinkOpener((d, m) -> new DiskFullAfter(7, TraceSink.Opener.TRACE_WRITER.open(d, m)));
            net.setListeners(rec);
            assertEquals(ITERATIONS, train(net, data));
            assertFalse(rec.isRecording());
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("No space left on device"), warnings.get(0));
        try (TraceReader reader = TraceReader.open(dir)) {
            assertEquals(7, reader.recordCount());
            assertFalse(reader.isComplete(), "abandoned, not closed: the end line could not be written");
        }
    }

    @Test
    void unrecordableTensorsAreSkippedWithOneWarningEach() throws Exception {
        TinyNets.Data data = new TinyNets.Data(200, 4);
        MultiLayerNetwork net = TinyNets.mlp(5, 1e-2);
        Path dir = tmp.resolve("skip");
        // dense0.W is 8 x 16 floats = 512 bytes; a probe with the wrong width cannot be forwarded
        RecordingConfig config = RecordingConfig.builder().tensorsEvery(1).maxTensorBytes(500).build();
        try (TraceRecordingListener rec = new TraceRecordingListener(dir, Nd4j.rand(4, 5), null, config)) {
            rec.setWarningHandler(warnings::add);
            net.setListeners(rec);
            assertEquals(ITERATIONS, train(net, data));
            assertTrue(rec.isRecording());
        }
        // three tensors of dense0.W (weight, gradient, update) and the probe
        assertEquals(4, warnings.size(), warnings.toString());
        assertEquals(3, warnings.stream().filter(w -> w.contains("dense0.W")).count());
        assertEquals(1, warnings.stream().filter(w -> w.contains("probe forward pass failed")).count());
        try (TraceReader reader = TraceReader.open(dir)) {
            assertEquals(ITERATIONS, reader.recordCount());
            assertTrue(reader.manifest().tensor("dense0.W").isEmpty());
            assertTrue(reader.manifest().tensor("output1.W").isPresent());
            assertTrue(reader.manifest().tensors().stream().noneMatch(t -> t.id().endsWith(".act")));
        }
    }

    /** Passes writes through until {@code records} records are committed, then fails like a full disk. */
    private static final class DiskFullAfter implements TraceSink {
        private final int records;
        private final TraceSink delegate;
        private int committed;

        DiskFullAfter(int records, TraceSink delegate) {
            this.records = records;
            this.delegate = delegate;
        }

        private void check() throws IOException {
            if (committed >= records) {
                throw new IOException("No space left on device");
            }
        }

        @Override
        public void beginRecord(long iteration) {
            delegate.beginRecord(iteration);
        }

        @Override
        public void putTensor(String tensorId, float[] values) throws IOException {
            check();
            delegate.putTensor(tensorId, values);
        }

        @Override
        public void putMetric(String name, double value) {
            delegate.putMetric(name, value);
        }

        @Override
        public void putBatch(long[] indices) throws IOException {
            check();
            delegate.putBatch(indices);
        }

        @Override
        public void putBatchInputs(int count, float[] inputs, long[] labels) throws IOException {
            check();
            delegate.putBatchInputs(count, inputs, labels);
        }

        @Override
        public void putFirstNonFinite(long iteration, String direction, String node) {
            delegate.putFirstNonFinite(iteration, direction, node);
        }

        @Override
        public void commit() throws IOException {
            check();
            delegate.commit();
            committed++;
        }

        @Override
        public void writeArray(String arrayId, float[] data) throws IOException {
            delegate.writeArray(arrayId, data);
        }

        @Override
        public void writeArray(String arrayId, long[] data) throws IOException {
            delegate.writeArray(arrayId, data);
        }

        @Override
        public void close() throws IOException {
            check();
            delegate.close();
        }

        @Override
        public void abandon() throws IOException {
            delegate.abandon();
        }
    }
}
