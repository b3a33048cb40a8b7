package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.trainscope.algorithms.sampling.provider.DynamicsChartModel;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.runs.RunManager;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;
import org.trainscope.ui.TrainScopeUi;
import org.trainscope.ui.dynamics.TrainingDynamicsView;
import org.trainscope.ui.internal.navigator.RunNavigatorView;

/**
 * Issue 16 in the product's window, on the CNN demo run (real Fashion-MNIST, the demo size of
 * {@link RealRuns}): the status line's progress button and Window > Show View open the Progress
 * view; a Training Dynamics computation is listed there while it runs and its cancel button cancels
 * the Job; the run stays usable (the next request and a burst of superseded ones draw a chart); a
 * failure is shown inline naming its cause. No dialog, no Error Log entry. Screenshots:
 * progress-view-running-job.png, dynamics-error-names-cause.png.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProgressViewWorkbenchTest {
    private static final long TIMEOUT = 180_000;
    private static final String JOB_PREFIX = "Training dynamics of ";
    private static IWorkbenchWindow window;
    private static Shell shell;
    private static DialogGuard dialogs;
    private static ErrorLogGuard errorLog;
    private static Path trace;
    private static Run run;
    private static TensorSeries activation;

    @BeforeAll
    static void recordAndOpenTheCnn() throws Exception {
        window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        shell = window.getShell();
        shell.setSize(1500, 950);
        shell.setLocation(0, 0);
        RunManager.getInstance().closeAll();
        dialogs = new DialogGuard(shell.getDisplay(), shell);
        dialogs.start();
        errorLog = new ErrorLogGuard();
        errorLog.start();
        Path root = Files.createTempDirectory("trainscope-progress");
        trace = DemoRuns.record(DemoKind.CNN, root, 42, new DemoSize(RealRuns.DEMO_TRAIN_SAMPLES, 640, 64, 16, 1),
                DemoRuns.dataDirectory(), null).trace();
        run = RunFolders.open(shell, trace);
        activation = largestActivation(run);
        UiWait.settle(500);
    }

    private static TensorSeries largestActivation(Run r) {
        return r.tensors().stream().filter(t -> t.kind() == TensorKind.ACTIVATION)
                .max(Comparator.comparingInt(TensorSeries::neuronCount)).orElseThrow();
    }

    @AfterEach
    void noDialogAndNoErrorLogEntry() {
        UiWait.settle(300);
        List<String> seen = dialogs.takeSeen();
        List<String> logged = errorLog.takeEntries();
        assertTrue(seen.isEmpty() && logged.isEmpty(), "dialogs: " + seen + "\nError Log entries: " + logged);
    }

    @AfterAll
    static void closeEverything() {
        dialogs.stop();
        errorLog.stop();
        RunManager.getInstance().closeAll();
        UiWait.settle(200);
    }

    private static IWorkbenchPage page() {
        return window.getActivePage();
    }

    @Test
    @Order(1)
    void theStatusLineProgressButtonAndWindowShowViewOpenTheProgressView() {
        IViewPart open = page().findView(IPageLayout.ID_PROGRESS_VIEW);
        if (open != null) {
            page().hideView(open);
        }
        // while a job runs the button's tooltip names the job: wait for the idle state, whose tooltip says what it does
        UiWait.until("the background jobs to end", TIMEOUT, () -> Job.getJobManager().isIdle());
        UiWait.settle(500);
        // the progress button: the tool item of the status line (the window's bottom trim) other than
        // the status line's own cancel button; its tooltip says what it does only once it has animated
        int bottom = shell.toDisplay(0, shell.getClientArea().height).y;
        List<ToolItem> inStatusLine = toolItems(t -> t.getParent().toDisplay(0, 0).y > bottom - 60
                && !"Cancel Current Operation".equals(t.getToolTipText()));
        assertEquals(1, inStatusLine.size(), "one progress button in the status line: "
                + inStatusLine.stream().map(ToolItem::getToolTipText).toList());
        ToolItem button = inStatusLine.get(0);
        String tip = button.getToolTipText();
        assertTrue(tip == null || tip.equals("Shows background operations in Progress view"), tip);
        button.notifyListeners(SWT.Selection, new Event());
        UiWait.until("the Progress view to open", 10_000, () -> page().findView(IPageLayout.ID_PROGRESS_VIEW) != null);
        page().hideView(page().findView(IPageLayout.ID_PROGRESS_VIEW));
        UiWait.settle(200);

        MenuItem showView = Menus.find(shell, "Window", "Show View").orElseThrow();
        Menu menu = showView.getMenu();
        menu.notifyListeners(SWT.Show, new Event());
        MenuItem progress = List.of(menu.getItems()).stream().filter(i -> Menus.plain(i).equals("Progress")).findFirst()
                .orElseThrow(() -> new AssertionError("Window > Show View offers no Progress: "
                        + List.of(menu.getItems()).stream().map(Menus::plain).toList()));
        progress.notifyListeners(SWT.Selection, new Event());
        UiWait.until("Window > Show View > Progress to open it", 10_000,
                () -> page().findView(IPageLayout.ID_PROGRESS_VIEW) != null);
    }

    @Test
    @Order(2)
    void aRunningComputationIsListedCancelledFromTheProgressViewAndTheRunStaysUsable() throws Exception {
        page().showView(IPageLayout.ID_PROGRESS_VIEW);
        TrainingDynamicsView view = (TrainingDynamicsView) page().showView(TrainingDynamicsView.ID);
        page().showView(IPageLayout.ID_PROGRESS_VIEW, null, IWorkbenchPage.VIEW_VISIBLE);
        // the computation runs the test bundle's sampler, held as a long pass would hold it, so it is
        // still running when the Progress view's cancel is clicked however slow the machine is (a
        // hold in a job listener raced the Progress view's refresh on a loaded CI machine)
        Widgets.choose(Widgets.comboOffering(view.controls(), "Every k-th"), "Every k-th");
        waitForIdle();
        StrideSampler.Hold hold = StrideSampler.holdNextExecution();
        AtomicReference<Job> started = new AtomicReference<>();
        AtomicReference<IStatus> ended = new AtomicReference<>();
        JobChangeAdapter watcher = new JobChangeAdapter() {
            @Override
            public void running(IJobChangeEvent event) {
                if (event.getJob().getName().equals(JOB_PREFIX + activation.id())) {
                    started.set(event.getJob());
                }
            }

            @Override
            public void done(IJobChangeEvent event) {
                if (event.getJob() == started.get() && hold.hasEntered()) {
                    ended.compareAndSet(null, event.getResult());
                }
            }
        };
        Job.getJobManager().addJobChangeListener(watcher);
        try {
            try {
                RunNavigatorView navigator = (RunNavigatorView) page().findView(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID);
                navigator.viewer().expandAll();
                navigator.viewer().setSelection(new StructuredSelection(activation), true);
                UiWait.until("the Training Dynamics job to reach the held sampler", TIMEOUT, hold::hasEntered);
                Job job = started.get();
                assertNotNull(job, "the held sampler runs in the view's job");
                assertEquals(Job.RUNNING, job.getState());
                // the Progress view's entry of the job: its name beside its cancel button
                UiWait.until("the Progress view to list " + job.getName() + " with a cancel button", TIMEOUT,
                        () -> cancelButtonsOf(job.getName()).size() == 1);
                // while the sampler runs the view shows the density of every polyline, not an empty chart
                UiWait.until("the density of all polylines while the sampler runs", TIMEOUT,
                        () -> view.currentChart() != null && view.currentChart().sampled().length == 0
                                && view.statusText().startsWith("Density of all "));
                // resizing the window while the pass runs does not throw it away (it is redrawn at
                // the new size once shown): neither does the row the first picture's figures take
                shell.setSize(1460, 930);
                UiWait.settle(700);
                assertEquals(null, ended.get(), "a resize cancelled the running request");
                assertFalse(hold.sawCancel(), "a resize cancelled the running computation");
                assertEquals(Job.RUNNING, job.getState());
                shell.setSize(1500, 950);
                UiWait.settle(150);
                Screenshots.save(shell.getDisplay(), "progress-view-running-job");
                // the view rebuilds an entry when its task text changes: take the button as it is now
                UiWait.until("one running operation with its cancel button", TIMEOUT,
                        () -> cancelButtonsOf(job.getName()).size() == 1);
                List<ToolItem> cancel = cancelButtonsOf(job.getName());
                assertEquals(Job.RUNNING, job.getState(), "cancelled while it runs");
                cancel.get(0).notifyListeners(SWT.Selection, new Event());
                UiWait.until("the cancelled job to end", TIMEOUT, () -> ended.get() != null);
                // the sampler runs on, shared, for a request that may follow at once (a log-scale
                // click); nobody follows here, so it is cancelled after the grace period
                UiWait.until("the abandoned sampler to be cancelled", TIMEOUT, hold::sawCancel);
            } finally {
                hold.release();
            }
        } finally {
            Job.getJobManager().removeJobChangeListener(watcher);
        }
        assertEquals(IStatus.CANCEL, ended.get().getSeverity(), "ended " + ended.get());
        UiWait.settle(300);
        assertFalse(view.statusText().contains("Exception"), view.statusText());

        // the next request on the same run succeeds
        Button symlog = Widgets.one(view.controls(), Button.class, b -> "Log scale".equals(b.getText()), "the Log scale box");
        click(symlog, true);
        DynamicsChartModel chart = waitForChart(view, "a chart after the cancelled job",
                c -> c.request().tensor() == activation && c.request().symlog());
        assertTrue(chart.sampled().length > 0);

        // a burst of requests, each superseding (cancelling) the one before, as quick wheel notches
        // and a log-scale click do: the newest draws, the run stays readable
        for (int i = 0; i < 7; i++) {
            click(symlog, !symlog.getSelection());
        }
        boolean last = symlog.getSelection();
        DynamicsChartModel after = waitForChart(view, "the newest of a burst of requests",
                c -> c.request().tensor() == activation && c.request().symlog() == last);
        assertEquals(chart.sampled().length, after.sampled().length, view.statusText());
        float[] polyline = new float[activation.iterationCount()];
        activation.readPolyline(0, 0, polyline.length, polyline); // the run reads after all that
    }

    @Test
    @Order(3)
    void aFailedComputationNamesItsCauseInline() throws Exception {
        Path copy = Files.createTempDirectory("trainscope-damaged").resolve("cnn-damaged");
        copyFolder(trace, copy);
        Run damaged = RunFolders.open(shell, copy);
        TensorSeries t = largestActivation(damaged);
        // a copy cut short after it was opened (an rsync in progress, a full disk): reads fail
        List<Path> chunks;
        try (Stream<Path> files = Files.walk(copy)) {
            chunks = files.filter(f -> f.getFileName().toString().endsWith(".npy") && f.getParent().getFileName().toString().equals(t.id())
                    && f.getParent().getParent().getFileName().toString().equals("tensors")).toList();
        }
        assertFalse(chunks.isEmpty(), "the chunk files of " + t.id() + " in " + copy);
        for (Path chunk : chunks) {
            try (RandomAccessFile f = new RandomAccessFile(chunk.toFile(), "rw")) {
                f.setLength(Math.min(f.length(), 200));
            }
        }
        TrainingDynamicsView view = (TrainingDynamicsView) page().showView(TrainingDynamicsView.ID);
        view.show(t);
        String prefix = "Training dynamics on " + damaged.name() + "/" + t.id() + ": ";
        UiWait.until("the failure in the view's status line", TIMEOUT, () -> !view.busy() && view.statusText().startsWith(prefix));
        String status = view.statusText();
        assertTrue(status.matches(".*\\b\\w+(Exception|Error)\\b.*"), "names the cause's class: " + status);
        assertTrue(status.contains("truncated"), "says what is wrong: " + status);
        assertFalse(status.contains(": null"), status);
        assertEquals(null, view.currentChart(), "the other run's chart is not left standing for the failed one");
        UiWait.settle(500);
        Screenshots.save(shell.getDisplay(), "dynamics-error-names-cause");
        RunManager.getInstance().close(damaged);
    }

    private static void waitForIdle() {
        UiWait.until("the background jobs to end", TIMEOUT, () -> Job.getJobManager().isIdle());
    }

    private static void click(Button box, boolean selected) {
        box.setSelection(selected);
        box.notifyListeners(SWT.Selection, new Event());
    }

    private static DynamicsChartModel waitForChart(TrainingDynamicsView view, String what,
            java.util.function.Predicate<DynamicsChartModel> done) {
        try {
            UiWait.until(what, TIMEOUT, () -> !view.busy() && view.currentChart() != null && done.test(view.currentChart()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the view says: " + view.statusText(), e);
        }
        return view.currentChart();
    }

    private static List<ToolItem> toolItems(java.util.function.Predicate<ToolItem> test) {
        List<ToolItem> found = new ArrayList<>();
        for (ToolBar bar : Widgets.all(shell, ToolBar.class, b -> true)) {
            for (ToolItem item : bar.getItems()) {
                if (test.test(item)) {
                    found.add(item);
                }
            }
        }
        return found;
    }

    /** The enabled cancel buttons of Progress view entries that name {@code jobName}. */
    private static List<ToolItem> cancelButtonsOf(String jobName) {
        return toolItems(t -> "Cancel Operation".equals(t.getToolTipText()) && t.isEnabled() && t.getParent().isVisible()
                && !texts(t.getParent().getParent(), jobName).isEmpty());
    }

    /** Labels (and links) in the window whose text contains {@code text}. */
    private static List<Control> texts(Control root, String text) {
        return Widgets.all(root, Control.class, c -> c.isVisible() && (c instanceof Label l && l.getText().contains(text)
                || c instanceof CLabel cl && cl.getText() != null && cl.getText().contains(text)
                || c instanceof Link k && k.getText().contains(text)));
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
