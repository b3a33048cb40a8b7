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

    boolean isDueAt(long iteration) {
        return iteration % every == 0;
    }
}
