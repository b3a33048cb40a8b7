package org.trainscope.cli.internal;

import java.io.PrintStream;
import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * Progress of a command as lines on stderr: the task when it begins, then one line per 10 % of
 * its work ("opening run: 40%"), and each sub-task. Lines, not a redrawn bar, so a log of the
 * run reads well. Never cancelled (a command is stopped with Ctrl+C).
 */
final class StderrProgressMonitor implements IProgressMonitor {
    private static final int STEP_PERCENT = 10;
    private final PrintStream err;
    private String task = "";
    private double total;
    private double done;
    private int lastPrintedStep;

    StderrProgressMonitor(PrintStream err) {
        this.err = err;
    }

    @Override
    public void beginTask(String name, int totalWork) {
        task = name == null ? "" : name;
        total = totalWork;
        done = 0;
        lastPrintedStep = 0;
        if (!task.isEmpty()) {
            err.println(task + "…");
        }
    }

    @Override
    public void internalWorked(double work) {
        if (total <= 0 || work <= 0) {
            return;
        }
        done = Math.min(total, done + work);
        int step = (int) (done / total * 100 / STEP_PERCENT);
        if (step > lastPrintedStep) {
            lastPrintedStep = step;
            err.println(String.format(Locale.ROOT, "%s%d%%", task.isEmpty() ? "" : task + ": ", step * STEP_PERCENT));
        }
    }

    @Override
    public void worked(int work) {
        internalWorked(work);
    }

    @Override
    public void subTask(String name) {
        if (name != null && !name.isBlank()) {
            err.println("  " + name);
        }
    }

    @Override
    public void setTaskName(String name) {
        task = name == null ? "" : name;
    }

    @Override
    public void done() {
        // the next line of output says what came of it
    }

    @Override
    public boolean isCanceled() {
        return false;
    }

    @Override
    public void setCanceled(boolean value) {
        // the command line has no cancel button
    }
}
