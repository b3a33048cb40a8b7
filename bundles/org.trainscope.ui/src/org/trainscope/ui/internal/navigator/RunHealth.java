package org.trainscope.ui.internal.navigator;

import java.util.ArrayList;
import java.util.List;

import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.Run;
import org.trainscope.core.summary.AnomalyFinder;

/**
 * Why a run needs a look before anything else: a metric that turns NaN or infinite (the
 * training failed there), and the problems its adapter found while reading. Cheap: metrics are
 * in memory, no tensor data is read. The Runs view marks such a run; the Run Summary lists the
 * reasons.
 */
public final class RunHealth {
    private RunHealth() {
    }

    /** The reasons, most telling first; empty when the run looks healthy. */
    public static List<String> problems(Run run) {
        List<String> problems = metricProblems(run);
        List<String> warnings = run.warnings();
        if (warnings.size() == 1) {
            problems.add("reading it: " + warnings.get(0));
        } else if (!warnings.isEmpty()) {
            problems.add(warnings.size() + " problems reading it, the first: " + warnings.get(0));
        }
        return problems;
    }

    /** "loss turns NaN at iteration 32" for each metric that turns non-finite (core's {@link AnomalyFinder}). */
    public static List<String> metricProblems(Run run) {
        List<String> problems = new ArrayList<>();
        for (MetricSeries m : run.metrics()) {
            new AnomalyFinder().firstNonFinite(m).ifPresent(a -> problems.add(a.description()));
        }
        return problems;
    }

    /** The problems as one tooltip text, or null when there are none. */
    public static String tooltip(Run run) {
        List<String> problems = problems(run);
        return problems.isEmpty() ? null : String.join("\n", problems);
    }
}
