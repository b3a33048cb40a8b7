package org.trainscope.algorithms.sampling.internal;

import org.trainscope.algorithms.sampling.PolylineMetric;
import org.trainscope.algorithms.sampling.PolylineSource;

/**
 * Exact embeddings and direction bins of the candidates of one chunk, read from the source only
 * for the few candidates that need them (borderline distances, or acceptable ones). Entry
 * {@code local} is written by the one thread that owns that candidate in the parallel phase.
 */
final class CandidateBuffers {

    final int embeddingLength;
    final int segments;
    final float[] embeddings;
    final byte[] bins;
    final boolean[] ready;
    private final PolylineSource source;
    private final PolylineMetric metric;

    CandidateBuffers(int chunk, PolylineSource source, PolylineMetric metric) {
        this.source = source;
        this.metric = metric;
        this.embeddingLength = metric.embeddingLength();
        this.segments = metric.segmentCount();
        this.embeddings = new float[chunk * embeddingLength];
        this.bins = new byte[chunk * segments];
        this.ready = new boolean[chunk];
    }

    void clear(int count) {
        java.util.Arrays.fill(ready, 0, count, false);
    }

    /** Reads and embeds polyline {@code polylineIndex} into entry {@code local} unless already there. */
    void ensure(int local, int polylineIndex, float[] rowScratch) {
        if (ready[local]) {
            return;
        }
        source.read(polylineIndex, 1, rowScratch);
        metric.embed(rowScratch, 0, embeddings, local * embeddingLength);
        metric.directionBins(rowScratch, 0, bins, local * segments);
        ready[local] = true;
    }
}
