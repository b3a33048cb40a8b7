package org.trainscope.trace;

import java.util.Locale;

/**
 * Where NaN or an infinity first appeared in a training run (spec §7.1): in the output of
 * {@code node} (forward) or in the gradient arriving at that output (backward), at training
 * iteration {@code iteration}.
 *
 * @param noted true when the writer noted it ({@code firstNonFinite} in the journal); false when
 *              a reader derived it from the per-node {@code nonfinite.*} counts
 */
public record NonFiniteOrigin(long iteration, Direction direction, String node, boolean noted) {

    /** The pass in which the values were computed. */
    public enum Direction {
        FORWARD, BACKWARD;

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The direction spelled {@code name} in a trace, or null. */
        public static Direction ofJsonName(String name) {
            for (Direction d : values()) {
                if (d.jsonName().equals(name)) {
                    return d;
                }
            }
            return null;
        }
    }

    /** "the output of fc2 (forward) at iteration 4" */
    public String describe() {
        return (direction == Direction.FORWARD ? "the output of " : "the gradient at the output of ") + node
                + " (" + direction.jsonName() + ") at iteration " + iteration;
    }
}
