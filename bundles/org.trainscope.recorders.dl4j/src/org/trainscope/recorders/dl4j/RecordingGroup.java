package org.trainscope.recorders.dl4j;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The kinds sharing one interval, written to one trace. */
final class RecordingGroup {
    final int every;
    final Set<RecordedKind> kinds;
    final Path path;
    List<TensorPlan> plans = List.of();
    TraceSink sink;
    /** The firstNonFinite note (trace format §7.1) is in this trace's journal. */
    boolean originWritten;

    RecordingGroup(int every, Set<RecordedKind> kinds, Path path) {
        this.every = every;
        this.kinds = Set.copyOf(kinds);
        this.path = path;
    }

    /**
     * The batch inputs (trace format §4.8) go to the trace of the weights: credit on a batch
     * replays the network with the weights of the same iteration.
     */
    boolean holdsBatchInputs() {
        return kinds.contains(RecordedKind.WEIGHTS);
    }

    boolean isDueAt(long iteration) {
        return iteration % every == 0;
    }
}
