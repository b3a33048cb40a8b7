package org.trainscope.trace.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.trainscope.trace.NonFiniteOrigin;
import org.trainscope.trace.TraceFormatException;
import org.trainscope.trace.json.JsonParser;
import org.trainscope.trace.json.JsonSyntaxException;

/**
 * Incremental reader of {@code journal.jsonl} (spec §7). It remembers the byte offset after the
 * last accepted line, so a refresh reads only what the writer appended. It stops for good at the
 * first complete line that is invalid (everything after it is dropped), and waits at an incomplete
 * last line, which is how a line being written looks. A metric the manifest does not declare
 * costs only its values (one warning for all such names), and an unusable {@code firstNonFinite}
 * note only itself: neither is worth the records that carry them.
 *
 * <p>Not thread-safe: the owning reader calls it under its refresh lock. The arrays it fills are
 * append-only; entries below {@link #recordCount()} never change, which lets readers use them
 * without locking once the count has been published.
 */
public final class JournalReader {
    public static final int MAX_LINE_BYTES = 1 << 20;
    private static final int BLOCK = 1 << 20;

    private final Path file;
    private final List<String> metricNames;
    private long acceptedOffset;
    private int acceptedLines;
    private int records;
    private long[] iterations = new long[64];
    private final double[][] metricValues;
    private final boolean[][] metricPresent;
    private boolean ended;
    /** Set once a complete line is invalid: the journal never grows past it. */
    private String brokenAt;
    /** Explains an incomplete last line seen by the latest read; null if there was none. */
    private String pendingTail;
    /** Undeclared metric name -> number of the first line naming it. */
    private final Map<String, Integer> undeclared = new LinkedHashMap<>();
    private NonFiniteOrigin firstNonFinite;
    private int firstNonFiniteRecord = -1;
    private String badNonFiniteNote;

    public JournalReader(Path file, List<String> metricNames) {
        this.file = file;
        this.metricNames = List.copyOf(metricNames);
        this.metricValues = new double[metricNames.size()][64];
        this.metricPresent = new boolean[metricNames.size()][64];
    }

    /** Reads lines appended since the last call. */
    public void readNew() throws IOException {
        readNew(() -> false);
    }

