package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trainscope.ui.LatestRequest;

/**
 * Issue 16's progressive requests (the Training Dynamics view's first picture while a tensor is
 * summarised): a partial result reaches the view before the finished one, on the UI thread; a
 * partial result of a superseded request never does.
 */
class LatestRequestProgressiveTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private Label owner;
    private LatestRequest<String> requests;

    @BeforeEach
    void create() {
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        owner = new Label(shell, SWT.NONE);
        requests = new LatestRequest<>(owner, r -> seen.add("result " + r + ui()), e -> seen.add("failed " + e));
    }

    @AfterEach
    void dispose() {
        requests.cancel();
        owner.dispose();
    }

    @Test
    void thePartialResultComesFirst() {
        requests.submit("progressive", 0, (monitor, partial) -> {
            partial.accept("first picture");
            Thread.sleep(100);
            return "chart";
        }, p -> seen.add("partial " + p + ui()));
        UiWait.until("the finished result", 10_000, () -> seen.stream().anyMatch(s -> s.startsWith("result")));
        assertEquals(List.of("partial first picture on the UI thread", "result chart on the UI thread"), seen);
    }

    @Test
    void aSupersededRequestsPartialIsDropped() {
        requests.submit("older", 0, (monitor, partial) -> {
            while (!monitor.isCanceled()) {
                Thread.sleep(10);
            }
            partial.accept("too late");
            throw new OperationCanceledException();
        }, p -> seen.add("partial " + p));
        UiWait.settle(200);
        requests.submit("newer", 0, (monitor, partial) -> "newer chart", p -> seen.add("partial " + p));
        UiWait.until("the newer result", 10_000, () -> seen.stream().anyMatch(s -> s.startsWith("result")));
        UiWait.settle(300);
        assertEquals(List.of("result newer chart on the UI thread"), seen);
    }

    /**
     * A request is busy until its result is shown, not only until its job ends (a test or a view
     * that waited for "not busy" took a first picture for the result), and not busy within the
     * result's own callback (where a view starts the refresh it deferred while busy).
     */
    @Test
    void busyUntilTheResultIsShownAndNotWithinItsCallback() {
        List<Boolean> busyWhenShown = new CopyOnWriteArrayList<>();
        List<Boolean> busyAfterTheJob = new CopyOnWriteArrayList<>();
        LatestRequest<String>[] self = new LatestRequest[1];
        self[0] = new LatestRequest<>(owner, r -> busyWhenShown.add(self[0].busy()), e -> seen.add("failed " + e));
        // the UI thread is held (this test runs on it) while the job ends: its result cannot be shown yet
        self[0].submit("quick", 0, monitor -> "chart");
        long end = System.currentTimeMillis() + 10_000;
        while (busyAfterTheJob.isEmpty() && System.currentTimeMillis() < end) {
            org.eclipse.core.runtime.jobs.Job[] jobs = org.eclipse.core.runtime.jobs.Job.getJobManager().find(null);
            if (java.util.Arrays.stream(jobs).noneMatch(j -> j.getName().equals("quick"))) {
                busyAfterTheJob.add(self[0].busy());
            }
        }
        assertEquals(List.of(true), busyAfterTheJob, "the job ended, its result is not shown: still busy");
        UiWait.until("the result shown", 10_000, () -> !busyWhenShown.isEmpty());
        assertEquals(List.of(false), busyWhenShown, "within the result's callback the request is done");
        assertEquals(false, self[0].busy());
    }

    private String ui() {
        return owner.getDisplay().getThread() == Thread.currentThread() ? " on the UI thread" : " off the UI thread";
    }
}
