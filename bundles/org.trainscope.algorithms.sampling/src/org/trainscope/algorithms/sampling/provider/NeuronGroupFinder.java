package org.trainscope.algorithms.sampling.provider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.trainscope.algorithms.sampling.PolylineMetric;

/**
 * Finds groups of anomalous neurons: the sampled polylines the caller marks (the chart's outliers and
 * those far beyond the bulk range) or that turn non-finite,
 * grouped by the pattern they share (docs/algorithms/blue-noise-polyline-sampling.md, "Anomalous
 * neuron groups"). Polylines that turn NaN/Inf are grouped by the kind of their first non-finite
 * value and by its point (onsets closer than {@link #onsetGap(int)} points chain into one group);
 * the finite ones by average-linkage clustering of the embeddings (the sampler's own polyline
 * embedding and distance) of their <em>anomalous part</em>: their deviation from the bulk's median
 * polyline where it exceeds the bulk's spread, zero elsewhere. Two groups merge while their
 * average distance is below half the mean size (distance from zero) of the smaller of the two:
 * polylines that leave the bulk in the same way, at the same time, share a pattern, whatever their
 * own level within the bulk. Candidates that never leave the bulk's spread (outliers by shape) form
 * one group.
 * Each group is named from its median deviation from the bulk ({@link NeuronGroup.Pattern}).
 * Plain Java, cancellable, no display needed.
 */
public final class NeuronGroupFinder {
    /** At most this many finite candidates are clustered (the farthest from the bulk); the rest join the nearest group. */
    static final int MAX_CLUSTERED = 400;
    /** Groups merge while their average distance is below this share of the smaller of their anomalous parts' sizes. */
    static final double MERGE_SHARE = 0.5;
    /** A point is apart from the bulk when the group's median deviation exceeds this many robust spreads of the sample there ... */
    static final double APART_SPREADS = 3;
    /** ... and this share of the bulk's height (normalised units), so that a flat sample does not make every wiggle apart. */
    static final double APART_FLOOR = 0.05;
    /** A spike is apart at most this share of the points (at least 2) and back with the bulk at the end. */
    static final double SPIKE_SHARE = 0.1;

    private NeuronGroupFinder() {
    }

