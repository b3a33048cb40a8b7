package org.trainscope.algorithms.sampling;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.trainscope.algorithms.sampling.internal.Parallel;
import org.trainscope.algorithms.sampling.internal.SplitMix64;

/**
 * Measured properties of a sample, all under the metric the sample was drawn with, so that blue
 * noise and random sampling of the same size can be compared. Polylines with NaN or infinite values
 * take part like any other (the metric gives them finite distances), so every figure is finite once
 * two polylines are selected. Exact distances throughout; the
 * sorted mean level of the selected polylines (a 1-Lipschitz projection of the embedding) prunes
 * the nearest-neighbour searches. Costs are stated per method.
 */
public final class SamplingQuality {

    private SamplingQuality() {
    }

    /** Overdraw of a rasterised sample; see {@link SamplingQuality#overdraw}. */
    public record Overdraw(int coveredPixels, int crowdedPixels, double crowdedFraction,
            double meanHitsPerCoveredPixel, int maxHits) {
    }

    /**
     * @return the smallest distance between two selected polylines; +Inf with fewer than two. Cost
     *         O(m^2 * N_S) in the worst case, much less when levels spread.
     */
    public static double minimumPairwiseDistance(PolylineSource source, PolylineMetric metric, int[] selected) {
        Embedded sample = Embedded.of(source, metric, selected);
        double best = Double.POSITIVE_INFINITY;
        int length = metric.embeddingLength();
        for (int i = 0; i < sample.count; i++) {
            for (int j = i + 1; j < sample.count && sample.level[j] - sample.level[i] < best; j++) {
                best = Math.min(best, PolylineMetric.distance(sample.embeddings, i * length, sample.embeddings,
                        j * length, length));
            }
        }
        return best;
    }

    /**
     * Coverage: the largest distance from a polyline to its nearest selected one (smaller is better;
     * +Inf if nothing is selected). Exact over all polylines when there are at most {@code maxQueries};
     * otherwise estimated on a seeded uniform subsample of {@code maxQueries} polylines, which can
     * only underestimate the maximum. Cost O(queries * m * N_S) worst case, pruned by level.
     */
    public static double coverage(PolylineSource source, PolylineMetric metric, int[] selected, int maxQueries,
            long seed) {
        Embedded sample = Embedded.of(source, metric, selected);
        if (sample.count == 0) {
            return Double.POSITIVE_INFINITY;
        }
        int n = source.polylineCount();
        int[] queries = n <= maxQueries ? identity(n) : new SplitMix64(seed).sampleWithoutReplacement(n, maxQueries);
        double[] nearest = new double[queries.length];
        int pieces = Parallel.pieces();
        Parallel.forEach(pieces, piece -> {
            float[] row = new float[source.length()];
            float[] v = new float[metric.embeddingLength()];
            for (int q = queries.length * piece / pieces; q < queries.length * (piece + 1) / pieces; q++) {
                source.read(queries[q], 1, row);
                metric.embed(row, 0, v, 0);
                nearest[q] = sample.nearestDistance(v);
            }
        });
        return Arrays.stream(nearest).max().orElse(0);
    }

    /**
     * @param groups indices of the members of each planted outlier group
     * @param within a group also counts as retained when a selected polyline is closer than this to
     *               one of its members; 0 counts members only
     * @return the fraction of groups retained
     */
    public static double outlierRetention(PolylineSource source, PolylineMetric metric, int[] selected,
            int[][] groups, double within) {
        if (groups.length == 0) {
            return 1;
        }
        Set<Integer> chosen = new HashSet<>();
        for (int index : selected) {
            chosen.add(index);
        }
        Embedded sample = within > 0 ? Embedded.of(source, metric, selected) : null;
        float[] row = new float[source.length()];
        float[] v = new float[metric.embeddingLength()];
        int retained = 0;
        for (int[] group : groups) {
            boolean kept = false;
            for (int member : group) {
                if (chosen.contains(member)) {
                    kept = true;
                    break;
                }
            }
            for (int i = 0; !kept && sample != null && i < group.length; i++) {
                source.read(group[i], 1, row);
                metric.embed(row, 0, v, 0);
                kept = sample.count > 0 && sample.nearestDistance(v) < within;
            }
            if (kept) {
                retained++;
            }
        }
        return (double) retained / groups.length;
    }

