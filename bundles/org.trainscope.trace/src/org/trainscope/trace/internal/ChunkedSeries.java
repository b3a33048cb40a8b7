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
 * {@code chunk-NNNNNN.npy} files of {@code chunkRecords} rows each. Float reads copy from a read-only
 * memory mapping of the rows validated so far ({@link MappedChunks}), or, where there is none, from
 * positional reads of exactly the bytes asked for; nothing is loaded whole. Thread-safe; a large
 * polyline read may use helper threads ({@link ScanThreads}).
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
    private final MappedChunks mapped;

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
        this.mapped = new MappedChunks(rowBytes);
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
            try {
                long rowsPresent = channels.use(file, channel -> {
                    NpyHeader h = header(chunk, channel, rowsNeeded);
                    return (channel.size() - h.headerLength()) / rowBytes;
                });
                if (rowsPresent < rowsNeeded) {
                    int firstMissing = chunkStart + (int) Math.max(0, rowsPresent);
                    warnings.add(dropped(firstMissing, to, iterations, file + " is truncated: it holds "
                            + Math.max(0, rowsPresent) + " of the " + rowsNeeded + " committed records it should"));
                    return firstMissing;
                }
                mapped.validated(chunk, rowsNeeded);
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

    /**
     * The chunk file holding bytes after the last committed record (an abandoned or in-progress
     * record), or null when there are none or they cannot be checked (checking is a courtesy).
     */
    public Path uncommittedBytes(int committed) {
        int chunk = committed / chunkRecords;
        int rowsCommitted = committed - chunk * chunkRecords;
        Path file = chunkFile(chunk);
        try {
            if (!Files.exists(file)) {
                return null;
            }
            long size = Files.size(file);
            NpyHeader h = headers.get(chunk);
            if (rowsCommitted == 0) {
                return size > 0 ? file : null;
            }
            return h != null && size > h.headerLength() + rowsCommitted * rowBytes ? file : null;
        } catch (IOException e) {
            return null;
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

    private long headerLength(int chunk, FileChannel channel) throws IOException {
        NpyHeader h = headers.get(chunk);
        return h != null ? h.headerLength() : header(chunk, channel, 0).headerLength();
    }

    /** Reads values {@code [first, first + count)} of one record into {@code out[offset...]}. */
    public void readValues(int record, int first, int count, float[] out, int offset) throws IOException {
        try {
            readRows(record, 1, first, count, out, offset, count);
        } catch (InternalError e) {
            throw shrankUnderMapping(e);
        }
    }

    /**
     * Reads values {@code [first, first + count)} of records {@code [firstRecord, firstRecord + records)},
     * transposed: value {@code first + k} of record {@code firstRecord + i} goes to {@code out[k * records + i]}.
     * Large blocks are split between threads ({@link ColumnScan}); each part reads and transposes on
     * its own, so the copy out of the page cache and the transpose of both halves overlap.
     */
    public void readColumns(int firstRecord, int records, int first, int count, float[] out) throws IOException {
        reserveChannels(firstRecord, records);
        try {
            ColumnScan.read(this, firstRecord, records, first, count, out);
        } catch (InternalError e) {
            throw shrankUnderMapping(e);
        }
    }

    /** Record-major tiles of a block of neurons to {@code visitor} ({@link TileScan}). */
    public void scanTiles(int firstRecord, int records, int first, int count, org.trainscope.trace.RecordTileVisitor visitor) throws IOException {
        reserveChannels(firstRecord, records);
        try {
            TileScan.scan(this, firstRecord, records, first, count, visitor);
        } catch (InternalError e) {
            throw shrankUnderMapping(e);
        }
    }

    /**
     * Both scans visit every chunk file of the record range once per block of neurons: the channel
     * cache must hold them all, or a least-recently-used cache reopens every file for every block.
     */
    private void reserveChannels(int firstRecord, int records) {
        if (records > 0) {
            int chunks = (firstRecord + records - 1) / chunkRecords - firstRecord / chunkRecords + 1;
            channels.reserve(this, chunks);
        }
    }

    /**
     * A chunk file truncated between the length check and the copy makes the copy fault. The JVM
     * reports that as an {@link InternalError}: in the interpreter at once, in compiled code at a later
     * safepoint check, which may even be after the read returned (then the caller gets it). Caught
     * here when it arrives within the read: all mappings of the series are dropped, so later reads are
     * positional and name the truncated file. Other internal errors are rethrown.
     */
    private TraceFormatException shrankUnderMapping(InternalError e) {
        if (e.getMessage() == null || !e.getMessage().contains("unsafe memory access")) {
            throw e;
        }
        mapped.forgetAll();
        return new TraceFormatException(dir, label + ": a chunk file shrank while the reader had it mapped"
                + " (truncated by another program?); it is read positionally from now on", e);
    }

    boolean isHalf() {
        return dtype == DType.FLOAT16;
    }

    int valueSize() {
        return dtype.size();
    }

    /**
     * Copies values {@code [first, first + n)} of records {@code [firstRecord, firstRecord + rows)} to
     * {@code out}, record {@code firstRecord + i} at {@code out[offset + i * stride]}: from the mapping
     * of each chunk where there is one, else with positional reads.
     */
    void readRows(int firstRecord, int rows, int first, int n, float[] out, int offset, int stride) throws IOException {
        int i = 0;
        while (i < rows) {
            int record = firstRecord + i;
            int chunk = record / chunkRecords;
            int row0 = record - chunk * chunkRecords;
            int inChunk = Math.min(rows - i, chunkRecords - row0);
            int at = offset + i * stride;
            if (!copyMapped(chunk, row0, inChunk, first, n, out, at, stride)) {
                readPositional(chunk, row0, inChunk, first, n, out, at, stride);
            }
            i += inChunk;
        }
    }

    /** The mapped copy of {@link #readRows} within one chunk; false if it must be read positionally. */
    private boolean copyMapped(int chunk, int row0, int rows, int first, int n, float[] out, int offset, int stride) throws IOException {
        if (!mapped.enabled()) {
            return false;
        }
        MappedChunks.Region region = channels.use(chunkFile(chunk), channel -> {
            long header = headerLength(chunk, channel);
            MappedChunks.Region known = mapped.mapped(chunk, row0 + rows);
            if (known == null) {
                return mapped.map(chunk, row0 + rows, channel, header);
            }
            if (channel.size() < header + (row0 + rows) * rowBytes) {
                // Touching a mapped page beyond the end of the file is a bus error: check the length
                // first (one fstat per chunk and call). Only a truncation in the microseconds between
                // this check and the copy still faults, which the JVM reports as an InternalError.
                mapped.forget(chunk);
                return null;
            }
            return known;
        });
        // the copy itself needs no channel: a mapping stays valid when its channel is closed
        if (region == null) {
            return false;
        }
        try {
            // element indexes fit an int: a region is at most 2 GiB
            int at = row0 * valuesPerRecord + first;
            ReadBuffers buffers = isHalf() ? ReadBuffers.get() : null;
            for (int j = 0; j < rows; j++, at += valuesPerRecord) {
                if (buffers != null) {
                    buffers.halvesToFloats(region.shorts(), at, n, out, offset + j * stride);
                } else {
                    region.floats().get(at, out, offset + j * stride, n);
                }
            }
            return true;
        } catch (InternalError e) {
            // the JVM's report of a bus error: the file was truncated under the mapping
            mapped.forget(chunk);
            return false;
        }
    }

    /**
     * The positional form of {@link #readRows} within one chunk, in pieces of at most
     * {@link ReadBuffers#BYTES}. One channel lease per chunk file, not per row: with several
     * scanning threads the lease lock was the contended spot. Immune to interrupts
     * ({@link ChannelCache#use}): a piece whose channel was closed under it is read again.
     */
    private void readPositional(int chunk, int row0, int rows, int first, int n, float[] out, int offset, int stride) throws IOException {
        Path file = chunkFile(chunk);
        ReadBuffers buffers = ReadBuffers.get();
        int perRead = ReadBuffers.BYTES / dtype.size();
        channels.use(file, channel -> {
            long rowZero = headerLength(chunk, channel) + (long) first * dtype.size();
            for (int j = 0; j < rows; j++) {
                long rowStart = rowZero + (row0 + j) * rowBytes;
                for (int done = 0; done < n; done += perRead) {
                    int m = Math.min(perRead, n - done);
                    readExactly(channel, buffers.bytes, rowStart + (long) done * dtype.size(), m * dtype.size(), file);
                    buffers.toFloats(isHalf(), m, out, offset + j * stride + done);
                }
            }
            return null;
        });
    }

    /** Drops the memory mappings (the reader is closing). */
    public void close() {
        mapped.close();
    }

    /** Reads one whole int64 record (batch indices). */
    public void readLongs(int record, long[] out) throws IOException {
        int chunk = record / chunkRecords;
        Path file = chunkFile(chunk);
        ReadBuffers buffers = ReadBuffers.get();
        int perRead = ReadBuffers.BYTES / 8;
        channels.use(file, channel -> {
            long rowStart = headerLength(chunk, channel) + (record % chunkRecords) * rowBytes;
            for (int done = 0; done < valuesPerRecord; done += perRead) {
                int n = Math.min(perRead, valuesPerRecord - done);
                readExactly(channel, buffers.bytes, rowStart + (long) done * 8, n * 8, file);
                buffers.longs.get(0, out, done, n);
            }
            return null;
        });
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
