package org.trainscope.recorders.dl4j;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What was captured in {@code onGradientCalculation} for one iteration (the state that produced
 * the score: parameters before the step, raw gradients, probe activations), waiting for
 * {@code iterationDone} to add the update and commit.
 */
final class PendingRecord {
    final long iteration;
    final double score;
    final List<RecordingGroup> groups;
    final Set<RecordedKind> kinds;
    final long[] batch;
    final Map<String, float[]> values = new HashMap<>();
    final Map<String, float[]> paramsBefore = new HashMap<>();
    final Map<String, Double> metrics = new LinkedHashMap<>();
    /** The training batch's inputs (§4.8) when a due trace records them: samples, values, class indices or null. */
    int batchInputCount;
    float[] batchInputs;
    long[] batchLabels;

    PendingRecord(long iteration, double score, List<RecordingGroup> groups, Set<RecordedKind> kinds, long[] batch) {
        this.iteration = iteration;
        this.score = score;
        this.groups = List.copyOf(groups);
        this.kinds = kinds.isEmpty() ? EnumSet.noneOf(RecordedKind.class) : EnumSet.copyOf(kinds);
        this.batch = batch;
    }
}
