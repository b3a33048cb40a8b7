package org.trainscope.algorithms.sampling.provider;

import java.util.Arrays;
import java.util.Objects;

/**
 * A group of sampled polylines (neurons, for the default grouping) that leave the bulk in the same
 * way: found among the sampler's outlying and non-finite polylines by {@link NeuronGroupFinder},
 * listed beside the Training Dynamics chart, each selectable.
 *
 * @param pattern     how the group's polylines differ from the bulk
 * @param description what the list says: "NaN from it. 152", "diverges upward at it. 140", "spikes at it. 60"
 * @param polylines   the members, polyline indices of {@link DynamicsChartModel#polylines()}, ascending
 * @param onset       the point (index in the chart's range) where the pattern starts, -1 when it has none
 *                    (a group that differs in shape from the start)
 * @param iteration   the training iteration of {@code onset}, -1 when it has none
 * @param distance    how far the group's members are from the bulk's median polyline, on average, in the
 *                    sampler's distance (larger: more anomalous); the list is ordered by onset, then by it
 */
public record NeuronGroup(Pattern pattern, String description, int[] polylines, int onset, long iteration,
        double distance) {

    /** The kinds of pattern a group is named by. */
    public enum Pattern {
        /** Turns NaN at about the same iteration. */
        NAN("NaN"),
        /** Turns +Inf at about the same iteration. */
        POSITIVE_INFINITY("+Inf"),
        /** Turns -Inf at about the same iteration. */
        NEGATIVE_INFINITY("−Inf"),
        /** Leaves the bulk and keeps moving away from it up to the end of the range. */
        DIVERGES("diverges"),
        /** Leaves the bulk briefly and comes back. */
        SPIKES("spikes"),
        /** Leaves the bulk and stays apart at a steady distance. */
        LEAVES("leaves the bulk"),
        /** Apart from the bulk from the first point: throughout, or until it joins it. */
        OFFSET("apart from the bulk"),
        /** Within the bulk's range, but moves more (steeper, more often) than the bulk. */
        FLUCTUATES("fluctuates");

        private final String word;

        Pattern(String word) {
            this.word = word;
        }

        /** How the pattern is named in the list. */
        public String word() {
            return word;
        }

        /** True for the patterns of polylines that turn non-finite. */
        public boolean nonFinite() {
            return this == NAN || this == POSITIVE_INFINITY || this == NEGATIVE_INFINITY;
        }
    }

    public NeuronGroup {
        Objects.requireNonNull(pattern);
        Objects.requireNonNull(description);
        polylines = polylines.clone();
        Arrays.sort(polylines);
    }

    @Override
    public int[] polylines() {
        return polylines.clone();
    }

    public int size() {
        return polylines.length;
    }

    /** "NaN from it. 152 · 12 polylines". */
    @Override
    public String toString() {
        return description + " · " + polylines.length + (polylines.length == 1 ? " polyline" : " polylines");
    }
}
