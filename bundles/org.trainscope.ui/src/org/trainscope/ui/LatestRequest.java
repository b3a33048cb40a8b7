package org.trainscope.ui;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Control;

/**
 * The way views compute: each request runs in a Job, a newer request cancels the older one, and
 * only the newest result (or failure) reaches the view, on the UI thread, while the view's
 * control still exists. Views differ only in what they compute and how they show it.
 * <p>
 * A failure is the view's to show, inline: the job itself always ends OK (an ERROR status would
 * make the workbench open a modal dialog and write the Error Log for every click that cannot be
 * explained). Failures the data explains (IllegalArgumentException, IOException and the like:
 * a missing parameter, an unsupported operator, an unreadable file) are not logged at all; an
 * unexpected exception is a bug and is logged once per kind and message.
 *
 * @param <T> the result type
 */
public final class LatestRequest<T> {
    /** The background part of a request: may throw; checks the monitor for cancellation. */
    @FunctionalInterface
    public interface Work<T> {
        T compute(IProgressMonitor monitor) throws Exception;
    }

    /**
     * The background part of a progressive request: may hand intermediate results (a first picture)
     * to {@code partial} before returning the finished one.
     */
    @FunctionalInterface
    public interface ProgressiveWork<T> {
        T compute(IProgressMonitor monitor, Consumer<T> partial) throws Exception;
    }

    /** Unexpected failures already logged (class and message), so a bug is logged once, not per click. */
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private final Control owner;
    private final Consumer<T> onResult;
    private final Consumer<Exception> onFailure;
    private volatile Job running;
    /** The request whose result (or failure) is on its way to the UI thread: still busy until shown. */
    private volatile Job undelivered;
    /** The request whose result (or failure) is shown or being shown: no longer busy, even within onResult. */
    private volatile Job finished;

    /**
     * @param owner the control whose disposal ends delivery
     * @param onResult called on the UI thread with the newest result
     * @param onFailure called on the UI thread when the newest request failed
     */
    public LatestRequest(Control owner, Consumer<T> onResult, Consumer<Exception> onFailure) {
        this.owner = owner;
        this.onResult = onResult;
        this.onFailure = onFailure;
    }

    /**
     * Cancels the request in flight and schedules {@code work} after {@code delayMillis} (a short
     * delay lets a dragged slider settle: each newer request cancels this one before it starts).
     */
    public void submit(String name, long delayMillis, Work<T> work) {
        submit(name, delayMillis, (monitor, partial) -> work.compute(monitor), null);
    }

    /**
     * As {@link #submit(String, long, Work)}; intermediate results go to {@code onPartial} on the UI
     * thread, under the same rule (only while this is the newest request, never after its result).
     */
    public void submit(String name, long delayMillis, ProgressiveWork<T> work, Consumer<T> onPartial) {
        cancel();
        Job job = new Job(name) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    Job self = this;
                    T result = work.compute(monitor, partial -> {
                        if (onPartial != null && !monitor.isCanceled()) {
                            deliver(self, () -> onPartial.accept(partial), false);
                        }
                    });
                    undelivered = this;
                    deliver(this, () -> onResult.accept(result), true);
                    return Status.OK_STATUS;
                } catch (OperationCanceledException e) {
                    return Status.CANCEL_STATUS;
                } catch (Exception e) {
                    undelivered = this;
                    deliver(this, () -> onFailure.accept(e), true);
                    if (!isExpected(e) && LOGGED.add(e.getClass().getName() + ": " + e.getMessage())) {
                        ILog.of(LatestRequest.class).log(new Status(IStatus.ERROR, TrainScopeUi.PLUGIN_ID,
                                name + " failed unexpectedly: " + e, e));
                    }
                    return Status.OK_STATUS;
                }
            }
        };
        job.setPriority(Job.INTERACTIVE);
        running = job;
        job.schedule(delayMillis);
    }

    /** Failures that come from the data or the request, not from a bug: shown, never logged. */
    static boolean isExpected(Exception e) {
        return e instanceof IllegalArgumentException || e instanceof UnsupportedOperationException
                || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException
                || e instanceof IllegalStateException;
    }

    /** @param last the request's result or failure (not a partial one): the request is done once shown */
    private void deliver(Job job, Runnable show, boolean last) {
        if (owner.isDisposed()) {
            undelivered = null;
            return;
        }
        owner.getDisplay().asyncExec(() -> {
            try {
                if (!owner.isDisposed() && job == running) {
                    if (last) {
                        finished = job;
                    }
                    show.run(); // an older request's result is dropped: a newer one replaced it
                }
            } finally {
                if (last && undelivered == job) {
                    undelivered = null;
                }
            }
        });
    }

    /** True while a request is scheduled or running, or its result is not shown yet. */
    public boolean busy() {
        Job job = running;
        return job != null && job != finished && (job.getState() != Job.NONE || undelivered == job);
    }

    public void cancel() {
        Job job = running;
        if (job != null) {
            job.cancel();
        }
    }
}
