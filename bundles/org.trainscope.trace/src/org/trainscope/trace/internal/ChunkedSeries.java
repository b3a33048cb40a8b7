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
 * of exactly the bytes asked for; nothing is mapped or loaded whole. Thread-safe.
 */
public final class ChunkedSeries {
    /** Values per cache line of a tile (16 floats; 32 halves use half a line, which is fine). */
    private static final int TILE = 16;
    /** Records per tile of a polyline scan: out gets runs of 64 values (4 cache lines) per neuron. */
    private static final int MAX_TILE_RECORDS = 64;

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
     * Every read is one contiguous piece of a row, so a block of neurons costs as many reads as a
     * single neuron. The transpose works on tiles of {@value #TILE} records so that each neuron's
     * values land in {@code out} one cache line at a time instead of one scattered store per value.
     */
    public void readColumns(int firstRecord, int records, int first, int count, float[] out) throws IOException {
        ReadBuffers buffers = ReadBuffers.get();
        ByteBuffer raw = buffers.tile();
        float[] tile = buffers.tileValues();
        boolean half = dtype == DType.FLOAT16;
        int size = dtype.size();
        int tileRecords = Math.min(records, MAX_TILE_RECORDS);
        // neurons per tile: as many as fit, so each positional read is as long as possible
        int width = Math.min(count, Math.max(TILE, (ReadBuffers.TILE_BYTES / 4 / tileRecords - TILE) / TILE * TILE));
        for (int r0 = 0; r0 < records; r0 += tileRecords) {
            int rows = Math.min(tileRecords, records - r0);
            for (int k0 = 0; k0 < count; k0 += width) {
                int n = Math.min(width, count - k0);
                for (int i = 0; i < rows; i++) {
                    readInto(firstRecord + r0 + i, (long) (first + k0) * size, raw, i * n * size, n * size);
                }
                // rows sit one cache line apart from a power-of-two stride, else the column-wise
                // reads of the transpose below would all map to the same cache sets and thrash.
                // Bulk conversion into a heap array first: per-element reads of a direct buffer
                // are several times slower than array reads.
                int stride = (n + TILE - 1) / TILE * TILE + TILE;
                for (int i = 0; i < rows; i++) {
                    buffers.toFloats(raw, half, i * n, n, tile, i * stride);
                }
                for (int kb = 0; kb < n; kb += TILE) {
                    int m = Math.min(TILE, n - kb);
                    int outBase = (k0 + kb) * records + r0;
                    for (int i = 0; i < rows; i++) {
                        int src = i * stride + kb;
                        for (int kk = 0; kk < m; kk++) {
                            out[outBase + kk * records + i] = tile[src + kk];
                        }
                    }
                }
            }
        }
    }

    /** Reads {@code length} bytes at {@code offsetInRow} of a record into {@code buf[bufOffset...]}. */
    private void readInto(int record, long offsetInRow, ByteBuffer buf, int bufOffset, int length) throws IOException {
        int chunk = record / chunkRecords;
        Path file = chunkFile(chunk);
        try (ChannelCache.Lease lease = channels.acquire(file)) {
            long position = headerLength(chunk, lease) + (long) (record % chunkRecords) * rowBytes + offsetInRow;
            buf.limit(bufOffset + length).position(bufOffset);
            readRemaining(lease.channel(), buf, position, file);
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
