package org.trainscope.algorithms.sampling;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.trainscope.algorithms.sampling.internal.BulkReferences;
import org.trainscope.algorithms.sampling.internal.CandidateRows;
import org.trainscope.algorithms.sampling.internal.OutlierHeap;
import org.trainscope.algorithms.sampling.internal.Parallel;
import org.trainscope.trace.RecordTileVisitor;

/**
 * The per-polyline pass of blue noise over any number of polylines: a {@link RecordTileVisitor}
 * that sees every polyline once, in record tiles as a trace stores them, and keeps the
 * <em>candidates</em> the exact sampler then runs on, with their values:
 * <ul>
 * <li>a stratified subset: the polyline indices are cut into C equal strata
 * ({@link SamplingParameters#candidateLimit()}) and one polyline of each, chosen by the seed, is kept;</li>
 * <li>the K most outlying other polylines ({@link SamplingParameters#outlierLimit()}): every one with
 * a non-finite value first (earliest onset first), then the largest distances to the bulk (to the
 * nearest of a few seeded reference polylines, in the sampler's metric).</li>
 * </ul>
 * Tile record indices are points of the source the collector was made for (for
 * {@link TensorSeriesPolylines#of}, the tensor's records; a shared pass over a tensor's records for a
 * source that starts at record f must subtract f, as {@link TensorSeriesPolylines#scanTiles} does).
 * Run alone: {@code source.scanTiles(metric.from(), metric.to(), collector)}, then
 * {@link BlueNoisePolylineSampler#sample(Candidates, SamplingParameters, IProgressMonitor)} on
 * {@link #candidates()}. Records outside the sampling range are
 * skipped, so the collector can share a scan of a wider range with other visitors. Strips of
 * polylines must arrive whole (all records of a strip before the next strip) and in ascending order, as
 * {@code TensorSeries#scanRecordTiles} delivers them. Heap: the kept rows (4 bytes per point of the
 * range for each of C + K polylines) and two strips (one scored while the next is filled).
 */
public final class CandidateCollector implements RecordTileVisitor {

    private final int polylineCount;
    private final PolylineMetric metric;
    /** The metric on rows that hold only the range's points: the same embeddings. */
    private final PolylineMetric rangeMetric;
    private final int from;
    private final int points;
    /** Points of the source's polylines (the candidates' rows hold {@code points} of them from {@code from}). */
    private final int sourceLength;
    private final long seed;
    private final int strata;
    private final CandidateRows stratified;
    private final OutlierHeap outliers;
    private final BulkReferences bulk;
    private final IProgressMonitor monitor;

    private float[] strip = new float[0];
    /** The strip array being scored while {@link #strip} is filled (they swap at each strip's end). */
    private float[] spare = new float[0];
    /** The strip being scored beside the scan, or null. */
    private Future<?> scoring;
    private int stripFirst = -1;
    private int stripCount;
    private int stripFilled;
    private long seen;
    /** The end of the last finished strip. */
    private int seenEnd;
    private long nonFinite;

    /**
     * @param source     the polylines the tiles will come from (read here only for the few bulk
     *                   references)
     * @param parameters the sampler's parameters (range, seed, C, K)
     * @param metric     the sampler's metric for {@code source}
     * @param monitor    checked for cancellation and given one unit of work per polyline; may be null
     */
    public CandidateCollector(PolylineSource source, SamplingParameters parameters, PolylineMetric metric,
            IProgressMonitor monitor) {
        this.polylineCount = source.polylineCount();
        this.metric = metric;
        this.from = metric.from();
        this.points = metric.to() - metric.from();
        this.sourceLength = source.length();
        this.rangeMetric = new PolylineMetric(0, points, metric.segmentCount(), metric.lo(), metric.scale(),
                metric.positionWeight(), metric.directionWeight());
        this.seed = parameters.seed();
        this.strata = Math.min(parameters.candidateLimit(), polylineCount);
        this.stratified = new CandidateRows(strata, points);
        this.outliers = new OutlierHeap(Math.min(parameters.outlierLimit(), polylineCount - strata), points);
        this.bulk = BulkReferences.of(source, metric, parameters.seed());
        this.monitor = monitor;
    }

