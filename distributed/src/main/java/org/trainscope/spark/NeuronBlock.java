package org.trainscope.spark;

import java.io.IOException;
import java.io.Serializable;

import org.apache.hadoop.fs.FileSystem;
import org.trainscope.algorithms.sampling.BlueNoisePolylineSampler;
import org.trainscope.algorithms.sampling.InMemoryPolylineSource;
import org.trainscope.algorithms.sampling.SamplingResult;
import org.trainscope.algorithms.sampling.summary.SummaryPart;

/**
 * One partition of a tensor: a range of neurons over all records. The task reads it tile by tile
 * (one chunk's records x the range, so memory holds the range's polylines and one tile), feeds every
 * tile to the per-neuron summaries and the per-record statistics, and samples the range's polylines
 * with the single-machine blue-noise sampler under the tensor's global metric. With a binning, it
 * also runs the desktop's {@link SummaryPass} over the range (the tensor summary's part the driver
 * merges and writes beside the trace).
 *
 * @param tensor      index into the job's tensor list
 * @param firstNeuron first neuron of the range
 * @param count       neurons in the range
 * @param sampleCount polylines this partition keeps for the merge pass (all when >= count)
 * @param summary     what the tensor summary covers and its binning (the same for every partition of the
 *                    tensor), or null for no tensor summary
 */
record NeuronBlock(int tensor, int firstNeuron, int count, int sampleCount, TensorSummaryJob.Plan summary)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What a partition hands back; {@code summary} is null without a binning. */
    record Result(int tensor, int firstNeuron, int count, float[] summaries, RecordStats[] stats, int[] sampled,
            float[] sampledPolylines, double radius, SummaryPart summary) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    Result compute(TensorData data, MetricSpec metric, ReduceOptions options, boolean withSummaries) throws IOException {
        FileSystem fs = TensorData.fileSystem(data.traceUri());
        int length = data.records();
        float[] polylines = new float[Math.multiplyExact(count, length)];
        NeuronSummaries summaries = new NeuronSummaries(firstNeuron, count);
        RecordStats[] stats = new RecordStats[length];
        float[] tile = new float[Math.multiplyExact(count, data.chunkRecords() > length ? length : data.chunkRecords())];
        byte[] scratch = new byte[count * data.dtype().size()];
        for (int c = 0; c < data.chunkCount(); c++) {
            try (TensorData.Chunk chunk = data.openChunk(fs, c)) {
                chunk.readTile(firstNeuron, count, tile, scratch);
            }
            int base = c * data.chunkRecords();
            for (int i = 0; i < data.recordsIn(c); i++) {
                int r = base + i;
                int offset = i * count;
                summaries.add(tile, offset, r);
                stats[r] = new RecordStats(options.sketchSize());
                stats[r].add(tile, offset, count, firstNeuron, r);
                for (int k = 0; k < count; k++) {
                    polylines[k * length + r] = tile[offset + k];
                }
            }
        }
        int[] selected;
        double radius;
        if (sampleCount >= count || length < 2) {
            selected = java.util.stream.IntStream.range(0, Math.min(count, sampleCount)).toArray();
            radius = Double.NaN;
        } else {
            SamplingResult r = new BlueNoisePolylineSampler().sample(new InMemoryPolylineSource(polylines, count, length),
                    options.sampling(sampleCount), metric.metric(), null);
            selected = r.sortedIndices();
            radius = r.finalRadius();
        }
        float[] kept = new float[selected.length * length];
        int[] global = new int[selected.length];
        for (int i = 0; i < selected.length; i++) {
            System.arraycopy(polylines, selected[i] * length, kept, i * length, length);
            global[i] = firstNeuron + selected[i];
        }
        SummaryPart part = summary == null ? null
                : TensorSummaryJob.part(summary.binning(), polylines, length, summary.records(), firstNeuron, count,
                        data.neurons());
        return new Result(tensor, firstNeuron, count, withSummaries ? summaries.table() : null, stats, global, kept, radius,
                part);
    }
}
