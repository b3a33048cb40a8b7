package org.trainscope.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.trainscope.trace.internal.ChannelCache;
import org.trainscope.trace.internal.ChunkedSeries;
import org.trainscope.trace.internal.JournalReader;
import org.trainscope.trace.internal.ManifestCodec;
import org.trainscope.trace.internal.StaticArrays;

/**
 * Reads a trace directory ({@code docs/trace-format.md}). Opening reads the manifest and the
 * journal only; tensor data is read on demand, from read-only memory mappings of the committed rows
 * or with positional reads of exactly the bytes needed, so the heap stays small whatever the trace's
 * size. Files are opened read-only; nothing a reader does changes a trace.
 *
 * <p>Records are numbered 0 .. {@link #recordCount()} - 1; record {@code r} was taken at training
 * iteration {@link #iteration(int) iteration(r)}. A trace that is still being written grows when
 * {@link #refresh()} is called. Damage (a writer that died mid-record, a truncated copy) shortens the
 * trace to the records before it, and {@link #warnings()} says what was dropped.
 *
 * <p>Thread-safe: any number of threads may read while one refreshes; each read sees the records
 * published before it started.
 */
public final class TraceReader implements AutoCloseable {
    /** The state one refresh publishes; immutable once published. */
    private record State(int records, long[] iterations, double[][] metricValues, boolean[][] metricPresent,
            TraceStatus status, List<String> warnings) {
    }

    /** Files named in one warning about bytes after the last committed record, before "and N more". */
    private static final int NAMED_FILES = 3;

    /** Channels kept open at least; the cache grows to the chunk files of the tensors read (ChannelCache). */
    private static final int OPEN_FILES = 64;

    private final Path directory;
    private final TraceManifest manifest;
    private final ChannelCache channels = new ChannelCache(OPEN_FILES);
    private final Map<String, ChunkedSeries> tensors = new LinkedHashMap<>();
    private final ChunkedSeries batches;
    /** §4.8: inputs, sample count and (maybe null) labels of each record's batch; null when not declared. */
    private final ChunkedSeries batchInputs;
    private final ChunkedSeries batchCounts;
    private final ChunkedSeries batchLabels;
    private final JournalReader journal;
    private final Object refreshLock = new Object();
    private volatile State state;

    private TraceReader(Path directory, TraceManifest manifest) {
        this.directory = directory;
        this.manifest = manifest;
        for (TensorInfo t : manifest.tensors()) {
            tensors.put(t.id(), new ChunkedSeries("tensor \"" + t.id() + "\"", directory.resolve("tensors").resolve(t.id()),
                    t.dtype(), t.shape(), t.chunkRecords(), channels));
        }
        BatchInfo b = manifest.batches();
        this.batches = b == null ? null
                : new ChunkedSeries("batches", directory.resolve("batches"), DType.INT64, List.of(b.batchSize()), b.chunkRecords(), channels);
        BatchInputsInfo bi = manifest.batchInputs();
        Path biDir = directory.resolve("batchInputs");
        this.batchInputs = bi == null ? null
                : new ChunkedSeries("batch inputs", biDir.resolve("inputs"), bi.dtype(), bi.recordShape(), bi.chunkRecords(), channels);
        this.batchCounts = bi == null ? null
                : new ChunkedSeries("batch sample counts", biDir.resolve("count"), DType.INT64, List.of(1), bi.chunkRecords(), channels);
        this.batchLabels = bi == null || !bi.labels() ? null
                : new ChunkedSeries("batch labels", biDir.resolve("labels"), DType.INT64, List.of(bi.batchSize()), bi.chunkRecords(), channels);
        this.journal = new JournalReader(directory.resolve("journal.jsonl"),
                manifest.metrics().stream().map(MetricInfo::name).toList());
        this.state = new State(0, new long[0], new double[0][], new boolean[0][], TraceStatus.LIVE, List.of());
    }

    /**
     * Opens the trace in {@code directory}.
     *
     * @throws TraceFormatException if it is not a trace or its manifest or journal file is unusable;
     *                              the message names the file and the problem
     */
    public static TraceReader open(Path directory) throws IOException {
        return open(directory, () -> false);
    }

