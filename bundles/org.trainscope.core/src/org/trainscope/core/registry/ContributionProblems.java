package org.trainscope.core.registry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;

/**
 * Where broken contributions end up: every problem is logged (so it shows in the Error Log), and
 * listeners (the workbench) hear of each broken contribution once, not on every call.
 */
public final class ContributionProblems {
    private static final ContributionProblems DEFAULT = new ContributionProblems();
    private static final String BUNDLE = "org.trainscope.core";

    private final List<ContributionProblem> problems = new ArrayList<>();
    private final Set<String> announced = new HashSet<>();
    private final List<Consumer<ContributionProblem>> listeners = new CopyOnWriteArrayList<>();

    public static ContributionProblems getDefault() {
        return DEFAULT;
    }

    /** Logs the problem and, the first time this contribution fails, tells the listeners. */
    public void report(ContributionProblem problem) {
        ILog.of(ContributionProblems.class)
                .log(new Status(IStatus.ERROR, BUNDLE, problem.describe(), problem.cause()));
        boolean first;
        synchronized (this) {
            problems.add(problem);
            first = announced.add(problem.extensionPoint() + '/' + problem.contributor() + '/'
                    + problem.contributionId());
        }
        if (first) {
            for (Consumer<ContributionProblem> l : listeners) {
                l.accept(problem);
            }
        }
    }

    /** Every problem reported since start, oldest first. */
    public synchronized List<ContributionProblem> all() {
        return List.copyOf(problems);
    }

    /** Problems of one contribution, e.g. for a test or a details dialog. */
    public synchronized List<ContributionProblem> of(String contributionId) {
        return problems.stream().filter(p -> p.contributionId().equals(contributionId)).toList();
    }

    public void addListener(Consumer<ContributionProblem> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<ContributionProblem> listener) {
        listeners.remove(listener);
    }
}
