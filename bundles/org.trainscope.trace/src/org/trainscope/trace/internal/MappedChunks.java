package org.trainscope.trace.internal;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Read-only memory mappings of the data regions of one series' chunk files. A scan through a
 * mapping costs no system call per row piece and no copy into a staging buffer: the bulk get copies
 * straight from the page cache into the caller's array. Reads fall back to positional reads
 * whenever there is no usable mapping, so mapping is an optimisation, never a requirement.
 *
 * <p>What is mapped is only ever the rows the journal committed and {@link ChunkedSeries#checkAvailable}
 * found in the file, never the whole file: bytes of a record being written are not visible through a
 * mapping. When a later refresh validates more rows of a growing chunk, the next read maps the chunk
 * again with the longer length.
 *
 * <p>A file truncated under a mapping makes the kernel signal a bus error on access; the JVM turns that
 * into an {@link InternalError} (not a crash), which {@link ChunkedSeries} catches: it drops the
 * mappings and reads positionally from then on, so the truncation is reported as such.
 *
 * <p>Mappings are never unmapped explicitly: Java 17 has no safe way to unmap while another thread
 * may still copy from the buffer (an explicit unmap under a running copy crashes the JVM). Closing
 * drops the references, and the garbage collector unmaps them once no read holds them any more.
 */
final class MappedChunks {
    /** One mapped data region: rows {@code [0, rows)} of a chunk, from the end of its header. */
    record Region(FloatBuffer floats, ShortBuffer shorts, int rows) {
    }

    /**
     * Off switch ({@code -Dorg.trainscope.trace.mmap=false}, read when a reader opens) for comparing
     * with positional reads, for tests of the fallback, and for file systems where mapping misbehaves.
     */
    private final boolean enabled = !"false".equals(System.getProperty("org.trainscope.trace.mmap"));

    private final long rowBytes;
    /** Per chunk: the mapping, or null. Replaced whole under the lock, read without it. */
    private volatile Region[] regions = new Region[0];
    /** Per chunk: rows validated by the latest refreshes (map no further than this). */
    private int[] validRows = new int[0];
    private boolean closed;

    MappedChunks(long rowBytes) {
        this.rowBytes = rowBytes;
    }

    /** Records that rows {@code [0, rows)} of {@code chunk} are committed and present in the file. */
    synchronized void validated(int chunk, int rows) {
        if (chunk >= validRows.length) {
            validRows = Arrays.copyOf(validRows, Math.max(chunk + 1, validRows.length * 2));
        }
        validRows[chunk] = Math.max(validRows[chunk], rows);
    }

    boolean enabled() {
        return enabled;
    }

    /** The mapping of {@code chunk} if it already covers {@code rowsNeeded} rows; no locking. */
    Region mapped(int chunk, int rowsNeeded) {
        Region[] known = regions;
        Region r = chunk < known.length ? known[chunk] : null;
        return r != null && r.rows() >= rowsNeeded ? r : null;
    }

    /**
     * Maps (or maps again, longer) rows of {@code chunk} after its header so that at least
     * {@code rowsNeeded} rows are covered; null if that is not possible (rows not validated, a file
     * shorter than validated, a region over 2 GiB, or closed), and the caller reads positionally.
     */
    synchronized Region map(int chunk, int rowsNeeded, FileChannel channel, long headerLength) throws IOException {
        Region existing = mapped(chunk, rowsNeeded);
        if (existing != null) {
            return existing;
        }
        int rows = chunk < validRows.length ? validRows[chunk] : 0;
        long length = rows * rowBytes;
        if (!enabled || closed || rows < rowsNeeded || length > Integer.MAX_VALUE
                || channel.size() < headerLength + length) {
            return null;
        }
        MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, headerLength, length);
        bytes.order(ByteOrder.LITTLE_ENDIAN);
        Region r = new Region(bytes.asFloatBuffer(), bytes.asShortBuffer(), rows);
        Region[] grown = regions.length > chunk ? regions.clone() : Arrays.copyOf(regions, Math.max(chunk + 1, regions.length * 2));
        grown[chunk] = r;
        regions = grown;
        return r;
    }

    /** Drops the mapping of {@code chunk} (its file was truncated under it); reads go positional. */
    synchronized void forget(int chunk) {
        if (chunk < regions.length && regions[chunk] != null) {
            Region[] copy = regions.clone();
            copy[chunk] = null;
            regions = copy;
        }
        if (chunk < validRows.length) {
            validRows[chunk] = 0;
        }
    }

    /** Drops all mappings and validations; later refreshes validate and map again. */
    synchronized void forgetAll() {
        regions = new Region[0];
        validRows = new int[0];
    }

    /** Drops all mappings; nothing is mapped afterwards. */
    synchronized void close() {
        closed = true;
        regions = new Region[0];
    }
}