    /**
     * Reads lines appended since the last call, asking {@code cancelled} before each block of
     * {@value #BLOCK} bytes (a journal of a long run is hundreds of megabytes).
     *
     * @throws java.util.concurrent.CancellationException when {@code cancelled} says so; what was
     *         read up to then stays read
     */
    public void readNew(java.util.function.BooleanSupplier cancelled) throws IOException {
        pendingTail = null;
        if (brokenAt != null || ended && !hasMoreBytes()) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long offset = acceptedOffset;
            byte[] line = new byte[0];
            int lineLength = 0;
            ByteBuffer block = ByteBuffer.allocate((int) Math.min(BLOCK, Math.max(0, size - offset)));
            long blockStart = offset;
            while (blockStart < size && brokenAt == null) {
                if (cancelled.getAsBoolean()) {
                    throw new java.util.concurrent.CancellationException("reading " + file + " was cancelled");
                }
                block.clear();
                int n = channel.read(block, blockStart);
                if (n <= 0) {
                    break;
                }
                byte[] bytes = block.array();
                int start = 0;
                for (int i = 0; i < n && brokenAt == null; i++) {
                    if (bytes[i] != '\n') {
                        continue;
                    }
                    int pieceLength = i - start;
                    if (lineLength + pieceLength > MAX_LINE_BYTES) {
                        breakAt(offset, "line longer than " + MAX_LINE_BYTES + " bytes");
                        break;
                    }
                    byte[] complete = lineLength == 0 ? Arrays.copyOfRange(bytes, start, i) : concat(line, lineLength, bytes, start, pieceLength);
                    lineLength = 0;
                    long lineEnd = blockStart + i + 1;
                    acceptLine(complete, offset);
                    if (brokenAt == null) {
                        offset = lineEnd;
                        acceptedOffset = lineEnd;
                    }
                    start = i + 1;
                }
                if (brokenAt != null) {
                    break;
                }
                int rest = n - start;
                if (lineLength + rest > MAX_LINE_BYTES) {
                    breakAt(offset, "line longer than " + MAX_LINE_BYTES + " bytes");
                    break;
                }
                if (rest > 0) {
                    if (line.length < lineLength + rest) {
                        line = Arrays.copyOf(line, Math.max(lineLength + rest, line.length * 2));
                    }
                    System.arraycopy(bytes, start, line, lineLength, rest);
                    lineLength += rest;
                }
                blockStart += n;
            }
            if (brokenAt == null && lineLength > 0) {
                pendingTail = file + ": the last line (" + lineLength + " bytes at offset " + offset
                        + ") is incomplete; ignored until it ends (the writer is writing it, or died)";
            }
        }
    }

    private boolean hasMoreBytes() throws IOException {
        return java.nio.file.Files.size(file) > acceptedOffset;
    }

    private static byte[] concat(byte[] a, int aLength, byte[] b, int bStart, int bLength) {
        byte[] out = Arrays.copyOf(a, aLength + bLength);
        System.arraycopy(b, bStart, out, aLength, bLength);
        return out;
    }

    private void acceptLine(byte[] bytes, long offset) {
        int lineNumber = acceptedLines + 1;
        try {
            if (ended) {
                throw new IllegalArgumentException("content after the end line");
            }
            Object value = JsonParser.parse(decodeUtf8(bytes), ManifestCodec.MAX_DEPTH);
            JsonObjectReader line = new JsonObjectReader(value, "", file);
            if (line.has("end")) {
                acceptEnd(line);
            } else {
                acceptRecord(line);
            }
            acceptedLines++;
        } catch (JsonSyntaxException e) {
            breakAt(offset, "line " + lineNumber + " is not valid JSON: " + e.getMessage());
        } catch (TraceFormatException | IllegalArgumentException | CharacterCodingException e) {
            String message = e.getMessage().startsWith(file.toString()) ? e.getMessage().substring(file.toString().length() + 2) : e.getMessage();
            breakAt(offset, "line " + lineNumber + ": " + message);
        }
    }

    private void acceptEnd(JsonObjectReader line) throws TraceFormatException {
        if (!line.bool("end")) {
            throw line.error("end", "must be true");
        }
        long declared = line.integer("records", 0, Integer.MAX_VALUE);
        if (declared != records) {
            throw line.error("records", "says " + declared + " but the journal has " + records + " record lines");
        }
        ended = true;
    }

    private void acceptRecord(JsonObjectReader line) throws TraceFormatException {
        long record = line.integer("record", 0, Integer.MAX_VALUE - 1);
        if (record != records) {
            throw line.error("record", "is " + record + ", expected " + records);
        }
        long iteration = line.integer("iteration", 0, Long.MAX_VALUE);
        if (records > 0 && iteration <= iterations[records - 1]) {
            throw line.error("iteration", iteration + " is not greater than the previous " + iterations[records - 1]);
        }
        if (line.has("time")) {
            line.integer("time", Long.MIN_VALUE, Long.MAX_VALUE);
        }
        double[] values = new double[metricNames.size()];
        boolean[] present = new boolean[metricNames.size()];
        if (line.has("metrics")) {
            Map<String, Object> metrics = line.rawObject("metrics");
            for (Map.Entry<String, Object> m : metrics.entrySet()) {
                int index = metricNames.indexOf(m.getKey());
                if (index < 0) {
                    // a writer that added a metric late: keep the record, drop only these values
                    undeclared.putIfAbsent(m.getKey(), acceptedLines + 1);
                    continue;
                }
                values[index] = metricValue(m.getValue(), line, m.getKey());
                present[index] = true;
            }
        }
        if (line.has("firstNonFinite") && firstNonFinite == null) {
            readNonFiniteNote(line, iteration);
        }
        append(iteration, values, present);
    }

    /** The writer's note where NaN/Inf first appeared (spec §7.1); a broken note is ignored with a warning. */
    private void readNonFiniteNote(JsonObjectReader line, long lineIteration) {
        try {
            JsonObjectReader note = line.object("firstNonFinite");
            long iteration = note.has("iteration") ? note.integer("iteration", 0, Long.MAX_VALUE) : lineIteration;
            NonFiniteOrigin.Direction direction = NonFiniteOrigin.Direction.ofJsonName(note.string("direction"));
            if (direction == null) {
                throw note.error("direction", "must be \"forward\" or \"backward\", found \"" + note.string("direction") + "\"");
            }
            firstNonFinite = new NonFiniteOrigin(iteration, direction, note.string("node"), true);
            firstNonFiniteRecord = records;
        } catch (TraceFormatException e) {
            if (badNonFiniteNote == null) {
                String message = e.getMessage().startsWith(file.toString()) ? e.getMessage().substring(file.toString().length() + 2) : e.getMessage();
                badNonFiniteNote = file + ": line " + (acceptedLines + 1) + ": " + message + "; the note is ignored, the record kept";
            }
        }
    }

    private static double metricValue(Object v, JsonObjectReader line, String name) throws TraceFormatException {
        if (v instanceof Long) {
            return (Long) v;
        }
        if (v instanceof Double) {
            return (Double) v;
        }
        if ("NaN".equals(v)) {
            return Double.NaN;
        }
        if ("Infinity".equals(v)) {
            return Double.POSITIVE_INFINITY;
        }
        if ("-Infinity".equals(v)) {
            return Double.NEGATIVE_INFINITY;
        }
        throw line.error("metrics." + name, "must be a number, \"NaN\", \"Infinity\" or \"-Infinity\", found " + JsonObjectReader.typeOf(v));
    }

    private void append(long iteration, double[] values, boolean[] present) {
        if (records == iterations.length) {
            // grow into new arrays: published arrays keep their valid prefix for concurrent readers
            int capacity = records * 2;
            iterations = Arrays.copyOf(iterations, capacity);
            for (int m = 0; m < metricValues.length; m++) {
                metricValues[m] = Arrays.copyOf(metricValues[m], capacity);
                metricPresent[m] = Arrays.copyOf(metricPresent[m], capacity);
            }
        }
        iterations[records] = iteration;
        for (int m = 0; m < values.length; m++) {
            metricValues[m][records] = values[m];
            metricPresent[m][records] = present[m];
        }
        records++;
    }

    private static String decodeUtf8(byte[] bytes) throws CharacterCodingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
        return chars.toString();
    }

    private void breakAt(long offset, String problem) {
        brokenAt = file + ": " + problem + " (at byte " + offset + "); it and everything after it are ignored";
    }

    public int recordCount() {
        return records;
    }

    /** The iteration array; valid below {@link #recordCount()}. Replaced, never shrunk, when it grows. */
    public long[] iterations() {
        return iterations;
    }

    public double[] metricValues(int metric) {
        return metricValues[metric];
    }

    public boolean[] metricPresent(int metric) {
        return metricPresent[metric];
    }

    public boolean ended() {
        return ended;
    }

    /** Why the journal stops early for good, or null. */
    public String brokenAt() {
        return brokenAt;
    }

    /** The incomplete last line seen by the latest read, or null. */
    public String pendingTail() {
        return pendingTail;
    }

    /** Problems that cost only part of a line (undeclared metrics, an unusable note), one sentence each. */
    public List<String> lineWarnings() {
        List<String> out = new ArrayList<>();
        if (!undeclared.isEmpty()) {
            List<String> names = new ArrayList<>();
            undeclared.forEach((name, lineNumber) -> names.add("\"" + name + "\" (from line " + lineNumber + ")"));
            out.add(file + ": metrics the manifest does not declare are ignored, their records kept: " + String.join(", ", names));
        }
        if (badNonFiniteNote != null) {
            out.add(badNonFiniteNote);
        }
        return out;
    }

    /** The first valid {@code firstNonFinite} note, or null. */
    public NonFiniteOrigin firstNonFinite() {
        return firstNonFinite;
    }

    /** The record whose line carried {@link #firstNonFinite()}, or -1. */
    public int firstNonFiniteRecord() {
        return firstNonFiniteRecord;
    }
}
