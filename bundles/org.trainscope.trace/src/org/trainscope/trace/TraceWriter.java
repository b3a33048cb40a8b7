package org.trainscope.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.trainscope.trace.json.JsonWriter;
import org.trainscope.trace.internal.ManifestCodec;
import org.trainscope.trace.internal.ManifestValidator;
import org.trainscope.trace.internal.NpyHeader;
import org.trainscope.trace.internal.SeriesWriter;
import org.trainscope.trace.internal.StaticArrays;

/**
 * Writes a trace ({@code docs/trace-format.md}) record by record. Usable from any JVM program with
 * this jar alone:
 *
 * <pre>{@code
 * try (TraceWriter w = TraceWriter.create(dir, manifest)) {
 *     for (...) {
 *         w.beginRecord(iteration);
 *         w.putTensor("fc1.act", activations);
 *         w.putMetric("loss", loss);
 *         w.putBatch(sampleIndices);
 *         w.commit();   // from here on, readers see the record
 *     }
 * }
 * }</pre>
 *
 * Each record must give every tensor of the manifest (and the batch, if declared). Data reaches
 * the files when it is put; the record exists once {@link #commit()} appends its journal line, so a
 * writer killed at any point leaves a trace that opens with every committed record. With
 * {@link #setSyncOnCommit(boolean)} the data and journal are also forced to disk on each commit,
 * which protects against power loss at a cost in speed.
 *
 * <p>Methods are synchronized, but a record is one unit: give it from one thread.
 */
public final class TraceWriter implements AutoCloseable {
    private final Path directory;
    private final TraceManifest manifest;
    private final Map<String, SeriesWriter> tensors = new LinkedHashMap<>();
    private final Map<String, TensorInfo> tensorInfo = new LinkedHashMap<>();
    private final SeriesWriter batches;
    /** §4.8, null when not declared. */
    private final SeriesWriter batchInputs;
    private final SeriesWriter batchCounts;
    private final SeriesWriter batchLabels;
    private boolean batchInputsThisRecord;
    private final FileChannel journal;
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(256 << 10).order(ByteOrder.LITTLE_ENDIAN);
    private final List<String> putThisRecord = new ArrayList<>();
    private final Map<String, Object> metricsThisRecord = new LinkedHashMap<>();
    private boolean batchThisRecord;
    /** The firstNonFinite note of the record being written, or null. */
    private Map<String, Object> firstNonFiniteThisRecord;
    private boolean syncOnCommit;
    private long iteration = -1;
    private long lastIteration = -1;
    private boolean inRecord;
    private int records;
    private boolean closed;

    private TraceWriter(Path directory, TraceManifest manifest, FileChannel journal) {
        this.directory = directory;
        this.manifest = manifest;
        this.journal = journal;
        for (TensorInfo t : manifest.tensors()) {
            tensors.put(t.id(), new SeriesWriter(tensorDir(directory, t.id()), t.dtype(), t.shape(), t.chunkRecords()));
            tensorInfo.put(t.id(), t);
        }
        BatchInfo b = manifest.batches();
        this.batches = b == null ? null : new SeriesWriter(directory.resolve("batches"), DType.INT64, List.of(b.batchSize()), b.chunkRecords());
        BatchInputsInfo bi = manifest.batchInputs();
        Path biDir = directory.resolve("batchInputs");
        this.batchInputs = bi == null ? null : new SeriesWriter(biDir.resolve("inputs"), bi.dtype(), bi.recordShape(), bi.chunkRecords());
        this.batchCounts = bi == null ? null : new SeriesWriter(biDir.resolve("count"), DType.INT64, List.of(1), bi.chunkRecords());
        this.batchLabels = bi == null || !bi.labels() ? null
                : new SeriesWriter(biDir.resolve("labels"), DType.INT64, List.of(bi.batchSize()), bi.chunkRecords());
    }