    /**
     * Rasterises the selected polylines (the range of the metric on x, the normalised [0, 1] on y,
     * values outside clipped) into a {@code width x height} grid, each polyline counting at most once
     * per pixel, and reports the covered pixels, the pixels hit by more than {@code manyLines}
     * polylines and their fraction of the covered ones, and the mean hits per covered pixel.
     * Segments touching a non-finite value are not drawn.
     */
    public static Overdraw overdraw(PolylineSource source, PolylineMetric metric, int[] selected, int width,
            int height, int manyLines) {
        int[] hits = new int[width * height];
        int[] stamp = new int[width * height];
        float[] row = new float[source.length()];
        // the polylines as drawn: every point of the range, not the reduced vertices
        int gaps = metric.to() - metric.from() - 1;
        for (int s = 0; s < selected.length; s++) {
            source.read(selected[s], 1, row);
            for (int i = 0; i < gaps; i++) {
                float a = row[metric.from() + i];
                float b = row[metric.from() + i + 1];
                if (!Float.isFinite(a) || !Float.isFinite(b)) {
                    continue;
                }
                double x0 = (double) i / gaps * (width - 1);
                double x1 = (double) (i + 1) / gaps * (width - 1);
                double y0 = (1 - metric.normalise(a)) * (height - 1);
                double y1 = (1 - metric.normalise(b)) * (height - 1);
                int steps = (int) Math.min(4L * (width + height),
                        Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))) + 1);
                for (int t = 0; t <= steps; t++) {
                    double f = (double) t / steps;
                    long px = Math.round(x0 + f * (x1 - x0));
                    long py = Math.round(y0 + f * (y1 - y0));
                    if (px < 0 || px >= width || py < 0 || py >= height) {
                        continue;
                    }
                    int pixel = (int) (py * width + px);
                    if (stamp[pixel] != s + 1) {
                        stamp[pixel] = s + 1;
                        hits[pixel]++;
                    }
                }
            }
        }
        int covered = 0;
        int crowded = 0;
        long total = 0;
        int max = 0;
        for (int h : hits) {
            if (h > 0) {
                covered++;
                total += h;
                max = Math.max(max, h);
                if (h > manyLines) {
                    crowded++;
                }
            }
        }
        return new Overdraw(covered, crowded, covered == 0 ? 0 : (double) crowded / covered,
                covered == 0 ? 0 : (double) total / covered, max);
    }

    /**
     * @return the mean over segments of the normalised entropy (0 .. 1, 1 = uniform) of the
     *         histogram of the selected polylines' segment directions over the
     *         {@link PolylineMetric#DIRECTION_BINS} bins; higher is more balanced. A segment touching
     *         a non-finite value has no direction and is left out of its histogram; segments with no
     *         finite selected segment are left out of the mean (0 if none has one)
     */
    public static double directionBalance(PolylineSource source, PolylineMetric metric, int[] selected) {
        int segments = metric.segmentCount();
        int bins = PolylineMetric.DIRECTION_BINS;
        int[] counts = new int[segments * bins];
        int[] finite = new int[segments];
        float[] row = new float[source.length()];
        byte[] directions = new byte[segments];
        for (int index : selected) {
            source.read(index, 1, row);
            metric.directionBins(row, 0, directions, 0);
            for (int i = 0; i < segments; i++) {
                if (directions[i] != PolylineMetric.NON_FINITE_BIN) {
                    counts[i * bins + directions[i]]++;
                    finite[i]++;
                }
            }
        }
        double sum = 0;
        int measured = 0;
        for (int i = 0; i < segments; i++) {
            if (finite[i] == 0) {
                continue;
            }
            double entropy = 0;
            for (int b = 0; b < bins; b++) {
                double p = (double) counts[i * bins + b] / finite[i];
                if (p > 0) {
                    entropy -= p * Math.log(p);
                }
            }
            sum += entropy / Math.log(bins);
            measured++;
        }
        return measured == 0 ? 0 : sum / measured;
    }

    private static int[] identity(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }

    /** The selected polylines embedded and sorted by level, for pruned nearest searches. */
    private static final class Embedded {
        final int count;
        final int length;
        final float[] embeddings;
        final double[] level;

        private Embedded(int count, int length, float[] embeddings, double[] level) {
            this.count = count;
            this.length = length;
            this.embeddings = embeddings;
            this.level = level;
        }

        static Embedded of(PolylineSource source, PolylineMetric metric, int[] selected) {
            int length = metric.embeddingLength();
            int segments = metric.segmentCount();
            float[] row = new float[source.length()];
            int count = selected.length;
            float[] all = new float[count * length];
            double[] levels = new double[count];
            for (int s = 0; s < count; s++) {
                source.read(selected[s], 1, row);
                metric.embed(row, 0, all, s * length);
                double level = 0;
                for (int i = 0; i < segments; i++) {
                    level += all[s * length + i];
                }
                levels[s] = level;
            }
            // sort by level, carrying the embeddings along
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(levels[a], levels[b]));
            float[] sorted = new float[count * length];
            double[] sortedLevels = new double[count];
            for (int i = 0; i < count; i++) {
                System.arraycopy(all, order[i] * length, sorted, i * length, length);
                sortedLevels[i] = levels[order[i]];
            }
            return new Embedded(count, length, sorted, sortedLevels);
        }

        /** @return the distance from embedding {@code v} to the nearest polyline of this set */
        double nearestDistance(float[] v) {
            int segments = length / 2;
            double queryLevel = 0;
            for (int i = 0; i < segments; i++) {
                queryLevel += v[i];
            }
            int start = Arrays.binarySearch(level, queryLevel);
            start = start >= 0 ? start : -start - 1;
            double best = Double.POSITIVE_INFINITY;
            int up = start;
            int down = start - 1;
            // expand both ways; a polyline whose level differs by at least best cannot be closer
            while (up < count || down >= 0) {
                boolean upOpen = up < count && level[up] - queryLevel < best;
                boolean downOpen = down >= 0 && queryLevel - level[down] < best;
                if (!upOpen && !downOpen) {
                    break;
                }
                if (upOpen) {
                    best = Math.min(best, PolylineMetric.distanceUpTo(v, 0, embeddings, up * length, length, best));
                    up++;
                }
                if (downOpen) {
                    best = Math.min(best,
                            PolylineMetric.distanceUpTo(v, 0, embeddings, down * length, length, best));
                    down--;
                }
            }
            return best;
        }
    }
}
