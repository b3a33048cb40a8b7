package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.ui.IViewReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.core.runs.RunManager;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.ui.TrainScopeUi;
import org.trainscope.ui.demo.internal.DemoRunsJob;
import org.trainscope.ui.internal.open.OpenProblem;
import org.trainscope.ui.internal.open.OpenProblems;

/** The workbench's own menus, toolbars and background jobs: no entry that throws, no dialog from a job. */
class WorkbenchChromeTest {
    @TempDir
    Path dir;

    private final IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
    private final Shell shell = window.getShell();

    @Test
    void everyEntryOfWindowShowViewOpensItsViewAndWelcomeIsNotOffered() {
        ErrorLogGuard log = new ErrorLogGuard();
        DialogGuard dialogs = new DialogGuard(shell.getDisplay(), shell);
        log.start();
        dialogs.start();
        try {
            List<String> entries = new ArrayList<>();
            for (MenuItem item : showViewItems()) {
                String name = Menus.plain(item);
                // "Other…" opens the view chooser, which is meant to be a dialog
                if ((item.getStyle() & SWT.SEPARATOR) == 0 && !name.isEmpty() && !name.startsWith("Other")) {
                    entries.add(name);
                }
            }
            for (String name : entries) {
                // the menu makes its items anew each time it opens: look the entry up again
                MenuItem item = showViewItems().stream().filter(i -> Menus.plain(i).equals(name)).findFirst()
                        .orElseThrow();
                item.notifyListeners(SWT.Selection, new Event()); // (Menus.click would fill the menu anew)
                UiWait.settle(300);
            }
            assertFalse(entries.contains("Welcome"), entries.toString());
            assertTrue(entries.containsAll(List.of("Runs", "Run Summary", "Probe Inputs")), entries.toString());
            IWorkbenchPage page = window.getActivePage();
            List<String> open = new ArrayList<>();
            for (IViewReference ref : page.getViewReferences()) {
                open.add(ref.getPartName());
            }
            assertTrue(open.containsAll(entries), "offered " + entries + ", open " + open);
            assertEquals(List.of(), dialogs.takeSeen());
            assertEquals(List.of(), log.takeEntries());
        } finally {
            log.stop();
            dialogs.stop();
            window.getActivePage().resetPerspective();
            UiWait.settle(300);
        }
    }

    /** The items of Window > Show View, filled as on opening (and left so, to be clicked). */
    private List<MenuItem> showViewItems() {
        MenuItem showView = Menus.find(shell, "Window", "Show View").orElseThrow();
        Menu menu = showView.getMenu();
        menu.notifyListeners(SWT.Show, new Event());
        return List.of(menu.getItems());
    }

    @Test
    void theRunsToolbarNamesItsShortcutOnce() {
        var navigator = window.getActivePage().findView(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID);
        assertNotNull(navigator);
        List<String> tips = new ArrayList<>();
        for (ToolBar bar : Widgets.all(shell, ToolBar.class, b -> true)) {
            for (ToolItem item : bar.getItems()) {
                if (item.getToolTipText() != null && item.getToolTipText().startsWith("Open a training run")) {
                    tips.add(item.getToolTipText());
                }
            }
        }
        assertFalse(tips.isEmpty(), "no Open Run button in a toolbar");
        for (String tip : tips) {
            assertEquals(1, tip.split("Ctrl\\+O", -1).length - 1, tip);
        }
    }

    /** Without Fashion-MNIST the demo job says so in the Runs view, once per demo, with no dialog. */
    @Test
    void demoRunsThatCannotBeRecordedAreExplainedInTheRunsViewWithoutADialog() {
        DialogGuard dialogs = new DialogGuard(shell.getDisplay(), shell);
        ErrorLogGuard log = new ErrorLogGuard();
        dialogs.start();
        log.start();
        String previous = System.getProperty(DemoRuns.DATA_PROPERTY);
        System.setProperty(DemoRuns.DATA_PROPERTY, dir.resolve("no-fashion-mnist-here").toString());
        try {
            new DemoRunsJob(dir.resolve("demos"), DemoRunsJob.defaultSize(), List.of(DemoKind.MLP, DemoKind.CNN))
                    .schedule();
            UiWait.until("the demo job to end", 60_000, () -> Job.getJobManager().find(DemoRunsJob.FAMILY).length == 0);
            UiWait.settle(500);
            List<OpenProblem> problems = OpenProblems.getDefault().all();
            assertEquals(2, problems.size(), problems.toString());
            for (OpenProblem p : problems) {
                assertTrue(p.error() && p.summary().startsWith("Demo ") && p.message().contains("no-fashion-mnist-here")
                        && p.message().contains("dataset-fashion-mnist"), p.toString());
            }
            assertEquals(List.of(), dialogs.takeSeen());
            assertEquals(List.of(), log.takeEntries());
            assertTrue(RunManager.getInstance().runs().isEmpty());
            Screenshots.save(shell.getDisplay(), "workbench-demo-runs-without-data");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (previous == null) {
                System.clearProperty(DemoRuns.DATA_PROPERTY);
            } else {
                System.setProperty(DemoRuns.DATA_PROPERTY, previous);
            }
            OpenProblems.getDefault().all().forEach(OpenProblems.getDefault()::dismiss);
            dialogs.stop();
            log.stop();
        }
    }
}
