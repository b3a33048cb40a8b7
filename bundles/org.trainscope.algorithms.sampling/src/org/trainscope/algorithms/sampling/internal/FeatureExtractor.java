package org.trainscope.algorithms.sampling.internal;

import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.sampling.PolylineMetric;
import org.trainscope.algorithms.sampling.PolylineSource;

/**
 * The one pass over all the data: reads the source in blocks (in parallel, in source order so a
 * mapped file is read sequentially), embeds each polyline and stores its coarse features and its
 * 16-bit copy by polyline index, then puts the table in candidate order.
 */
public final class FeatureExtractor {

    private static final int BLOCK_ROWS = 512;
    /** Blocks handed to the pool between two cancellation checks. */
    private static final int BLOCKS_PER_BATCH = 64;

    private final PolylineSource source;
    private final PolylineMetric metric;
    private final int[] blockStart;
    private final int blocks;

    public FeatureExtractor(PolylineSource source, PolylineMetric metric) {
        this.source = source;
        this.metric = metric;
        int segments = metric.segmentCount();
        this.blocks = Math.min(CandidateTable.BLOCKS, segments);
        this.blockStart = new int[blocks + 1];
        for (int b = 0; b <= blocks; b++) {
            blockStart[b] = b * segments / blocks;
        }
    }

    public CandidateTable extract(int[] polylineOfSlot, SubMonitor monitor) {
        int n = polylineOfSlot.length;
        CandidateTable table = new CandidateTable(polylineOfSlot, metric);
        int blockCount = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
        monitor.setWorkRemaining(blockCount);
        ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
        for (int first = 0; first < blockCount; first += BLOCKS_PER_BATCH) {
            if (monitor.isCanceled()) {
                throw new OperationCanceledException();
            }
            int batchFirst = first;
            int batch = Math.min(BLOCKS_PER_BATCH, blockCount - first);
            Parallel.forEach(batch, i -> {
                Scratch buffers = scratch.get();
                int firstRow = (batchFirst + i) * BLOCK_ROWS;
                int rows = Math.min(BLOCK_ROWS, n - firstRow);
                source.read(firstRow, rows, buffers.rows);
                for (int r = 0; r < rows; r++) {
                    describe(buffers, r * source.length(), table, firstRow + r);
                }
            });
            monitor.worked(batch);
        }
        // the passes stream through the table in candidate order (read by polyline index it costs
        // cache misses per candidate; written scattered, in the loop above, it costs more than
        // this one parallel gather)
        table.toCandidateOrder();
        return table;
    }

    /** One thread's buffers: a block of rows, an embedding, the metric's scratch. */
    private final class Scratch {
        final float[] rows = new float[BLOCK_ROWS * source.length()];
        final float[] embedding = new float[metric.embeddingLength()];
        final double[] vertices = metric.newEmbeddingScratch();
    }

    /** Writes polyline {@code polyline}'s entries, by polyline index (sequential writes). */
    private void describe(Scratch buffers, int rowOffset, CandidateTable table, int polyline) {
        float[] v = buffers.embedding;
        // every polyline has an embedding, non-finite ones too; the signature is kept for the
        // reservation of the earliest failures
        table.signature[polyline] = metric.embed(buffers.rows, rowOffset, v, 0, buffers.vertices);
        int segments = metric.segmentCount();
        int base = polyline * CandidateTable.STRIDE;
        double level = 0;
        double trend = 0;
        double norm = 0;
        for (int b = 0; b < blocks; b++) {
            int start = blockStart[b];
            int end = blockStart[b + 1];
            double position = 0;
            double direction = 0;
            for (int i = start; i < end; i++) {
                position += v[i];
                direction += v[segments + i];
            }
            table.features[base + b] = (float) position;
            table.features[base + CandidateTable.BLOCKS + b] = (float) direction;
            level += position;
            trend += 2 * b < blocks ? -position : position;
            norm += Math.abs(position) + Math.abs(direction);
        }
        table.featureNorm[polyline] = (float) norm;
        table.level[polyline] = (float) level;
        table.trend[polyline] = (float) trend;
        table.quantised.encode(polyline, v, 0);
    }
}
