package org.trainscope.trace.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.trainscope.trace.DType;
import org.trainscope.trace.TraceFormatException;

/**
 * Reading side of one chunked series (a tensor or the batch indices), spec §5: records live in
 * {@code chunk-NNNNNN.npy} files of {@code chunkRecords} rows each. Every read is a positional read
 * of exactly the bytes asked for; nothing is mapped or loaded whole. Thread-safe; a large polyline read may use helper threads ({@link ScanThreads}).
 */
public final class ChunkedSeries {
    private final String label;
    private final Path dir;
    private final DType dtype;
    private final long[] recordShape;
    private final int valuesPerRecord;
    private final long rowBytes;
    private final int chunkRecords;
    private final ChannelCache channels;
    /** Headers of chunks already checked; a header never changes in a way that matters once valid. */
    private final ConcurrentHashMap<Integer, NpyHeader> headers = new ConcurrentHashMap<>();
    private volatile Path[] chunkFiles = new Path[0];

    public ChunkedSeries(String label, Path dir, DType dtype, List<Integer> recordShape, int chunkRecords, ChannelCache channels) {
        this.label = label;
        this.dir = dir;
        this.dtype = dtype;
        this.recordShape = recordShape.stream().mapToLong(Integer::longValue).toArray();
        long n = 1;
        for (long d : this.recordShape) {
            n *= d;
        }
        this.valuesPerRecord = (int) n;
        this.rowBytes = n * dtype.size();
        this.chunkRecords = chunkRecords;
        this.channels = channels;
    }

    public static String chunkFileName(int chunk) {
        return String.format("chunk-%06d.npy", chunk);
    }

    public Path chunkFile(int chunk) {
        Path[] known = chunkFiles;
        if (chunk < known.length) {
            return known[chunk];
        }
        return rememberChunkFiles(chunk)[chunk];
    }

    /** Paths are built once per chunk: formatting a name per read showed up in profiles. */
    private synchronized Path[] rememberChunkFiles(int chunk) {
        Path[] known = chunkFiles;
        if (chunk >= known.length) {
            Path[] grown = java.util.Arrays.copyOf(known, Math.max(chunk + 1, known.length * 2));
            for (int c = known.length; c < grown.length; c++) {
                grown[c] = dir.resolve(chunkFileName(c));
            }
            chunkFiles = grown;
            return grown;
        }
        return known;
    }

    public int valuesPerRecord() {
        return valuesPerRecord;
    }

    /**
     * Checks that the bytes of records {@code [from, to)} exist (spec §5.2) and returns the first
     * record that does not, or {@code to}; explains any shortfall in {@code warnings}.
     */
    public int checkAvailable(int from, int to, List<String> warnings, LongLookup iterations) {
        int r = from;
        while (r < to) {
            int chunk = r / chunkRecords;
            int chunkStart = chunk * chunkRecords;
            int end = (int) Math.min(to, (long) chunkStart + chunkRecords);
            int rowsNeeded = end - chunkStart;
            Path file = chunkFile(chunk);
            try (ChannelCache.Lease lease = channels.acquire(file)) {
                NpyHeader h = header(chunk, lease.channel(), rowsNeeded);
                long rowsPresent = (lease.channel().size() - h.headerLength()) / rowBytes;
                if (rowsPresent < rowsNeeded) {
                    int firstMissing = chunkStart + (int) Math.max(0, rowsPresent);
                    warnings.add(dropped(firstMissing, to, iterations, file + " is truncated: it holds "
                            + Math.max(0, rowsPresent) + " of the " + rowsNeeded + " committed records it should"));
                    return firstMissing;
                }
            } catch (NoSuchFileException e) {
                warnings.add(dropped(chunkStart, to, iterations, file + " is missing"));
                return chunkStart;
            } catch (IOException e) {
                warnings.add(dropped(chunkStart, to, iterations, e.getMessage()));
                return chunkStart;
            }
            r = end;
        }
        return to;
    }

    /** Notes bytes written after the last committed record (an abandoned or in-progress record). */
    public void noteUncommitted(int committed, List<String> warnings) {
        int chunk = committed / chunkRecords;
        int rowsCommitted = committed - chunk * chunkRecords;
        Path file = chunkFile(chunk);
        if (!Files.exists(file)) {
            return;
        }
        try {
            long size = Files.size(file);
            NpyHeader h = headers.get(chunk);
            long expected = rowsCommitted == 0 || h == null ? 0 : h.headerLength() + rowsCommitted * rowBytes;
            if (rowsCommitted == 0 && size > 0) {
                warnings.add(file + ": " + size + " bytes, no committed record yet (the writer is writing it, or died); ignored");
            } else if (h != null && size > expected) {
                warnings.add(file + ": " + (size - expected) + " bytes after the last committed record (the writer is writing it, or died); ignored");
            }
        } catch (IOException e) {
            warnings.add(file + ": cannot check for uncommitted data: " + e.getMessage());
        }
    }

    private String dropped(int firstMissing, int to, LongLookup iterations, String why) {
        return why + "; dropped " + (to - firstMissing) + " record(s) from record " + firstMissing
                + " (iterations " + iterations.get(firstMissing) + " to " + iterations.get(to - 1) + ") of every tensor";
    }