    /** The series of §4.8 that the manifest declares. */
    private List<SeriesWriter> batchInputSeries() {
        List<SeriesWriter> out = new ArrayList<>();
        for (SeriesWriter s : new SeriesWriter[] { batchInputs, batchCounts, batchLabels }) {
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static Path tensorDir(Path directory, String id) {
        return directory.resolve("tensors").resolve(id);
    }

    /**
     * Creates a new trace in {@code directory}, which must not exist or be empty. Writes the
     * manifest atomically (spec §4), after the directories and the empty journal.
     *
     * @throws IllegalArgumentException if the manifest breaks the specification
     */
    public static TraceWriter create(Path directory, TraceManifest manifest) throws IOException {
        Path manifestFile = directory.resolve("manifest.json");
        try {
            ManifestValidator.validate(manifest, manifestFile);
        } catch (TraceFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Files.createDirectories(directory);
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isPresent()) {
                throw new IOException(directory + ": not empty; a new trace needs an empty or new directory");
            }
        }
        for (TensorInfo t : manifest.tensors()) {
            Files.createDirectories(tensorDir(directory, t.id()));
        }
        if (manifest.batches() != null) {
            Files.createDirectories(directory.resolve("batches"));
        }
        if (manifest.batchInputs() != null) {
            Files.createDirectories(directory.resolve("batchInputs").resolve("inputs"));
            Files.createDirectories(directory.resolve("batchInputs").resolve("count"));
            if (manifest.batchInputs().labels()) {
                Files.createDirectories(directory.resolve("batchInputs").resolve("labels"));
            }
        }
        Files.createDirectories(directory.resolve("arrays"));
        FileChannel journal = FileChannel.open(directory.resolve("journal.jsonl"),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        try {
            writeAtomically(manifestFile, ManifestCodec.encode(manifest).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw e;
        }
        return new TraceWriter(directory, manifest, journal);
    }

    /** Writes {@code file.tmp}, forces it, renames it to {@code file}: readers see all of it or nothing. */
    private static void writeAtomically(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public Path directory() {
        return directory;
    }

    public TraceManifest manifest() {
        return manifest;
    }

    /** Number of committed records. */
    public synchronized int recordCount() {
        return records;
    }

    /** Whether each commit forces data and journal to the storage device (default false). */
    public synchronized void setSyncOnCommit(boolean sync) {
        this.syncOnCommit = sync;
    }

    /** Starts the record of training iteration {@code iteration}, which must exceed the previous one. */
    public synchronized void beginRecord(long iteration) {
        checkOpen();
        if (inRecord) {
            throw new IllegalStateException("record of iteration " + this.iteration + " is not committed yet");
        }
        if (iteration < 0 || iteration <= lastIteration) {
            throw new IllegalArgumentException("iteration " + iteration + " must be >= 0 and greater than the previous " + lastIteration);
        }
        this.iteration = iteration;
        inRecord = true;
        putThisRecord.clear();
        metricsThisRecord.clear();
        batchThisRecord = false;
        batchInputsThisRecord = false;
        firstNonFiniteThisRecord = null;
    }

    /**
     * Adds the {@code firstNonFinite} note (spec §7.1) to this record's journal line: where the
     * writer first saw NaN/Inf ({@code direction} "forward" or "backward", {@code node} a graph
     * node id), at training iteration {@code iteration}. Write it once per trace.
     */
    public synchronized void putFirstNonFinite(long iteration, String direction, String node) {
        checkInRecord();
        if (!"forward".equals(direction) && !"backward".equals(direction)) {
            throw new IllegalArgumentException("direction must be forward or backward, not " + direction);
        }
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("iteration", iteration);
        note.put("direction", direction);
        note.put("node", node);
        firstNonFiniteThisRecord = note;
    }

    /** Stores one record of a tensor; float16 tensors are rounded to nearest even. */
    public synchronized void putTensor(String tensorId, float[] values) throws IOException {
        TensorInfo t = startPut(tensorId, values.length);
        SeriesWriter series = tensors.get(tensorId);
        int perPiece = scratch.capacity() / t.dtype().size();
        for (int done = 0; done < values.length; done += perPiece) {
            int n = Math.min(perPiece, values.length - done);
            scratch.clear();
            if (t.dtype() == DType.FLOAT16) {
                for (int i = 0; i < n; i++) {
                    scratch.putShort(HalfFloat.fromFloat(values[done + i]));
                }
            } else {
                scratch.asFloatBuffer().put(values, done, n);
                scratch.position(n * 4);
            }
            scratch.flip();
            series.write(records, (long) done * t.dtype().size(), scratch);
        }
    }

    /** Stores one record of a float16 tensor from raw binary16 bits, unchanged. */
    public synchronized void putTensorHalfBits(String tensorId, short[] bits) throws IOException {
        TensorInfo t = startPut(tensorId, bits.length);
        if (t.dtype() != DType.FLOAT16) {
            throw new IllegalArgumentException("tensor \"" + tensorId + "\" is " + t.dtype().jsonName() + ", not float16");
        }
        SeriesWriter series = tensors.get(tensorId);
        int perPiece = scratch.capacity() / 2;
        for (int done = 0; done < bits.length; done += perPiece) {
            int n = Math.min(perPiece, bits.length - done);
            scratch.clear();
            scratch.asShortBuffer().put(bits, done, n);
            scratch.position(n * 2).flip();
            series.write(records, (long) done * 2, scratch);
        }
    }

    private TensorInfo startPut(String tensorId, int length) {
        checkInRecord();
        TensorInfo t = tensorInfo.get(tensorId);
        if (t == null) {
            throw new IllegalArgumentException("no tensor \"" + tensorId + "\" in the manifest");
        }
        if (length != t.neuronCount()) {
            throw new IllegalArgumentException("tensor \"" + tensorId + "\" needs " + t.neuronCount() + " values per record, got " + length);
        }
        if (putThisRecord.contains(tensorId)) {
            throw new IllegalStateException("tensor \"" + tensorId + "\" was already put in this record");
        }
        putThisRecord.add(tensorId);
        return t;
    }

    /** Records a metric of this record; NaN and infinities are allowed. */
    public synchronized void putMetric(String name, double value) {
        checkInRecord();
        if (manifest.metrics().stream().noneMatch(m -> m.name().equals(name))) {
            throw new IllegalArgumentException("metric \"" + name + "\" is not declared in the manifest");
        }
        Object encoded = Double.isNaN(value) ? "NaN" : value == Double.POSITIVE_INFINITY ? "Infinity"
                : value == Double.NEGATIVE_INFINITY ? "-Infinity" : (Object) value;
        metricsThisRecord.put(name, encoded);
    }

    /** Records the training-sample indices of this record's batch (at most batchSize, each >= 0). */
    public synchronized void putBatch(long[] sampleIndices) throws IOException {
        checkInRecord();
        if (batches == null) {
            throw new IllegalStateException("the manifest declares no batches");
        }
        int size = manifest.batches().batchSize();
        if (sampleIndices.length > size) {
            throw new IllegalArgumentException("batch of " + sampleIndices.length + " exceeds batchSize " + size);
        }
        if (batchThisRecord) {
            throw new IllegalStateException("the batch was already put in this record");
        }
        int perPiece = scratch.capacity() / 8;
        for (int done = 0; done < size; done += perPiece) {
            int n = Math.min(perPiece, size - done);
            scratch.clear();
            for (int i = done; i < done + n; i++) {
                long index = i < sampleIndices.length ? sampleIndices[i] : -1L;
                if (i < sampleIndices.length && index < 0) {
                    throw new IllegalArgumentException("sample index " + index + " is negative");
                }
                scratch.putLong(index);
            }
            scratch.flip();
            batches.write(records, (long) done * 8, scratch);
        }
        batchThisRecord = true;
    }

    /**
     * Records the inputs of this record's training batch (spec §4.8): {@code count} samples of
     * {@code sampleShape}, sample after sample in {@code inputs} (NaN and Inf are data), and their
     * class indices in {@code labels} (null or shorter: -1 for the rest). Rows past {@code count}
     * are written as zeros.
     */
    public synchronized void putBatchInputs(int count, float[] inputs, long[] labels) throws IOException {
        checkInRecord();
        BatchInputsInfo info = manifest.batchInputs();
        if (info == null) {
            throw new IllegalStateException("the manifest declares no batch inputs");
        }
        if (count < 0 || count > info.batchSize()) {
            throw new IllegalArgumentException("batch of " + count + " samples; batchSize is " + info.batchSize());
        }
        long needed = (long) count * info.valuesPerSample();
        if (inputs.length < needed) {
            throw new IllegalArgumentException("batch inputs need " + needed + " values for " + count + " samples, got "
                    + inputs.length);
        }
        if (batchInputsThisRecord) {
            throw new IllegalStateException("the batch inputs were already put in this record");
        }
        long total = (long) info.batchSize() * info.valuesPerSample();
        int size = info.dtype().size();
        int perPiece = scratch.capacity() / size;
        for (long done = 0; done < total; done += perPiece) {
            int n = (int) Math.min(perPiece, total - done);
            scratch.clear();
            for (long i = done; i < done + n; i++) {
                float v = i < needed ? inputs[(int) i] : 0f;
                if (info.dtype() == DType.FLOAT16) {
                    scratch.putShort(HalfFloat.fromFloat(v));
                } else {
                    scratch.putFloat(v);
                }
            }
            scratch.flip();
            batchInputs.write(records, done * size, scratch);
        }
        scratch.clear();
        scratch.putLong(count).flip();
        batchCounts.write(records, 0, scratch);
        if (batchLabels != null) {
            int perLabelPiece = scratch.capacity() / 8;
            for (int done = 0; done < info.batchSize(); done += perLabelPiece) {
                scratch.clear();
                for (int i = done; i < Math.min(info.batchSize(), done + perLabelPiece); i++) {
                    scratch.putLong(labels != null && i < count && i < labels.length ? labels[i] : -1L);
                }
                scratch.flip();
                batchLabels.write(records, (long) done * 8, scratch);
            }
        }
        batchInputsThisRecord = true;
    }

    /** Commits the record: after this call, readers that refresh see it. */
    public synchronized void commit() throws IOException {
        checkInRecord();
        for (String id : tensors.keySet()) {
            if (!putThisRecord.contains(id)) {
                throw new IllegalStateException("tensor \"" + id + "\" was not put in the record of iteration " + iteration);
            }
        }
        if (batches != null && !batchThisRecord) {
            throw new IllegalStateException("the batch was not put in the record of iteration " + iteration);
        }
        if (batchInputs != null && !batchInputsThisRecord) {
            throw new IllegalStateException("the batch inputs were not put in the record of iteration " + iteration);
        }
        if (syncOnCommit) {
            for (SeriesWriter s : tensors.values()) {
                s.sync();
            }
            for (SeriesWriter s : batchInputSeries()) {
                s.sync();
            }
            if (batches != null) {
                batches.sync();
            }
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("record", (long) records);
        line.put("iteration", iteration);
        if (!metricsThisRecord.isEmpty()) {
            line.put("metrics", new LinkedHashMap<>(metricsThisRecord));
        }
        if (firstNonFiniteThisRecord != null) {
            line.put("firstNonFinite", firstNonFiniteThisRecord);
        }
        line.put("time", System.currentTimeMillis());
        appendJournalLine(line);
        records++;
        lastIteration = iteration;
        inRecord = false;
    }

    private void appendJournalLine(Map<String, Object> line) throws IOException {
        // one write call per line, so a reader sees a line either whole or as an incomplete tail
        ByteBuffer bytes = ByteBuffer.wrap((JsonWriter.compact(line) + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            journal.write(bytes);
        }
        if (syncOnCommit) {
            journal.force(false);
        }
    }

    /** Writes a float32 or float16 static array declared in the manifest (whole, atomically). */
    public synchronized void writeArray(String arrayId, float[] data) throws IOException {
        ArrayInfo a = arrayInfo(arrayId, data.length);
        if (!a.dtype().isFloat()) {
            throw new IllegalArgumentException("array \"" + arrayId + "\" is int64; pass long[]");
        }
        ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(data.length, a.dtype().size())).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            if (a.dtype() == DType.FLOAT16) {
                bytes.putShort(HalfFloat.fromFloat(v));
            } else {
                bytes.putFloat(v);
            }
        }
        writeArrayFile(a, bytes.array());
    }

    /** Writes an int64 static array declared in the manifest (whole, atomically). */
    public synchronized void writeArray(String arrayId, long[] data) throws IOException {
        ArrayInfo a = arrayInfo(arrayId, data.length);
        if (a.dtype() != DType.INT64) {
            throw new IllegalArgumentException("array \"" + arrayId + "\" is " + a.dtype().jsonName() + "; pass float[]");
        }
        ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(data.length, 8)).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(data);
        writeArrayFile(a, bytes.array());
    }

    private ArrayInfo arrayInfo(String arrayId, int length) {
        checkOpen();
        ArrayInfo a = manifest.array(arrayId).orElseThrow(() -> new IllegalArgumentException("no array \"" + arrayId + "\" in the manifest"));
        if (a.elementCount() != length) {
            throw new IllegalArgumentException("array \"" + arrayId + "\" has " + a.elementCount() + " elements, got " + length);
        }
        return a;
    }

    private void writeArrayFile(ArrayInfo a, byte[] data) throws IOException {
        byte[] header = NpyHeader.encode(a.dtype(), a.shape().stream().mapToLong(Integer::longValue).toArray(), 0);
        byte[] content = new byte[header.length + data.length];
        System.arraycopy(header, 0, content, 0, header.length);
        System.arraycopy(data, 0, content, header.length, data.length);
        writeAtomically(StaticArrays.file(directory, a.id()), content);
    }

    /**
     * Finishes the trace: an uncommitted record is dropped, each last chunk gets its final header
     * and length, and the journal's end line tells readers that nothing more will come.
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (SeriesWriter s : tensors.values()) {
                s.finish(records);
            }
            if (batches != null) {
                batches.finish(records);
            }
            for (SeriesWriter s : batchInputSeries()) {
                s.finish(records);
            }
            Map<String, Object> end = new LinkedHashMap<>();
            end.put("end", true);
            end.put("records", (long) records);
            syncOnCommit = true; // the end line is rare and worth making durable
            appendJournalLine(end);
        } finally {
            journal.close();
        }
    }

    /**
     * Stops writing without finishing, as if the process had died (no end line, last chunk left as
     * it is). Committed records stay readable. Meant for tests and for shutting down after a failure.
     */
    public synchronized void abandon() throws IOException {
        closed = true;
        for (SeriesWriter s : tensors.values()) {
            s.abandon();
        }
        if (batches != null) {
            batches.abandon();
        }
        for (SeriesWriter s : batchInputSeries()) {
            s.abandon();
        }
        journal.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the trace writer is closed");
        }
    }

    private void checkInRecord() {
        checkOpen();
        if (!inRecord) {
            throw new IllegalStateException("call beginRecord first");
        }
    }
}
