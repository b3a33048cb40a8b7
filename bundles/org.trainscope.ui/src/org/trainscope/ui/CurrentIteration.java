package org.trainscope.ui;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.trainscope.core.model.Run;

/**
 * The current snapshot of the workbench: the run and iteration the user is looking at. The
 * Training Overview sets it (a click on the chart or on an anomaly); views that show one iteration
 * follow it (Neuron Credit moves its iteration slider to the recorded weights at or before it).
 * One definition for every view; used on the UI thread only.
 */
public final class CurrentIteration {
    /**
     * @param run the run the iteration belongs to
     * @param iteration a training iteration (not necessarily recorded for every tensor)
     * @param source what set it (a view), so that it can ignore its own change
     */
    public record Snapshot(Run run, long iteration, Object source) {
        public Snapshot {
            Objects.requireNonNull(run);
        }
    }

    /** Told of each new current snapshot, on the UI thread. */
    @FunctionalInterface
    public interface Listener {
        void changed(Snapshot snapshot);
    }

    private static final CurrentIteration INSTANCE = new CurrentIteration();

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot current;

    private CurrentIteration() {
    }

    public static CurrentIteration getInstance() {
        return INSTANCE;
    }

    /** Makes {@code iteration} of {@code run} the current snapshot and tells every listener. */
    public void set(Run run, long iteration, Object source) {
        Snapshot s = new Snapshot(run, iteration, source);
        current = s;
        for (Listener l : listeners) {
            l.changed(s);
        }
    }

    public Optional<Snapshot> get() {
        return Optional.ofNullable(current);
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }
}
