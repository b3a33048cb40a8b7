package org.trainscope.ui.internal.open;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.trainscope.core.adapters.AdapterChoice;
import org.trainscope.core.adapters.AdapterDescriptor;
import org.trainscope.core.adapters.AdapterFailureException;
import org.trainscope.core.adapters.AdapterManager;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.TrainScopeUi;

/**
 * Opens one location in the background: asks every adapter, opens with the most confident one,
 * and adds the run to the {@link RunManager}. A failure is kept as the job's {@link #outcome()}
 * (an error or warning status whose message names the location and the problem) for
 * {@link RunOpenFeedback} to show in the Runs view; the job itself ends OK so that the workbench
 * does not put up its own error dialog. No exception reaches the workbench, nor an
 * {@link OutOfMemoryError}, which is reported like any failure naming the location, and the runs
 * already open are untouched.
 */
public final class RunOpenJob extends Job {
    /** Job family, so callers (tests, shutdown) can wait for all open jobs. */
    public static final Object FAMILY = RunOpenJob.class;

    private final Path location;
    private volatile Run opened;
    private volatile IStatus outcome = Status.OK_STATUS;

    public RunOpenJob(Path location) {
        super("Opening " + location.getFileName());
        this.location = location;
        setUser(true);
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        outcome = open(monitor);
        return outcome.getSeverity() == IStatus.CANCEL ? Status.CANCEL_STATUS : Status.OK_STATUS;
    }

    private IStatus open(IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Opening " + location, 10);
        try {
            if (!Files.exists(location)) {
                throw new NoSuchFileException(location.toString());
            }
            sub.subTask("Choosing an adapter");
            AdapterChoice choice = AdapterManager.getInstance().choose(location);
            sub.worked(1);
            AdapterDescriptor adapter = choice.best().orElse(null);
            if (adapter == null) {
                return new Status(IStatus.WARNING, TrainScopeUi.PLUGIN_ID, choice.explainNoneApplies());
            }
            sub.subTask("Reading with " + adapter.name());
            Run run = adapter.open(location, sub.split(9));
            opened = run;
            RunManager.getInstance().add(run);
            return Status.OK_STATUS;
        } catch (OperationCanceledException e) {
            return Status.CANCEL_STATUS;
        } catch (NoSuchFileException e) {
            return error("Cannot open " + location + ": it does not exist.", null);
        } catch (IOException e) {
            return error("Cannot open " + location + ":\n" + e.getMessage(), e);
        } catch (AdapterFailureException e) {
            return error(e.getMessage(), null);
        } catch (RuntimeException e) {
            return error("Cannot open " + location + ": unexpected " + e, e);
        } catch (OutOfMemoryError e) {
            // The adapters' budgets should make this unreachable; if it happens anyway, what the open
            // allocated is garbage by now, so say so in the Runs view instead of letting the Error
            // end the job as "An internal error occurred".
            return error("Cannot open " + location + ": reading it needs more memory than the Java heap holds ("
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB): " + e.getMessage(), e);
        } catch (StackOverflowError | LinkageError e) {
            return error("Cannot open " + location + ": unexpected " + e, e);
        }
    }

    /** OK once the run opened, else why not (set when the job is done). */
    public IStatus outcome() {
        return outcome;
    }

    /** The run once the job succeeded, else null. */
    public Run opened() {
        return opened;
    }

    public Path location() {
        return location;
    }

    private static IStatus error(String message, Throwable e) {
        return new Status(IStatus.ERROR, TrainScopeUi.PLUGIN_ID, message, e);
    }
}