    /** @return the heap the kept rows take, in bytes (C + K rows of the range's points) */
    public long keptBytes() {
        return stratified.bytes() + outliers.rows().bytes();
    }

    @Override
    public void visit(int firstNeuron, int neuronCount, int firstRecord, int recordCount, float[] values, int stride) {
        if (firstNeuron != stripFirst) {
            if (stripFirst >= 0) {
                throw new IllegalStateException("polylines " + stripFirst + ".." + (stripFirst + stripCount - 1)
                        + " got " + stripFilled + " of their " + points + " points before polyline " + firstNeuron);
            }
            if (firstNeuron < seenEnd) {
                throw new IllegalStateException("polyline " + firstNeuron + " after polylines up to " + (seenEnd - 1)
                        + ": strips must come in ascending order");
            }
            startStrip(firstNeuron, neuronCount);
        } else if (neuronCount != stripCount) {
            throw new IllegalStateException("a strip of " + stripCount + " polylines from " + firstNeuron
                    + " continued with " + neuronCount);
        }
        int lo = Math.max(firstRecord, from);
        int hi = Math.min(firstRecord + recordCount, from + points);
        for (int record = lo; record < hi; record++) {
            int in = (record - firstRecord) * stride;
            int j = record - from;
            for (int k = 0; k < neuronCount; k++) {
                strip[k * points + j] = values[in + k];
            }
        }
        stripFilled += Math.max(0, hi - lo);
        if (stripFilled == points) {
            finishStrip();
        }
    }

    /** Where strips are scored, beside the scan that fills the next (shared by all collectors). */
    private static final ExecutorService SCORING = Parallel.daemonThreads("TrainScope candidate scoring");

    private void startStrip(int first, int count) {
        if (strip.length < count * points) {
            strip = new float[Math.multiplyExact(count, points)];
        }
        stripFirst = first;
        stripCount = count;
        stripFilled = 0;
    }

