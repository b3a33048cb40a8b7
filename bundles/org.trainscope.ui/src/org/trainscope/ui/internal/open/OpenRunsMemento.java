package org.trainscope.ui.internal.open;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.ILog;
import org.osgi.service.prefs.BackingStoreException;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.internal.preferences.Preferences;

/** Remembers the open runs at exit and reopens them (in background jobs) at the next start. */
public final class OpenRunsMemento {
    private OpenRunsMemento() {
    }

    public static void rememberOpenRuns() {
        String paths = RunManager.getInstance().runs().stream().map(Run::location).map(Path::toString)
                .collect(Collectors.joining("\n"));
        Preferences.node().put(Preferences.OPEN_RUNS, paths);
        try {
            Preferences.node().flush();
        } catch (BackingStoreException e) {
            ILog.of(OpenRunsMemento.class).warn("Could not remember the open runs", e);
        }
    }

    /** Reopens the runs of the last session, except those in {@code openedAnyway} (named on the command line). */
    public static void reopenLastSession(java.util.Collection<Path> openedAnyway) {
        if (!Preferences.store().getBoolean(Preferences.REOPEN_RUNS)) {
            return;
        }
        for (String line : Preferences.store().getString(Preferences.OPEN_RUNS).split("\n")) {
            if (!line.isBlank()) {
                Path path = Path.of(line.trim());
                // A run deleted since is skipped quietly: nothing to tell the user they did not do.
                if (Files.exists(path) && !openedAnyway.contains(path.toAbsolutePath().normalize())) {
                    RunOpenFeedback.schedule(new RunOpenJob(path));
                }
            }
        }
    }
}
