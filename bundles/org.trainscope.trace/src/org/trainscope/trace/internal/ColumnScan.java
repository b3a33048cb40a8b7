package org.trainscope.trace.internal;

import java.io.IOException;

/**
 * The polyline read of a block of neurons: bulk copies of the block's piece of each record into a
 * tile (from the chunk's memory mapping, else positional reads), then a transpose into neuron-major
 * output. The copy is cheaper than {@code cat}; the transpose is the cost, so it is arranged for the
 * cache and shared between cores:
 * <ul>
 * <li>the tile holds a strip of neurons over a group of records (all of them when they fit), with
 *     rows padded off power-of-two strides so column-wise loads do not all hit the same cache sets;</li>
 * <li>the transpose walks four neurons at a time and writes each one's values as a sequential run
 *     (stores in sequence stream well; the strided loads come from a tile that sits in L1/L2). The
 *     former order, sequential loads and stores scattered 16 ways, cost a third more CPU;</li>
 * <li>blocks large enough to pay for a hand-off are split by neurons between threads
 *     ({@link ScanThreads}), each with its own buffers, so reads and transposes of the parts overlap.</li>
 * </ul>
 */
final class ColumnScan {
    /**
     * Neurons per row piece: 2048 float32 values = 8 KiB. With positional reads, longer pieces cost
     * fewer syscalls but leave fewer records per tile, and the shorter output runs cost the transpose
     * more than the syscalls saved. With mapped chunks there are no syscalls, and 512 and 1024 (all
     * 200 records in one tile, whole polylines per output run) were still slower than 2048: more, shorter
     * row copies and strips.
     */
    static final int WIDTH = 2048;
    /**
     * Below this many values (1 MiB of float32) splitting costs more than it saves. A system
     * property so a single-threaded run can be measured ({@code -Dorg.trainscope.trace.parallelMinValues=2147483647}).
     */
    static final int PARALLEL_MIN_VALUES = Integer.getInteger("org.trainscope.trace.parallelMinValues", 1 << 18);
    /** Neuron split points are multiples of this, so each part's reads start on a 64-byte boundary of a row. */
    private static final int ALIGN = 16;

    private ColumnScan() {
    }

    static void read(ChunkedSeries s, int firstRecord, int records, int first, int count, float[] out) throws IOException {
        int parts = (long) records * count < PARALLEL_MIN_VALUES ? 1 : Math.min(ScanThreads.parallelism(), count / WIDTH);
        if (parts <= 1) {
            readRange(s, firstRecord, records, first, 0, count, out);
            return;
        }
        ScanThreads.run(parts, part -> {
            int from = split(count, parts, part);
            int to = split(count, parts, part + 1);
            readRange(s, firstRecord, records, first, from, to, out);
        });
    }

    /** Start of part {@code part} of {@code parts} of {@code [0, count)}, aligned. */
    private static int split(int count, int parts, int part) {
        return part == parts ? count : (int) ((long) count * part / parts) / ALIGN * ALIGN;
    }

    /** Transposes neurons {@code [kFrom, kTo)} of the block (relative to {@code first}) on the calling thread. */
    static void readRange(ChunkedSeries s, int firstRecord, int records, int first, int kFrom, int kTo, float[] out) throws IOException {
        float[] tile = ReadBuffers.get().tileValues();
        int capacity = ReadBuffers.TILE_BYTES / 4;
        for (int k0 = kFrom; k0 < kTo; k0 += WIDTH) {
            int n = Math.min(WIDTH, kTo - k0);
            int stride = padded(n);
            int groupRows = Math.max(1, Math.min(records, capacity / stride));
            for (int r0 = 0; r0 < records; r0 += groupRows) {
                int rows = Math.min(groupRows, records - r0);
                // a bulk copy per row piece into an array: element reads of a mapped or direct buffer are slower
                s.readRows(firstRecord + r0, rows, first + k0, n, tile, 0, stride);
                gather(tile, stride, rows, n, out, k0 * records + r0, records);
            }
        }
    }

    /** Row length in the tile: whole cache lines plus one, so rows are not a power of two apart. */
    private static int padded(int n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN + ALIGN;
    }

    /**
     * Neuron {@code k}'s values of all {@code rows} go to one sequential run {@code out[outBase + k * records ...]}.
     * Four neurons at a time: their values share a cache line of the tile, so one pass over the rows
     * feeds four output runs, a quarter of the loop overhead of one neuron per pass.
     */
    private static void gather(float[] tile, int stride, int rows, int n, float[] out, int outBase, int records) {
        int k = 0;
        for (; k + 4 <= n; k += 4) {
            int o0 = outBase + k * records;
            int o1 = o0 + records;
            int o2 = o1 + records;
            int o3 = o2 + records;
            int src = k;
            for (int i = 0; i < rows; i++, src += stride) {
                out[o0 + i] = tile[src];
                out[o1 + i] = tile[src + 1];
                out[o2 + i] = tile[src + 2];
                out[o3 + i] = tile[src + 3];
            }
        }
        for (; k < n; k++) {
            int o = outBase + k * records;
            int src = k;
            for (int i = 0; i < rows; i++, src += stride) {
                out[o + i] = tile[src];
            }
        }
    }
}
