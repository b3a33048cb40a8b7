package org.trainscope.core.snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Two runs' snapshots compared node by node (docs/algorithms/snapshot.md, "Runs compared"): the
 * Snapshot view draws the first run's network with both runs' data flow in every node's chart and
 * each node coloured by how much the two differ at the current iteration.
 * <p>
 * <b>Matching.</b> Nodes match by id (the recorders name nodes by their layer, so two runs of one
 * architecture, or of a deeper/wider variant, share the ids of their common layers). Nodes of only
 * one run are not compared, and are listed ({@link #onlyInFirst}, {@link #onlyInSecond}). Within a
 * node, a tensor of the first run matches the second run's tensor of the same id, else the second
 * run's first not yet matched tensor of the same kind. An iteration of the first run matches the
 * second run's record at the same iteration, or, when the runs record at different intervals, its
 * nearest record before it (never one after: that would compare with the other run's future).
 * <p>
 * <b>Difference.</b> Per matching iteration, log10 of the ratio of mean |value| and of spread
 * (q95 − q05), first over second: ratios, because layers differ by orders of magnitude and an
 * explosion is a factor. A node's score at the current iteration is the largest |log ratio| over
 * its matched tensors and the two measures (1 = one run's values ten times the other's); when
 * exactly one run has NaN/±Inf there, {@code NON_FINITE * (1 + |fraction difference|)}, as in
 * {@link AbnormalityScore}.
 *
 * @param first the first run's snapshot (its network is the one drawn)
 * @param second the second run's snapshot at the same iteration
 * @param differences one per node present in both runs, in the first run's data-flow order
 * @param onlyInFirst node ids of the first run that the second does not have
 * @param onlyInSecond node ids of the second run that the first does not have
 * @param ranking compared node ids by score, largest difference first (nodes with nothing compared left out)
 */
public record SnapshotComparison(SnapshotGraphModel first, SnapshotGraphModel second, List<NodeDifference> differences,
        List<String> onlyInFirst, List<String> onlyInSecond, List<String> ranking) {

    /** How many of the most different nodes the view marks. */
    public static final int MARKED = 3;
    /** A node differing less is not marked: 0.3 decades, a factor of 2 between the runs. */
    public static final double MARK_THRESHOLD = 0.3;

    public SnapshotComparison {
        differences = List.copyOf(differences);
        onlyInFirst = List.copyOf(onlyInFirst);
        onlyInSecond = List.copyOf(onlyInSecond);
        ranking = List.copyOf(ranking);
    }

    public java.util.Optional<NodeDifference> difference(String nodeId) {
        return differences.stream().filter(d -> d.nodeId().equals(nodeId)).findFirst();
    }

    /** Compares two snapshots (normally computed for the same iteration). */
    public static SnapshotComparison of(SnapshotGraphModel first, SnapshotGraphModel second) {
        List<NodeDifference> differences = new ArrayList<>();
        List<String> onlyInFirst = new ArrayList<>();
        Set<String> firstIds = new HashSet<>();
        for (NodeFlow a : first.nodes()) {
            firstIds.add(a.id());
            var b = second.node(a.id());
            if (b.isEmpty()) {
                onlyInFirst.add(a.id());
            } else {
                differences.add(compare(a, b.get(), first.iteration()));
            }
        }
        List<String> onlyInSecond = second.nodes().stream().map(NodeFlow::id).filter(id -> !firstIds.contains(id))
                .toList();
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < differences.size(); i++) {
            order.put(differences.get(i).nodeId(), i);
        }
        List<String> ranking = differences.stream().filter(NodeDifference::compared)
                .sorted(Comparator.comparingDouble((NodeDifference d) -> -d.score())
                        .thenComparingInt(d -> order.get(d.nodeId())))
                .map(NodeDifference::nodeId).toList();
        return new SnapshotComparison(first, second, differences, onlyInFirst, onlyInSecond, ranking);
    }

    /** The tensors of {@code b} matched with {@code a}'s, in {@code a}'s order (null where none matched). */
    static List<FlowSeries> match(List<FlowSeries> a, List<FlowSeries> b) {
        List<FlowSeries> matched = new ArrayList<>();
        Set<FlowSeries> used = new HashSet<>();
        for (FlowSeries s : a) {
            FlowSeries m = b.stream().filter(x -> x.tensorId().equals(s.tensorId()) && !used.contains(x)).findFirst()
                    .orElse(null);
            if (m == null) {
                m = b.stream().filter(x -> x.kind() == s.kind() && !used.contains(x)
                        && a.stream().noneMatch(y -> y.tensorId().equals(x.tensorId()))).findFirst().orElse(null);
            }
            if (m != null) {
                used.add(m);
            }
            matched.add(m);
        }
        return matched;
    }

    private static NodeDifference compare(NodeFlow a, NodeFlow b, long now) {
        List<FlowSeries> mine = a.series();
        List<FlowSeries> theirs = match(mine, b.series());
        NodeDifference best = null;
        for (int k = 0; k < mine.size(); k++) {
            if (theirs.get(k) == null) {
                continue;
            }
            NodeDifference d = compare(a.id(), mine.get(k), theirs.get(k), now);
            if (best == null || d.score() > best.score() || !best.compared() && d.compared()) {
                best = d;
            }
        }
        return best != null ? best
                : new NodeDifference(a.id(), "", "", new long[0], new long[0], new double[0], new double[0], 0,
                        Double.NaN, "no tensor recorded in both runs");
    }

    private static NodeDifference compare(String nodeId, FlowSeries s, FlowSeries o, long now) {
        List<Long> its = new ArrayList<>();
        List<Long> otherIts = new ArrayList<>();
        List<double[]> ratios = new ArrayList<>();
        int current = -1;
        RecordStats[] atCurrent = null;
        for (int i = 0; i < s.size(); i++) {
            int j = atOrBefore(o, s.iteration(i));
            if (j < 0) {
                continue;
            }
            RecordStats x = s.stats().get(i);
            RecordStats y = o.stats().get(j);
            if (i == s.current()) {
                current = its.size();
                atCurrent = new RecordStats[] { x, y };
            }
            its.add(s.iteration(i));
            otherIts.add(o.iteration(j));
            ratios.add(new double[] { logRatio(x.meanAbs(), y.meanAbs()), logRatio(x.spread(), y.spread()) });
        }
        if (its.isEmpty()) {
            return new NodeDifference(nodeId, "", "", new long[0], new long[0], new double[0], new double[0], 0,
                    Double.NaN, "no matching iterations in the window");
        }
        double score = 0;
        double sign = Double.NaN;
        String reason = "not recorded at or before " + now + " in both runs";
        if (atCurrent != null) {
            RecordStats x = atCurrent[0];
            RecordStats y = atCurrent[1];
            double[] r = ratios.get(current);
            sign = r[0];
            if ((x.nonFiniteCount() > 0) != (y.nonFiniteCount() > 0)) {
                score = AbnormalityScore.NON_FINITE * (1 + Math.abs(x.nonFiniteFraction() - y.nonFiniteFraction()));
                reason = String.format(Locale.ROOT, "NaN/Inf in %s only (%.1f %% against %.1f %%)",
                        x.nonFiniteCount() > 0 ? "this run" : "the other run", 100 * x.nonFiniteFraction(),
                        100 * y.nonFiniteFraction());
                if (!Double.isFinite(sign)) {
                    sign = x.nonFiniteCount() > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                }
            } else {
                double m = Double.isFinite(r[0]) ? Math.abs(r[0]) : 0;
                double sp = Double.isFinite(r[1]) ? Math.abs(r[1]) : 0;
                score = Math.max(m, sp);
                reason = String.format(Locale.ROOT, "mean |value| ×%.3g, spread ×%.3g against the other run",
                        Math.pow(10, r[0]), Math.pow(10, r[1]));
            }
        }
        return new NodeDifference(nodeId, s.tensorId(), o.tensorId(), its.stream().mapToLong(Long::longValue).toArray(),
                otherIts.stream().mapToLong(Long::longValue).toArray(), ratios.stream().mapToDouble(r -> r[0]).toArray(),
                ratios.stream().mapToDouble(r -> r[1]).toArray(), score, sign, reason);
    }

    /** log10(a / b); NaN when either is not a positive finite number. */
    static double logRatio(double a, double b) {
        return a > 0 && b > 0 && Double.isFinite(a) && Double.isFinite(b) ? Math.log10(a / b) : Double.NaN;
    }

    /** The index of {@code s}'s last record at or before {@code iteration}, -1 when none. */
    private static int atOrBefore(FlowSeries s, long iteration) {
        int found = -1;
        for (int i = 0; i < s.size() && s.iteration(i) <= iteration; i++) {
            found = i;
        }
        return found;
    }
}