    /**
     * @param values     the sampled polylines' values over the chart's range, polyline after polyline
     * @param sampled    their polyline indices
     * @param outliers   which of them are anomalous while finite (outliers, far beyond the bulk)
     * @param metric     the sampler's distance (its normalisation names the deviations)
     * @param iterations the training iteration of each point of the range
     * @param monitor    cancellation; null for none
     * @return the groups, by onset (groups without one last), then by size
     */
    public static List<NeuronGroup> find(float[] values, int[] sampled, boolean[] outliers, PolylineMetric metric,
            long[] iterations, IProgressMonitor monitor) {
        int length = iterations.length;
        int n = sampled.length;
        List<Integer> nonFinite = new ArrayList<>();
        List<Integer> finite = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int onset = DynamicsChartModel.onset(values, i * length, length);
            if (onset >= 0) {
                nonFinite.add(i);
            } else if (outliers[i]) {
                finite.add(i);
            }
        }
        List<NeuronGroup> groups = new ArrayList<>();
        if (nonFinite.isEmpty() && finite.isEmpty()) {
            return groups;
        }
        Bulk bulk = new Bulk(values, n, length, metric);
        groups.addAll(nonFiniteGroups(values, sampled, nonFinite, length, iterations, bulk, metric));
        groups.addAll(finiteGroups(values, sampled, finite, length, iterations, bulk, metric, monitor));
        groups = mergeAlike(groups);
        groups.sort(Comparator.comparingLong((NeuronGroup g) -> g.onset() < 0 ? Long.MAX_VALUE : g.onset())
                .thenComparing(Comparator.comparingInt(NeuronGroup::size).reversed())
                .thenComparing(Comparator.comparingDouble(NeuronGroup::distance).reversed()));
        return List.copyOf(groups);
    }

    /**
     * Groups that read the same in the list (pattern and description: "spikes downward at it. 1")
     * become one. Clustering keeps apart polylines whose later points differ (a spike at
     * iterations 1 and 40, another at 1 and 70), but two rows with one name told the user nothing
     * but that the rows were different, and the planted spikes of a synthetic 60 M trace filled the
     * list with such pairs.
     */
    public static List<NeuronGroup> mergeAlike(List<NeuronGroup> groups) {
        java.util.Map<String, List<NeuronGroup>> byName = new java.util.LinkedHashMap<>();
        for (NeuronGroup g : groups) {
            byName.computeIfAbsent(g.pattern() + "\n" + g.description(), k -> new ArrayList<>()).add(g);
        }
        List<NeuronGroup> merged = new ArrayList<>();
        for (List<NeuronGroup> alike : byName.values()) {
            NeuronGroup first = alike.get(0);
            if (alike.size() == 1) {
                merged.add(first);
                continue;
            }
            int[] polylines = alike.stream().flatMapToInt(g -> Arrays.stream(g.polylines())).distinct().toArray();
            double distance = alike.stream().mapToDouble(g -> g.distance() * g.size()).sum()
                    / alike.stream().mapToInt(NeuronGroup::size).sum();
            NeuronGroup earliest = alike.stream().min(Comparator.comparingInt(NeuronGroup::onset)).orElseThrow();
            merged.add(new NeuronGroup(first.pattern(), first.description(), polylines, earliest.onset(),
                    earliest.iteration(), distance));
        }
        return merged;
    }

    /** Onsets closer than this many points are one failure (at least 1: the next record). */
    static int onsetGap(int length) {
        return Math.max(1, length / 50);
    }

    /** The bulk of the sample: its median polyline, embedded, and the robust spread of the sample per point. */
    private static final class Bulk {
        final double[] median;
        final double[] spread;
        final float[] embedding;
        final double meanStep;

        /** How far from the median a value at point j is apart from the bulk. */
        double apartLimit(int j) {
            return Math.max(APART_FLOOR, APART_SPREADS * spread[j]);
        }

        Bulk(float[] values, int n, int length, PolylineMetric metric) {
            median = new double[length];
            spread = new double[length];
            double[] column = new double[n];
            float[] medianRow = new float[length];
            for (int j = 0; j < length; j++) {
                int k = 0;
                for (int i = 0; i < n; i++) {
                    float v = values[i * length + j];
                    if (Float.isFinite(v)) {
                        column[k++] = y(metric, v);
                    }
                }
                if (k == 0) {
                    median[j] = Double.NaN;
                    spread[j] = 0;
                    medianRow[j] = Float.NaN;
                    continue;
                }
                Arrays.sort(column, 0, k);
                median[j] = column[k / 2];
                for (int i = 0; i < k; i++) {
                    column[i] = Math.abs(column[i] - median[j]);
                }
                Arrays.sort(column, 0, k);
                spread[j] = 1.4826 * column[k / 2]; // the median absolute deviation, as a standard deviation
                medianRow[j] = medianValue(values, n, length, j);
            }
            embedding = new float[metric.embeddingLength()];
            metric.embed(medianRow, 0, embedding, 0);
            meanStep = meanStep(median);
        }

        /** The median of the raw finite values at point j (the median polyline in data units, for the embedding). */
        private static float medianValue(float[] values, int n, int length, int j) {
            float[] c = new float[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                float v = values[i * length + j];
                if (Float.isFinite(v)) {
                    c[k++] = v;
                }
            }
            Arrays.sort(c, 0, k);
            return c[k / 2];
        }
    }

    /** A value normalised as the distance normalises it (the bulk of all values in [0, 1]); far values are not compressed. */
    private static double y(PolylineMetric metric, float v) {
        return metric.normalise(v);
    }

    private static double meanStep(double[] ys) {
        double sum = 0;
        int steps = 0;
        for (int j = 1; j < ys.length; j++) {
            if (Double.isFinite(ys[j]) && Double.isFinite(ys[j - 1])) {
                sum += Math.abs(ys[j] - ys[j - 1]);
                steps++;
            }
        }
        return steps == 0 ? 0 : sum / steps;
    }

    /** Polylines turning non-finite: by kind, then onsets chained while closer than the gap. */
    private static List<NeuronGroup> nonFiniteGroups(float[] values, int[] sampled, List<Integer> members,
            int length, long[] iterations, Bulk bulk, PolylineMetric metric) {
        List<NeuronGroup> groups = new ArrayList<>();
        NeuronGroup.Pattern[] kinds = { NeuronGroup.Pattern.NAN, NeuronGroup.Pattern.POSITIVE_INFINITY,
                NeuronGroup.Pattern.NEGATIVE_INFINITY };
        int gap = onsetGap(length);
        float[] embedding = new float[metric.embeddingLength()];
        for (int kind = 0; kind < kinds.length; kind++) {
            List<int[]> ofKind = new ArrayList<>(); // {sample index, onset}
            for (int i : members) {
                int onset = DynamicsChartModel.onset(values, i * length, length);
                if (kindOf(values[i * length + onset]) == kind) {
                    ofKind.add(new int[] { i, onset });
                }
            }
            ofKind.sort(Comparator.comparingInt((int[] a) -> a[1]));
            int start = 0;
            for (int k = 1; k <= ofKind.size(); k++) {
                if (k == ofKind.size() || ofKind.get(k)[1] - ofKind.get(k - 1)[1] > gap) {
                    List<int[]> run = ofKind.subList(start, k);
                    int[] polylines = run.stream().mapToInt(a -> sampled[a[0]]).toArray();
                    int onset = run.get(0)[1];
                    double distance = 0;
                    for (int[] a : run) {
                        metric.embed(values, a[0] * length, embedding, 0);
                        distance += PolylineMetric.distance(embedding, 0, bulk.embedding, 0, embedding.length);
                    }
                    groups.add(new NeuronGroup(kinds[kind], String.format(Locale.ROOT, "%s from it. %d",
                            kinds[kind].word(), iterations[onset]), polylines, onset, iterations[onset],
                            distance / run.size()));
                    start = k;
                }
            }
        }
        return groups;
    }

    private static int kindOf(float v) {
        return Float.isNaN(v) ? 0 : v > 0 ? 1 : 2;
    }

    /**
     * Finite outliers: average-linkage clusters of the embeddings of their anomalous parts; those
     * without one (never apart from the bulk) are one group.
     */
    private static List<NeuronGroup> finiteGroups(float[] values, int[] sampled, List<Integer> members, int length,
            long[] iterations, Bulk bulk, PolylineMetric metric, IProgressMonitor monitor) {
        int m = members.size();
        if (m == 0) {
            return List.of();
        }
        // the sampler's embedding of a deviation profile: same segments and weights, values already normalised
        PolylineMetric profiles = new PolylineMetric(0, length, metric.segmentCount(), 0, 1, metric.positionWeight(),
                metric.directionWeight());
        int e = profiles.embeddingLength();
        float[] embeddings = new float[m * e];
        double[] size = new double[m];
        float[] profile = new float[length];
        float[] zero = new float[e];
        double[] scratch = profiles.newEmbeddingScratch();
        List<Integer> anomalous = new ArrayList<>();
        List<Integer> withinSpread = new ArrayList<>();
        for (int c = 0; c < m; c++) {
            int row = members.get(c);
            boolean any = false;
            for (int j = 0; j < length; j++) {
                double deviation = Double.isFinite(bulk.median[j]) ? y(metric, values[row * length + j]) - bulk.median[j] : 0;
                boolean apart = Math.abs(deviation) > bulk.apartLimit(j);
                profile[j] = apart ? (float) deviation : 0f;
                any |= apart;
            }
            profiles.embed(profile, 0, embeddings, c * e, scratch);
            size[c] = PolylineMetric.distance(embeddings, c * e, zero, 0, e);
            (any ? anomalous : withinSpread).add(c);
        }
        // the largest anomalous parts are clustered; any others join the nearest clustered one's group
        anomalous.sort(Comparator.comparingDouble((Integer c) -> size[c]).reversed());
        int k = Math.min(anomalous.size(), MAX_CLUSTERED);
        int[] clustered = anomalous.stream().limit(k).mapToInt(Integer::intValue).toArray();
        int[] label = averageLinkage(embeddings, e, clustered, size, monitor);
        int[] labelOf = new int[m];
        Arrays.fill(labelOf, -1);
        for (int i = 0; i < k; i++) {
            labelOf[clustered[i]] = label[i];
        }
        for (int i = k; i < anomalous.size(); i++) {
            int c = anomalous.get(i);
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double d = PolylineMetric.distance(embeddings, c * e, embeddings, clustered[j] * e, e);
                if (d < best) {
                    best = d;
                    labelOf[c] = label[j];
                }
            }
        }
        int labels = Arrays.stream(label).max().orElse(-1) + 1;
        for (int c : withinSpread) {
            labelOf[c] = labels;
        }
        List<NeuronGroup> groups = new ArrayList<>();
        for (int g = 0; g <= labels; g++) {
            List<Integer> in = new ArrayList<>();
            double distance = 0;
            for (int c = 0; c < m; c++) {
                if (labelOf[c] == g) {
                    in.add(c);
                    distance += size[c];
                }
            }
            if (in.isEmpty()) {
                continue;
            }
            int[] rows = in.stream().mapToInt(members::get).toArray();
            int[] polylines = Arrays.stream(rows).map(r -> sampled[r]).toArray();
            groups.add(describe(values, rows, polylines, length, iterations, bulk, metric, distance / in.size()));
        }
        return groups;
    }

    /**
     * Average linkage (UPGMA) over the given candidates: merges the closest two groups whose
     * average distance is below {@link #MERGE_SHARE} of the smaller of their mean sizes, until none
     * is; Lance-Williams updates keep it O(k^2) memory.
     *
     * @param toBulk each candidate's size (its anomalous part's distance from zero), by candidate index
     * @return a group label per candidate, 0 .. groups-1
     */
    static int[] averageLinkage(float[] embeddings, int e, int[] candidates, double[] toBulk,
            IProgressMonitor monitor) {
        int k = candidates.length;
        double[] bulkOf = new double[k];
        for (int i = 0; i < k; i++) {
            bulkOf[i] = toBulk[candidates[i]];
        }
        double[][] d = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                d[i][j] = PolylineMetric.distance(embeddings, candidates[i] * e, embeddings, candidates[j] * e, e);
                d[j][i] = d[i][j];
            }
        }
        int[] size = new int[k];
        Arrays.fill(size, 1);
        int[] parent = new int[k];
        for (int i = 0; i < k; i++) {
            parent[i] = i;
        }
        boolean[] alive = new boolean[k];
        Arrays.fill(alive, true);
        while (true) {
            if (monitor != null && monitor.isCanceled()) {
                throw new OperationCanceledException();
            }
            int bi = -1;
            int bj = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                if (!alive[i]) {
                    continue;
                }
                for (int j = i + 1; j < k; j++) {
                    if (alive[j] && d[i][j] < best && d[i][j] < MERGE_SHARE * Math.min(bulkOf[i], bulkOf[j])) {
                        best = d[i][j];
                        bi = i;
                        bj = j;
                    }
                }
            }
            if (bi < 0) {
                break;
            }
            for (int x = 0; x < k; x++) {
                if (alive[x] && x != bi && x != bj) {
                    double merged = (size[bi] * d[bi][x] + size[bj] * d[bj][x]) / (size[bi] + size[bj]);
                    d[bi][x] = merged;
                    d[x][bi] = merged;
                }
            }
            bulkOf[bi] = (size[bi] * bulkOf[bi] + size[bj] * bulkOf[bj]) / (size[bi] + size[bj]);
            size[bi] += size[bj];
            alive[bj] = false;
            parent[bj] = bi;
        }
        int[] label = new int[k];
        int[] labelOfRoot = new int[k];
        Arrays.fill(labelOfRoot, -1);
        int next = 0;
        for (int i = 0; i < k; i++) {
            int root = i;
            while (parent[root] != root) {
                root = parent[root];
            }
            if (labelOfRoot[root] < 0) {
                labelOfRoot[root] = next++;
            }
            label[i] = labelOfRoot[root];
        }
        return label;
    }

    /** Names a finite group by its median deviation from the bulk's median polyline, point by point. */
    static NeuronGroup describe(float[] values, int[] rows, int[] polylines, int length, long[] iterations, Bulk bulk,
            PolylineMetric metric, double distance) {
        double[] deviation = new double[length];
        double[] one = new double[rows.length];
        double[] groupMedian = new double[length];
        boolean[] apart = new boolean[length];
        int apartCount = 0;
        int first = -1;
        int peak = -1;
        for (int j = 0; j < length; j++) {
            int k = 0;
            for (int r : rows) {
                float v = values[r * length + j];
                if (Float.isFinite(v) && Double.isFinite(bulk.median[j])) {
                    one[k++] = y(metric, v) - bulk.median[j];
                }
            }
            if (k == 0) {
                deviation[j] = 0;
                groupMedian[j] = Double.NaN;
                continue;
            }
            Arrays.sort(one, 0, k);
            deviation[j] = one[k / 2];
            groupMedian[j] = bulk.median[j] + deviation[j];
            apart[j] = Math.abs(deviation[j]) > bulk.apartLimit(j);
            if (apart[j]) {
                apartCount++;
                first = first < 0 ? j : first;
            }
            if (peak < 0 || Math.abs(deviation[j]) > Math.abs(deviation[peak])) {
                peak = j;
            }
        }
        String way = deviation[Math.max(0, peak)] >= 0 ? "upward" : "downward";
        String side = deviation[Math.max(0, peak)] >= 0 ? "above" : "below";
        if (apartCount == 0) {
            double ratio = bulk.meanStep > 0 ? meanStep(groupMedian) / bulk.meanStep : Double.POSITIVE_INFINITY;
            String text = ratio > 1 && Double.isFinite(ratio)
                    ? String.format(Locale.ROOT, "fluctuates %.1f× as much as the bulk", ratio)
                    : "differs in shape from the bulk";
            return new NeuronGroup(NeuronGroup.Pattern.FLUCTUATES, text, polylines, -1, -1, distance);
        }
        long at = iterations[first];
        if (first == 0 && apartCount >= 0.8 * length) {
            return new NeuronGroup(NeuronGroup.Pattern.OFFSET, side + " the bulk throughout", polylines, 0, at,
                    distance);
        }
        if (first == 0 && !apart[length - 1]) {
            int until = length - 1;
            while (until > 0 && !apart[until]) {
                until--;
            }
            return new NeuronGroup(NeuronGroup.Pattern.OFFSET, String.format(Locale.ROOT, "%s the bulk until it. %d",
                    side, iterations[until]), polylines, 0, at, distance);
        }
        if (apartCount <= Math.max(2, SPIKE_SHARE * length) && !apart[length - 1]) {
            return new NeuronGroup(NeuronGroup.Pattern.SPIKES,
                    String.format(Locale.ROOT, "spikes %s at it. %d", way, at), polylines, first, at, distance);
        }
        boolean growing = apart[length - 1]
                && Math.abs(deviation[length - 1]) > 1.5 * Math.abs(deviation[first]);
        if (growing) {
            return new NeuronGroup(NeuronGroup.Pattern.DIVERGES,
                    String.format(Locale.ROOT, "diverges %s at it. %d", way, at), polylines, first, at, distance);
        }
        return new NeuronGroup(NeuronGroup.Pattern.LEAVES,
                String.format(Locale.ROOT, "leaves the bulk %s at it. %d", way, at), polylines, first, at, distance);
    }
}
