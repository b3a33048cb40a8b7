package org.trainscope.trace.internal;

import java.io.IOException;

import org.trainscope.trace.RecordTileVisitor;

/**
 * Record-major scan of a block of neurons: strips of {@link #WIDTH} neurons, each over all
 * requested records in groups that fill the tile, handed to a visitor as they are stored. Strip by
 * strip (not record by record over all neurons) so a visitor's per-neuron accumulators for one strip
 * stay in L1 while the records stream past.
 */
final class TileScan {
    /**
     * Neurons per strip: 8192 float32 = 32 KiB per row piece, long enough for the bulk copies to run
     * at memory speed and 16 records per 512 KiB tile, which stays in L2 while the visitor reads it.
     */
    static final int WIDTH = 8192;

    private TileScan() {
    }

    static void scan(ChunkedSeries s, int firstRecord, int records, int first, int count, RecordTileVisitor visitor) throws IOException {
        // a tile of its own, not the thread's scratch tile: the visitor may read from the trace itself
        int width = Math.min(WIDTH, count);
        float[] tile = new float[Math.max(width, ReadBuffers.TILE_BYTES / 4 / Math.max(1, width) * width)];
        int groupRows = Math.max(1, Math.min(records, tile.length / Math.max(1, width)));
        for (int k0 = 0; k0 < count; k0 += width) {
            int n = Math.min(width, count - k0);
            for (int r0 = 0; r0 < records; r0 += groupRows) {
                int rows = Math.min(groupRows, records - r0);
                s.readRows(firstRecord + r0, rows, first + k0, n, tile, 0, n);
                visitor.visit(first + k0, n, firstRecord + r0, rows, tile, n);
            }
        }
    }
}
