package org.trainscope.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.core.adapters.AdapterChoice;
import org.trainscope.core.adapters.AdapterDescriptor;
import org.trainscope.core.adapters.AdapterFailureException;
import org.trainscope.core.adapters.AdapterManager;
import org.trainscope.core.model.Run;

/**
 * Opens the RUN argument of a command the way the workbench opens a run (the most confident
 * adapter), with the command line's exit codes: a missing or unreadable file or no adapter for it
 * is bad data (2, the message names the file), a throwing adapter is a plug-in failure (3).
 */
public final class CliRuns {
    private CliRuns() {
    }

    /** The adapter that reads {@code path} best. */
    public static AdapterDescriptor adapterFor(Path path) throws CliException {
        if (!Files.exists(path)) {
            throw CliException.badData(path + ": no such file or folder");
        }
        AdapterChoice choice = AdapterManager.getInstance().choose(path);
        return choice.best().orElseThrow(() -> CliException.badData(choice.explainNoneApplies()));
    }

    /** Opens {@code path} with {@code adapter}; close the run when done. */
    public static Run open(AdapterDescriptor adapter, Path path, IProgressMonitor monitor) throws CliException {
        try {
            return adapter.open(path, monitor);
        } catch (AdapterFailureException e) {
            throw new CliException(ExitCode.PLUGIN_FAILED, e.getMessage(), e);
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            // adapters usually name the file already; never print it twice
            throw CliException.badData(message.contains(path.toString()) ? message
                    : "cannot read " + path + ": " + message);
        }
    }

    /** Opens {@code path} with the adapter that reads it best; close the run when done. */
    public static Run open(Path path, IProgressMonitor monitor) throws CliException {
        return open(adapterFor(path), path, monitor);
    }
}