    /**
     * Opens the trace in {@code directory}, asking {@code cancelled} while the journal is read.
     *
     * @throws java.util.concurrent.CancellationException when {@code cancelled} says so (nothing
     *         stays open)
     */
    public static TraceReader open(Path directory, java.util.function.BooleanSupplier cancelled) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new TraceFormatException(directory, Files.exists(directory) ? "not a directory, so not a trace" : "does not exist");
        }
        Path manifestFile = directory.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new TraceFormatException(directory, "not a TrainScope trace: it has no manifest.json");
        }
        TraceManifest manifest = ManifestCodec.decode(readUtf8(manifestFile, ManifestCodec.MAX_MANIFEST_BYTES), manifestFile);
        Path journalFile = directory.resolve("journal.jsonl");
        if (!Files.isRegularFile(journalFile)) {
            throw new TraceFormatException(journalFile, "missing; a trace always has a journal, even an empty one");
        }
        TraceReader reader = new TraceReader(directory, manifest);
        try {
            reader.refresh(cancelled);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
        return reader;
    }

    private static String readUtf8(Path file, long limit) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > limit) {
                throw new TraceFormatException(file, size + " bytes, more than the " + limit + " bytes allowed");
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) size);
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // keep reading until full or at the end
            }
            bytes.flip();
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
            } catch (CharacterCodingException e) {
                throw new TraceFormatException(file, "not valid UTF-8", e);
            }
        }
    }

    /**
     * Reads what the writer committed since the last refresh.
     *
     * @return true if records were added
     */
    public boolean refresh() throws IOException {
        return refresh(() -> false);
    }

    private boolean refresh(java.util.function.BooleanSupplier cancelled) throws IOException {
        synchronized (refreshLock) {
            State old = state;
            journal.readNew(cancelled);
            List<String> warnings = new ArrayList<>();
            if (journal.brokenAt() != null) {
                warnings.add(journal.brokenAt());
            }
            if (journal.pendingTail() != null) {
                warnings.add(journal.pendingTail());
            }
            warnings.addAll(journal.lineWarnings());
            long[] iterations = journal.iterations();
            ChunkedSeries.LongLookup lookup = r -> iterations[r];
            int available = journal.recordCount();
            for (ChunkedSeries s : allSeries()) {
                available = s.checkAvailable(old.records(), available, warnings, lookup);
            }
            // a bad line after the end line drops no record: the trace stays closed, with the warning
            boolean dropped = journal.brokenAt() != null && !journal.ended() || available < journal.recordCount();
            if (!dropped && journal.pendingTail() == null) {
                // a dropped range or a torn line already explains bytes past the last record
                noteUncommitted(available, warnings);
            }
            int metrics = manifest.metrics().size();
            double[][] values = new double[metrics][];
            boolean[][] present = new boolean[metrics][];
            for (int m = 0; m < metrics; m++) {
                values[m] = journal.metricValues(m);
                present[m] = journal.metricPresent(m);
            }
            TraceStatus status = dropped ? TraceStatus.DAMAGED : journal.ended() ? TraceStatus.CLOSED : TraceStatus.LIVE;
            warnings.replaceAll(this::relative);
            state = new State(available, iterations, values, present, status, List.copyOf(warnings));
            return available > old.records();
        }
    }

    /** One warning for every chunk file holding bytes after the last committed record. */
    private void noteUncommitted(int committed, List<String> warnings) {
        List<Path> files = new ArrayList<>();
        for (ChunkedSeries s : allSeries()) {
            Path file = s.uncommittedBytes(committed);
            if (file != null) {
                files.add(file);
            }
        }
        if (files.isEmpty()) {
            return;
        }
        List<String> named = files.stream().limit(NAMED_FILES).map(Path::toString).toList();
        String more = files.size() > NAMED_FILES ? " and " + (files.size() - NAMED_FILES) + " more" : "";
        warnings.add(String.join(", ", named) + more + ": bytes after the last committed record (record " + committed
                + ", which the writer is writing, or it died); ignored");
    }

    /** Paths in warnings relative to the trace folder: shorter, and the same on every machine. */
    private String relative(String warning) {
        String prefix = directory.toString() + directory.getFileSystem().getSeparator();
        return warning.replace(prefix, "").replace(directory.toString() + ": ", "");
    }

    private List<ChunkedSeries> allSeries() {
        List<ChunkedSeries> all = new ArrayList<>(tensors.values());
        if (batches != null) {
            all.add(batches);
        }
        for (ChunkedSeries s : new ChunkedSeries[] { batchInputs, batchCounts, batchLabels }) {
            if (s != null) {
                all.add(s);
            }
        }
        return all;
    }

    public Path directory() {
        return directory;
    }

    public TraceManifest manifest() {
        return manifest;
    }

    /** Number of readable records as of the latest refresh. */
    public int recordCount() {
        return state.records();
    }

    /** Training iteration of record {@code record}. */
    public long iteration(int record) {
        State s = state;
        Objects.checkIndex(record, s.records());
        return s.iterations()[record];
    }

    /** Iterations of all readable records, in record order (a copy). */
    public long[] iterations() {
        State s = state;
        return Arrays.copyOf(s.iterations(), s.records());
    }

    /** The record taken at {@code iteration}, or -1 if that iteration was not recorded. */
    public int recordOf(long iteration) {
        State s = state;
        int r = Arrays.binarySearch(s.iterations(), 0, s.records(), iteration);
        return r >= 0 ? r : -1;
    }

    /** True once the writer closed the trace cleanly and every record is readable: no refresh will add records. */
    public boolean isComplete() {
        return state.status() == TraceStatus.CLOSED;
    }

    /** Live, closed or damaged, as of the latest refresh (spec §7, "Status"). */
    public TraceStatus status() {
        return state.status();
    }

    /**
     * Where NaN or an infinity first appeared (spec §7.1): the writer's {@code firstNonFinite} note
     * when a readable record carries one, else the first non-zero per-node {@code nonfinite.*} count
     * (earliest record; forward before backward; manifest order within a direction); empty when the
     * trace has neither.
     */
    public Optional<NonFiniteOrigin> firstNonFinite() {
        State s = state;
        NonFiniteOrigin noted = journal.firstNonFinite();
        if (noted != null && journal.firstNonFiniteRecord() < s.records()) {
            return Optional.of(noted);
        }
        return NonFiniteCounts.firstFromCounts(manifest.metrics(), s.metricValues(), s.metricPresent(), s.iterations(),
                s.records());
    }

    /**
     * What the latest open or refresh had to ignore or drop, one sentence each naming the file by its
     * path relative to the trace folder; empty for an intact trace. An incomplete last journal line or
     * uncommitted bytes are normal while a writer is running and are listed too.
     */
    public List<String> warnings() {
        return state.warnings();
    }

    /** The values of a metric declared in the manifest, as of the latest refresh. */
    public TraceMetricSeries metric(String name) {
        State s = state;
        for (int m = 0; m < manifest.metrics().size(); m++) {
            if (manifest.metrics().get(m).name().equals(name)) {
                return new TraceMetricSeries(name, s.metricValues()[m], s.metricPresent()[m], s.records());
            }
        }
        throw new IllegalArgumentException("no metric \"" + name + "\" in " + directory);
    }

    /** Reads all neurons of a tensor at {@code record} into {@code out[0 .. neuronCount)} (a snapshot). */
    public void readRecord(String tensorId, int record, float[] out) throws IOException {
        ChunkedSeries s = series(tensorId);
        Objects.checkIndex(record, state.records());
        requireLength(out, s.valuesPerRecord());
        s.readValues(record, 0, s.valuesPerRecord(), out, 0);
    }

    /** Reads all neurons of a tensor at training iteration {@code iteration} (a snapshot). */
    public void readSnapshot(String tensorId, long iteration, float[] out) throws IOException {
        int record = recordOf(iteration);
        if (record < 0) {
            throw new IllegalArgumentException("iteration " + iteration + " was not recorded in " + directory);
        }
        readRecord(tensorId, record, out);
    }

    /** Reads neurons {@code [firstNeuron, firstNeuron + count)} at one record into {@code out[offset...]}. */
    public void readRecord(String tensorId, int record, int firstNeuron, int count, float[] out, int offset) throws IOException {
        ChunkedSeries s = series(tensorId);
        Objects.checkIndex(record, state.records());
        Objects.checkFromIndexSize(firstNeuron, count, s.valuesPerRecord());
        Objects.checkFromIndexSize(offset, count, out.length);
        s.readValues(record, firstNeuron, count, out, offset);
    }

    /**
     * Reads one neuron over every readable record (a polyline) into {@code out[0 .. recordCount())}.
     *
     * @return the number of records read (the record count at the time of the call)
     */
    public int readPolyline(String tensorId, int neuron, float[] out) throws IOException {
        int records = state.records();
        readPolylines(tensorId, neuron, 1, 0, records, out);
        return records;
    }

    /** Reads one neuron over records {@code [firstRecord, firstRecord + recordCount)} into {@code out[0 .. recordCount)}. */
    public void readPolyline(String tensorId, int neuron, int firstRecord, int recordCount, float[] out) throws IOException {
        readPolylines(tensorId, neuron, 1, firstRecord, recordCount, out);
    }

    /**
     * Reads the polylines of neurons {@code [firstNeuron, firstNeuron + neuronCount)} over records
     * {@code [firstRecord, firstRecord + recordCount)}: neuron {@code firstNeuron + k} at record
     * {@code firstRecord + i} goes to {@code out[k * recordCount + i]}. This costs the same number of
     * file reads as a single polyline, so scanning a tensor in blocks of a few thousand neurons reads
     * it at file-read speed.
     */
    public void readPolylines(String tensorId, int firstNeuron, int neuronCount, int firstRecord, int recordCount, float[] out)
            throws IOException {
        ChunkedSeries s = series(tensorId);
        Objects.checkFromIndexSize(firstNeuron, neuronCount, s.valuesPerRecord());
        Objects.checkFromIndexSize(firstRecord, recordCount, state.records());
        requireLength(out, (long) neuronCount * recordCount);
        s.readColumns(firstRecord, recordCount, firstNeuron, neuronCount, out);
    }

    /**
     * Scans neurons {@code [firstNeuron, firstNeuron + neuronCount)} over records
     * {@code [firstRecord, firstRecord + recordCount)} in record-major tiles, as they are stored: for
     * whole-tensor reductions per neuron this is the cheapest full pass, about a copy out of the page
     * cache, with no transpose. The visitor runs on the calling thread, strip of neurons by strip, each
     * strip's records in ascending order. To use more cores, call this from several threads on
     * disjoint neuron ranges; the reader is thread-safe.
     */
    public void scanRecordTiles(String tensorId, int firstNeuron, int neuronCount, int firstRecord, int recordCount,
            RecordTileVisitor visitor) throws IOException {
        ChunkedSeries s = series(tensorId);
        Objects.checkFromIndexSize(firstNeuron, neuronCount, s.valuesPerRecord());
        Objects.checkFromIndexSize(firstRecord, recordCount, state.records());
        Objects.requireNonNull(visitor, "visitor");
        if (neuronCount > 0 && recordCount > 0) {
            s.scanTiles(firstRecord, recordCount, firstNeuron, neuronCount, visitor);
        }
    }

    /**
     * Reads the training-sample indices of the batch of {@code record} into {@code out}.
     *
     * @return how many indices the batch had (the rest of the stored row is -1 padding)
     */
    public int readBatch(int record, long[] out) throws IOException {
        if (batches == null) {
            throw new IllegalStateException(directory + ": the trace records no batch indices");
        }
        Objects.checkIndex(record, state.records());
        requireLength(out, batches.valuesPerRecord());
        batches.readLongs(record, out);
        int count = 0;
        while (count < batches.valuesPerRecord() && out[count] >= 0) {
            count++;
        }
        return count;
    }

    /**
     * Reads the inputs of the training batch of {@code record} (spec §4.8): {@code inputs} gets
     * {@code count * valuesPerSample} values, sample after sample, and {@code labels} (when not
     * null and the trace records labels) {@code count} class indices.
     *
     * @param inputs at least {@code batchSize * valuesPerSample} long
     * @return the number of samples in the batch
     */
    public int readBatchInputs(int record, float[] inputs, long[] labels) throws IOException {
        BatchInputsInfo info = manifest.batchInputs();
        if (info == null) {
            throw new IllegalStateException(directory + ": the trace records no batch inputs");
        }
        Objects.checkIndex(record, state.records());
        requireLength(inputs, (long) info.batchSize() * info.valuesPerSample());
        long[] count = new long[1];
        batchCounts.readLongs(record, count);
        int n = (int) Math.max(0, Math.min(info.batchSize(), count[0]));
        if (n > 0) {
            batchInputs.readValues(record, 0, n * info.valuesPerSample(), inputs, 0);
        }
        if (labels != null && batchLabels != null) {
            long[] row = new long[info.batchSize()];
            batchLabels.readLongs(record, row);
            System.arraycopy(row, 0, labels, 0, Math.min(n, labels.length));
        }
        return n;
    }

    /** Reads a float32 or float16 static array (e.g. the probe inputs) whole. */
    public float[] readArrayFloats(String arrayId) throws IOException {
        return StaticArrays.readFloats(directory, arrayInfo(arrayId));
    }

    /** Reads an int64 static array (e.g. class labels) whole. */
    public long[] readArrayLongs(String arrayId) throws IOException {
        return StaticArrays.readLongs(directory, arrayInfo(arrayId));
    }

    private ArrayInfo arrayInfo(String arrayId) {
        return manifest.array(arrayId).orElseThrow(() -> new IllegalArgumentException("no array \"" + arrayId + "\" in " + directory));
    }

    private ChunkedSeries series(String tensorId) {
        ChunkedSeries s = tensors.get(tensorId);
        if (s == null) {
            throw new IllegalArgumentException("no tensor \"" + tensorId + "\" in " + directory);
        }
        return s;
    }

    private static void requireLength(float[] out, long needed) {
        if (out.length < needed) {
            throw new IllegalArgumentException("output array has " + out.length + " elements, needs " + needed);
        }
    }

    private static void requireLength(long[] out, long needed) {
        if (out.length < needed) {
            throw new IllegalArgumentException("output array has " + out.length + " elements, needs " + needed);
        }
    }

    /** Closes the files; reads after this fail. */
    @Override
    public void close() {
        for (ChunkedSeries s : allSeries()) {
            s.close();
        }
        channels.close();
    }

    @Override
    public String toString() {
        return "TraceReader[" + directory + ", " + recordCount() + " records]";
    }
}
