package org.trainscope.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.trainscope.trace.ArrayInfo;
import org.trainscope.trace.DType;
import org.trainscope.trace.HalfFloat;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceFormatException;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.internal.JournalReader;
import org.trainscope.trace.internal.ManifestCodec;
import org.trainscope.trace.internal.NpyHeader;

/**
 * Opens a TrainScope trace on any Hadoop file system for the driver: the manifest and the journal are
 * decoded and checked by the trace store's own code ({@code ManifestCodec}, {@code JournalReader});
 * the journal of a remote trace is copied to a local temporary file first, since that reader reads a
 * local file. Chunk data is never read here: tasks read it ({@link TensorData}).
 */
final class HadoopTraces {
    private HadoopTraces() {
    }

    /** What the driver knows about the input trace. */
    record Input(String uri, TraceManifest manifest, long[] iterations, double[][] metricValues, boolean[][] metricPresent,
            List<String> warnings) {
        int records() {
            return iterations.length;
        }

        List<TensorData> tensors() {
            List<TensorData> out = new ArrayList<>();
            for (TensorInfo t : manifest.tensors()) {
                out.add(new TensorData(uri, t.id(), t.node(), t.kind().name(), t.dtype(),
                        t.shape().stream().mapToInt(Integer::intValue).toArray(), t.neuronCount(), t.chunkRecords(), records()));
            }
            return out;
        }
    }

    /** The name a message gives a Hadoop path: the plain local path for file:, the URI otherwise. */
    static java.nio.file.Path label(Path p) {
        String scheme = p.toUri().getScheme();
        return java.nio.file.Path.of(scheme == null || scheme.equals("file") ? p.toUri().getPath() : p.toString());
    }

    static Input open(String uri, Configuration conf) throws IOException {
        Path dir = new Path(uri);
        FileSystem fs = dir.getFileSystem(conf);
        Path manifestFile = new Path(dir, "manifest.json");
        if (!fs.exists(dir)) {
            throw new TraceFormatException(label(dir), "does not exist");
        }
        if (!fs.getFileStatus(dir).isDirectory()) {
            throw new TraceFormatException(label(dir), "not a directory, so not a trace");
        }
        if (!fs.exists(manifestFile)) {
            throw new TraceFormatException(label(dir), "not a TrainScope trace: it has no manifest.json");
        }
        String json = readUtf8(fs, manifestFile, ManifestCodec.MAX_MANIFEST_BYTES);
        TraceManifest manifest = ManifestCodec.decode(json, label(manifestFile));
        Path journalFile = new Path(dir, "journal.jsonl");
        if (!fs.exists(journalFile)) {
            throw new TraceFormatException(label(journalFile), "missing; a trace always has a journal, even an empty one");
        }
        java.nio.file.Path local = null;
        java.nio.file.Path journalPath;
        if (isLocal(fs)) {
            journalPath = label(journalFile);
        } else {
            local = Files.createTempFile("trainscope-journal", ".jsonl");
            fs.copyToLocalFile(false, journalFile, new Path(local.toUri()), true);
            journalPath = local;
        }
        try {
            JournalReader journal = new JournalReader(journalPath, manifest.metrics().stream().map(MetricInfo::name).toList());
            journal.readNew();
            List<String> warnings = new ArrayList<>(journal.lineWarnings());
            if (journal.brokenAt() != null) {
                warnings.add(journal.brokenAt());
            }
            if (journal.pendingTail() != null) {
                warnings.add("journal.jsonl: an incomplete last line (a writer still writing, or one that died) is ignored");
            }
            int records = journal.recordCount();
            int metrics = manifest.metrics().size();
            double[][] values = new double[metrics][];
            boolean[][] present = new boolean[metrics][];
            for (int m = 0; m < metrics; m++) {
                values[m] = java.util.Arrays.copyOf(journal.metricValues(m), records);
                present[m] = java.util.Arrays.copyOf(journal.metricPresent(m), records);
            }
            long[] iterations = java.util.Arrays.copyOf(journal.iterations(), records);
            if (local != null) {
                warnings.replaceAll(w -> w.replace(journalPath.toString(), label(journalFile).toString()));
            }
            return new Input(uri, manifest, iterations, values, present, warnings);
        } catch (TraceFormatException e) {
            if (local == null) {
                throw e;
            }
            throw new TraceFormatException(label(journalFile), e.getMessage().substring(journalPath.toString().length() + 2), e);
        } finally {
            if (local != null) {
                Files.deleteIfExists(local);
            }
        }
    }

    static boolean isLocal(FileSystem fs) {
        return "file".equals(fs.getUri().getScheme());
    }

    static String readUtf8(FileSystem fs, Path file, long limit) throws IOException {
        long size = fs.getFileStatus(file).getLen();
        if (size > limit) {
            throw new TraceFormatException(label(file), size + " bytes, more than the " + limit + " bytes allowed");
        }
        byte[] bytes;
        try (InputStream in = fs.open(file)) {
            bytes = in.readNBytes((int) size);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TraceFormatException(label(file), "not valid UTF-8", e);
        }
    }

    /** A static array of the trace (§4.5), whole: float[] for float dtypes, long[] for int64. */
    static Object readArray(FileSystem fs, String traceUri, ArrayInfo a) throws IOException {
        Path file = new Path(new Path(traceUri, "arrays"), a.id() + ".npy");
        java.nio.file.Path label = label(file);
        if (!fs.exists(file)) {
            throw new TraceFormatException(label, "missing: the manifest declares array \"" + a.id() + "\"");
        }
        try (HadoopReadChannel channel = new HadoopReadChannel(fs, file)) {
            NpyHeader h = NpyHeader.read(channel, label);
            if (h.dtype() != a.dtype() || h.elementCount() != a.elementCount()) {
                throw new TraceFormatException(label, "holds " + h.dtype().npyDescr() + " " + java.util.Arrays.toString(h.shape())
                        + ", the manifest declares " + a.dtype().npyDescr() + " " + a.shape());
            }
            int n = (int) h.elementCount();
            byte[] bytes = new byte[Math.multiplyExact(n, a.dtype().size())];
            if (channel.size() < h.headerLength() + (long) bytes.length) {
                throw new TraceFormatException(label, "truncated: " + channel.size() + " bytes");
            }
            channel.readFully(h.headerLength(), bytes, 0, bytes.length);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            if (a.dtype() == DType.INT64) {
                long[] out = new long[n];
                b.asLongBuffer().get(out);
                return out;
            }
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = a.dtype() == DType.FLOAT32 ? b.getFloat(4 * i) : HalfFloat.toFloat(b.getShort(2 * i));
            }
            return out;
        }
    }
}