    /**
     * Hands the filled strip to the scoring thread and fills the other strip array meanwhile: a scan
     * that waits for the disk goes on reading while the strip before is scored. One strip at a time
     * is scored, in scan order, so the kept candidates and the entry thresholds are those of scoring
     * strip after strip on the scan's thread.
     */
    private void finishStrip() {
        if (monitor != null && monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
        awaitScoring();
        int first = stripFirst;
        int count = stripCount;
        float[] rows = strip;
        scoring = SCORING.submit(() -> score(first, count, rows));
        strip = spare;
        spare = rows;
        seenEnd = first + count;
        stripFirst = -1;
        if (monitor != null) {
            monitor.worked(count);
        }
    }

    /** Waits for the strip being scored; rethrows what failed there. */
    private void awaitScoring() {
        if (scoring != null) {
            try {
                Parallel.await(scoring); // it writes into the kept candidates: let it end first
            } finally {
                scoring = null;
            }
        }
    }

    /** Scores polylines {@code first .. first + count - 1} (rows of {@code points}) and keeps the candidates among them. */
    private void score(int first, int count, float[] rows) {
        double[] score = new double[count];
        int[] signature = new int[count];
        // polylines offered later have higher indices, so a score at or below what the least
        // outlying kept polyline has now cannot enter: its exact value is not needed
        double enough = outliers.entryThreshold();
        Parallel.forRanges(count, (a, b) -> {
            float[] v = new float[rangeMetric.embeddingLength()];
            double[] scratch = rangeMetric.newEmbeddingScratch();
            double[] bulkScratch = bulk.newScratch();
            for (int k = a; k < b; k++) {
                signature[k] = rangeMetric.embed(rows, k * points, v, 0, scratch);
                score[k] = signature[k] >= 0 ? 0 : bulk.nearest(v, 0, bulkScratch, enough);
            }
        });
        boolean[] picked = new boolean[count];
        if (strata > 0) {
            for (int s = stratumOf(first); s < strata && stratumStart(s) < first + count; s++) {
                int pick = pickOf(s);
                if (pick >= first && pick < first + count) {
                    stratified.set(s, rows, (pick - first) * points);
                    picked[pick - first] = true;
                }
            }
        }
        for (int k = 0; k < count; k++) {
            if (signature[k] >= 0) {
                nonFinite++;
            }
            if (!picked[k]) {
                outliers.offer(first + k, score[k], signature[k], rows, k * points);
            }
        }
        seen += count;
    }

    /** @return the first polyline of stratum {@code s} (the last stratum ends at the polyline count) */
    private int stratumStart(int s) {
        return (int) ((long) s * polylineCount / strata);
    }

    /** @return the stratum polyline {@code i} lies in */
    private int stratumOf(int i) {
        return (int) (((long) (i + 1) * strata - 1) / polylineCount);
    }

    /** @return the polyline kept from stratum {@code s}: a seeded choice within it */
    private int pickOf(int s) {
        int start = stratumStart(s);
        int size = stratumStart(s + 1) - start;
        long z = (seed ^ 0x7374726174756DL) + (s + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return start + (int) (((z >>> 33) * size) >>> 31);
    }

    /** @return how many polylines the pass has seen (and scored) */
    public long seen() {
        awaitScoring();
        return seen;
    }

    /** @return how many polylines seen had a non-finite value in the range */
    public long nonFiniteCount() {
        awaitScoring();
        return nonFinite;
    }

    /**
     * @return the candidates, by ascending polyline index, as a source of the range's points
     * @throws IllegalStateException if the pass has not seen every polyline
     */
    public Candidates candidates() {
        awaitScoring();
        if (seen != polylineCount || stripFirst >= 0) {
            throw new IllegalStateException("the candidate pass saw " + seen + " of " + polylineCount
                    + " polylines");
        }
        int extra = outliers.size();
        // the outlier entries by ascending polyline index: (index, entry) packed in a long
        long[] keyed = new long[extra];
        for (int e = 0; e < extra; e++) {
            keyed[e] = ((long) outliers.polyline(e) << 32) | e;
        }
        java.util.Arrays.sort(keyed);
        int total = strata + extra;
        int[] polyline = new int[total];
        // negative entries are outlier rows (-1 - entry), others stratum rows
        int[] row = new int[total];
        int s = 0;
        int o = 0;
        for (int c = 0; c < total; c++) {
            int nextOutlier = o < extra ? (int) (keyed[o] >>> 32) : Integer.MAX_VALUE;
            int nextStratum = s < strata ? pickOf(s) : Integer.MAX_VALUE;
            if (nextStratum < nextOutlier) {
                polyline[c] = nextStratum;
                row[c] = s++;
            } else {
                polyline[c] = nextOutlier;
                row[c] = -1 - (int) keyed[o++];
            }
        }
        return new Candidates(polyline, row);
    }

    /** The candidates: which polylines they are, and their values over the range. */
    public final class Candidates implements PolylineSource {
        private final int[] polyline;
        private final int[] row;

        private Candidates(int[] polyline, int[] row) {
            this.polyline = polyline;
            this.row = row;
        }

        /** @return the polyline index of candidate {@code c} */
        public int polyline(int c) {
            return polyline[c];
        }

        /** @return the metric on these rows: the sampler's, for rows that hold only its range */
        public PolylineMetric metric() {
            return rangeMetric;
        }

        /** @return the sampler's metric on the whole source */
        public PolylineMetric sourceMetric() {
            return metric;
        }

        /** @return whether the candidates' rows hold every point of the source's polylines (the range is all of them) */
        public boolean holdWholePolylines() {
            return from == 0 && points == sourceLength;
        }

        /** @return how many polylines the pass saw (the source's count) */
        public int sourceCount() {
            return polylineCount;
        }

        /** @return how many polylines of the source had a non-finite value in the range */
        public long sourceNonFiniteCount() {
            return nonFinite;
        }

        @Override
        public int polylineCount() {
            return polyline.length;
        }

        @Override
        public int length() {
            return points;
        }

        @Override
        public void read(int first, int count, float[] out) {
            for (int i = 0; i < count; i++) {
                int r = row[first + i];
                if (r >= 0) {
                    stratified.get(r, out, i * points);
                } else {
                    outliers.rows().get(-1 - r, out, i * points);
                }
            }
        }

        @Override
        public String name() {
            return "candidates";
        }
    }
}
