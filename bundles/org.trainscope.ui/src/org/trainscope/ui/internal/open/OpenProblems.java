package org.trainscope.ui.internal.open;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The problems of opening runs that the user has not dismissed yet. Background jobs add them;
 * the Runs view lists them under the runs (no modal dialog interrupts the user). A location has
 * at most one problem: trying again replaces it, and opening it after all removes it.
 */
public final class OpenProblems {
    private static final OpenProblems DEFAULT = new OpenProblems();
    private final List<OpenProblem> problems = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public static OpenProblems getDefault() {
        return DEFAULT;
    }

    public void add(OpenProblem problem) {
        synchronized (problems) {
            problems.removeIf(p -> p.location().equals(problem.location()));
            problems.add(problem);
        }
        changed();
    }

    public void dismiss(OpenProblem problem) {
        boolean removed;
        synchronized (problems) {
            removed = problems.remove(problem);
        }
        if (removed) {
            changed();
        }
    }

    /** The location opened after all: its problem is past. */
    public void resolved(Path location) {
        boolean removed;
        synchronized (problems) {
            removed = problems.removeIf(p -> p.location().equals(location));
        }
        if (removed) {
            changed();
        }
    }

    public List<OpenProblem> all() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    /** Called on any thread after each change. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }
}