    private NpyHeader header(int chunk, FileChannel channel, int rowsNeeded) throws IOException {
        NpyHeader cached = headers.get(chunk);
        if (cached != null && cached.shape()[0] >= rowsNeeded) {
            return cached;
        }
        Path file = chunkFile(chunk);
        NpyHeader h = NpyHeader.read(channel, file);
        if (h.dtype() != dtype) {
            throw new TraceFormatException(file, "dtype " + h.dtype().npyDescr() + " but the manifest declares " + dtype.npyDescr() + " for " + label);
        }
        long[] shape = h.shape();
        boolean trailingMatches = shape.length == recordShape.length + 1
                && Arrays.equals(shape, 1, shape.length, recordShape, 0, recordShape.length);
        if (!trailingMatches) {
            throw new TraceFormatException(file, "shape " + Arrays.toString(shape) + " does not match [records] + "
                    + Arrays.toString(recordShape) + " declared for " + label);
        }
        if (shape[0] > chunkRecords || shape[0] < rowsNeeded) {
            throw new TraceFormatException(file, "shape[0] is " + shape[0] + " but must be between the " + rowsNeeded
                    + " committed records and chunkRecords " + chunkRecords);
        }
        headers.put(chunk, h);
        return h;
    }

    private long headerLength(int chunk, ChannelCache.Lease lease) throws IOException {
        NpyHeader h = headers.get(chunk);
        return h != null ? h.headerLength() : header(chunk, lease.channel(), 0).headerLength();
    }

    /** Reads values {@code [first, first + count)} of one record into {@code out[offset...]}. */
    public void readValues(int record, int first, int count, float[] out, int offset) throws IOException {
        int chunk = record / chunkRecords;
        Path file = chunkFile(chunk);
        ReadBuffers buffers = ReadBuffers.get();
        int perRead = ReadBuffers.BYTES / dtype.size();
        try (ChannelCache.Lease lease = channels.acquire(file)) {
            long rowStart = headerLength(chunk, lease) + (record % chunkRecords) * rowBytes;
            for (int done = 0; done < count; done += perRead) {
                int n = Math.min(perRead, count - done);
                readExactly(lease.channel(), buffers.bytes, rowStart + (long) (first + done) * dtype.size(), n * dtype.size(), file);
                buffers.toFloats(dtype == DType.FLOAT16, n, out, offset + done);
            }
        }
    }

    /**
     * Reads values {@code [first, first + count)} of records {@code [firstRecord, firstRecord + records)},
     * transposed: value {@code first + k} of record {@code firstRecord + i} goes to {@code out[k * records + i]}.
     * Large blocks are split between threads ({@link ColumnScan}); each part reads and transposes on
     * its own, so the copy out of the page cache and the transpose of both halves overlap.
     */
    public void readColumns(int firstRecord, int records, int first, int count, float[] out) throws IOException {
        ColumnScan.read(this, firstRecord, records, first, count, out);
    }

    boolean isHalf() {
        return dtype == DType.FLOAT16;
    }

    int valueSize() {
        return dtype.size();
    }

    /**
     * Reads bytes {@code [offsetInRow, offsetInRow + length)} of records {@code [firstRecord, firstRecord + rows)}
     * into {@code buf}, row {@code i} at {@code i * strideBytes}. One channel lease per chunk file, not
     * per row: with several scanning threads the lease lock was the contended spot.
     */
    void readRowPieces(int firstRecord, int rows, long offsetInRow, int length, ByteBuffer buf, int strideBytes) throws IOException {
        int i = 0;
        while (i < rows) {
            int record = firstRecord + i;
            int chunk = record / chunkRecords;
            int inChunk = Math.min(rows - i, (chunk + 1) * chunkRecords - record);
            Path file = chunkFile(chunk);
            try (ChannelCache.Lease lease = channels.acquire(file)) {
                long rowZero = headerLength(chunk, lease) + offsetInRow;
                for (int j = 0; j < inChunk; j++, i++) {
                    int pos = i * strideBytes;
                    buf.limit(pos + length).position(pos);
                    readRemaining(lease.channel(), buf, rowZero + (long) ((firstRecord + i) % chunkRecords) * rowBytes, file);
                }
            }
        }
    }

    /** Reads one whole int64 record (batch indices). */
    public void readLongs(int record, long[] out) throws IOException {
        int chunk = record / chunkRecords;
        Path file = chunkFile(chunk);
        ReadBuffers buffers = ReadBuffers.get();
        int perRead = ReadBuffers.BYTES / 8;
        try (ChannelCache.Lease lease = channels.acquire(file)) {
            long rowStart = headerLength(chunk, lease) + (record % chunkRecords) * rowBytes;
            for (int done = 0; done < valuesPerRecord; done += perRead) {
                int n = Math.min(perRead, valuesPerRecord - done);
                readExactly(lease.channel(), buffers.bytes, rowStart + (long) done * 8, n * 8, file);
                buffers.longs.get(0, out, done, n);
            }
        }
    }

    static void readExactly(FileChannel channel, ByteBuffer buf, long position, int length, Path file) throws IOException {
        buf.clear().limit(length);
        readRemaining(channel, buf, position, file);
    }

    private static void readRemaining(FileChannel channel, ByteBuffer buf, long position, Path file) throws IOException {
        long end = position + buf.remaining();
        long pos = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new TraceFormatException(file, "truncated: needs bytes up to offset " + end + " but the file has " + channel.size());
            }
            pos += n;
        }
    }

    /** Iteration number of a record, for messages. */
    @FunctionalInterface
    public interface LongLookup {
        long get(int index);
    }
}
