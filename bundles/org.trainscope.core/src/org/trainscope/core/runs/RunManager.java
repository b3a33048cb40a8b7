package org.trainscope.core.runs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.ILog;
import org.trainscope.core.model.Run;

/**
 * The runs open in this session. Views and the CLI ask it; listeners hear about runs opened,
 * closed and refreshed (on whatever thread did it: UI listeners must hop to the UI thread).
 */
public final class RunManager {
    /** What happened to a run. */
    public enum Change {
        OPENED, CLOSED, REFRESHED
    }

    /** Hears about changes to the set of open runs. */
    @FunctionalInterface
    public interface Listener {
        void runChanged(Run run, Change change);
    }

    private static final RunManager INSTANCE = new RunManager();
    private final List<Run> runs = new ArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public static RunManager getInstance() {
        return INSTANCE;
    }

    /** Adds an opened run; a run from the same location replaces the older one. */
    public void add(Run run) {
        Run replaced;
        synchronized (this) {
            replaced = find(run.location()).orElse(null);
            if (replaced != null) {
                runs.remove(replaced);
            }
            runs.add(run);
        }
        if (replaced != null) {
            closeQuietly(replaced);
            fire(replaced, Change.CLOSED);
        }
        fire(run, Change.OPENED);
    }

    public void close(Run run) {
        boolean removed;
        synchronized (this) {
            removed = runs.remove(run);
        }
        if (removed) {
            closeQuietly(run);
            fire(run, Change.CLOSED);
        }
    }

    /** Asks every open run for new data; tells listeners about those that grew. */
    public void refreshAll() {
        for (Run run : runs()) {
            try {
                if (run.refresh()) {
                    fire(run, Change.REFRESHED);
                }
            } catch (IOException e) {
                ILog.of(RunManager.class).warn("Could not refresh run " + run.name() + " at " + run.location(), e);
            }
        }
    }

    public synchronized List<Run> runs() {
        return List.copyOf(runs);
    }

    public synchronized Optional<Run> find(Path location) {
        Path normal = location.toAbsolutePath().normalize();
        return runs.stream().filter(r -> r.location().toAbsolutePath().normalize().equals(normal)).findFirst();
    }

    public void closeAll() {
        for (Run run : runs()) {
            close(run);
        }
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    private void fire(Run run, Change change) {
        for (Listener l : listeners) {
            try {
                l.runChanged(run, change);
            } catch (RuntimeException e) {
                ILog.of(RunManager.class).error("A run listener failed", e);
            }
        }
    }

    private static void closeQuietly(Run run) {
        try {
            run.close();
        } catch (IOException e) {
            ILog.of(RunManager.class).warn("Could not close run " + run.name(), e);
        }
    }
}
