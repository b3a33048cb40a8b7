package org.trainscope.recorders.dl4j;

import java.io.IOException;
import java.nio.file.Path;

import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceWriter;

/**
 * The part of {@link TraceWriter} the recorder uses. An interface so that tests can make writes
 * fail (a full disk) without filling a disk.
 */
interface TraceSink extends AutoCloseable {
    void beginRecord(long iteration);

    void putTensor(String tensorId, float[] values) throws IOException;

    void putMetric(String name, double value);

    void putBatch(long[] indices) throws IOException;

    /** The inputs of this record's training batch (trace format §4.8). */
    void putBatchInputs(int count, float[] inputs, long[] labels) throws IOException;

    /** The firstNonFinite note of this record (trace format §7.1). */
    void putFirstNonFinite(long iteration, String direction, String node);

    void commit() throws IOException;

    void writeArray(String arrayId, float[] data) throws IOException;

    void writeArray(String arrayId, long[] data) throws IOException;

    @Override
    void close() throws IOException;

    /** Stops without finishing; committed records stay readable. */
    void abandon() throws IOException;

    /** Opens sinks; the default writes real traces. */
    @FunctionalInterface
    interface Opener {
        TraceSink open(Path directory, TraceManifest manifest) throws IOException;

        Opener TRACE_WRITER = (dir, manifest) -> new WriterSink(TraceWriter.create(dir, manifest));
    }

    /** The real thing: delegates to a {@link TraceWriter}. */
    final class WriterSink implements TraceSink {
        private final TraceWriter writer;

        WriterSink(TraceWriter writer) {
            this.writer = writer;
        }

        @Override
        public void beginRecord(long iteration) {
            writer.beginRecord(iteration);
        }

        @Override
        public void putTensor(String tensorId, float[] values) throws IOException {
            writer.putTensor(tensorId, values);
        }

        @Override
        public void putMetric(String name, double value) {
            writer.putMetric(name, value);
        }

        @Override
        public void putBatch(long[] indices) throws IOException {
            writer.putBatch(indices);
        }

        @Override
        public void putBatchInputs(int count, float[] inputs, long[] labels) throws IOException {
            writer.putBatchInputs(count, inputs, labels);
        }

        @Override
        public void putFirstNonFinite(long iteration, String direction, String node) {
            writer.putFirstNonFinite(iteration, direction, node);
        }

        @Override
        public void commit() throws IOException {
            writer.commit();
        }

        @Override
        public void writeArray(String arrayId, float[] data) throws IOException {
            writer.writeArray(arrayId, data);
        }

        @Override
        public void writeArray(String arrayId, long[] data) throws IOException {
            writer.writeArray(arrayId, data);
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }

        @Override
        public void abandon() throws IOException {
            writer.abandon();
        }
    }
}
