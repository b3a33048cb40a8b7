package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.TrainScopeUi;
import org.trainscope.ui.internal.navigator.RunNavigatorView;
import org.trainscope.ui.internal.navigator.RunSummaryView;
import org.trainscope.ui.internal.open.RunLocationChooser;
import org.trainscope.ui.internal.open.RunLocationChoosers;
import org.trainscope.ui.internal.open.OpenProblem;
import org.trainscope.ui.internal.open.OpenProblems;
import org.trainscope.ui.dynamics.TrainingDynamicsView;

/** The real TrainScope workbench, driven through its menus as a user would. */
class WorkbenchTest {
    @TempDir
    Path dir;

    private IWorkbenchWindow window;
    private Shell shell;
    private RunLocationChooser previousChooser;
    private final AtomicReference<Path> nextLocation = new AtomicReference<>();

    @BeforeEach
    void setUp() {
        window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        assertNotNull(window, "no workbench window");
        shell = window.getShell();
        shell.setSize(1400, 900);
        shell.setLocation(0, 0);
        previousChooser = RunLocationChoosers.replace(new RunLocationChooser() {
            @Override
            public Optional<Path> chooseFile(Shell s) {
                return Optional.ofNullable(nextLocation.get());
            }

            @Override
            public Optional<Path> chooseFolder(Shell s) {
                return Optional.ofNullable(nextLocation.get());
            }
        });
    }

    @AfterEach
    void tearDown() {
        RunLocationChoosers.replace(previousChooser);
        RunManager.getInstance().closeAll();
        UiWait.settle(200);
    }

    @Test
    void workbenchShowsTheTrainScopePerspectiveAndMenus() throws IOException {
        IWorkbenchPage page = window.getActivePage();
        assertEquals(TrainScopeUi.PERSPECTIVE_ID, page.getPerspective().getId());
        assertEquals("TrainScope", shell.getText());
        assertNotNull(page.findView(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID), "Runs view missing");
        assertNotNull(page.findView(TrainScopeUi.RUN_SUMMARY_VIEW_ID), "Run Summary view missing");
        assertEquals(List.of("File", "Window", "Help"), Menus.topLevel(shell));
        List<String> file = Menus.items(shell, "File").stream().map(Menus::plain).toList();
        assertTrue(file.containsAll(List.of("Open Run…", "Open Run Folder…", "Close Run", "Refresh Runs", "Exit")),
                file.toString());
        List<String> windowMenu = Menus.items(shell, "Window").stream().map(Menus::plain).toList();
        assertTrue(windowMenu.stream().anyMatch(s -> s.startsWith("Preferences")), windowMenu.toString());
        assertTrue(Menus.find(shell, "Help", "About TrainScope").isPresent());
        UiWait.settle(300);
        Screenshots.save(shell.getDisplay(), "workbench-empty");
    }

    @Test
    void fileOpenRunOpensAStubRunThroughTheAdapterExtensionPoint() throws IOException {
        Path file = Files.writeString(dir.resolve("vae-nan.uistub"), "VAE with NaN loss\n");
        nextLocation.set(file);
        MenuItem open = Menus.find(shell, "File", "Open Run…").orElseThrow();
        Menus.click(open);
        UiWait.until("the run to open", 30_000, () -> RunManager.getInstance().find(file).isPresent());
        Run run = RunManager.getInstance().find(file).orElseThrow();
        assertEquals("VAE with NaN loss", run.name());

        RunNavigatorView navigator = (RunNavigatorView) window.getActivePage()
                .findView(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID);
        Tree tree = navigator.viewer().getTree();
        UiWait.until("the run in the navigator", 10_000, () -> tree.getItemCount() == 1);
        TreeItem item = tree.getItem(0);
        assertTrue(item.getText().startsWith("VAE with NaN loss"), item.getText());
        navigator.viewer().expandAll();

        RunSummaryView summary = (RunSummaryView) window.getActivePage().findView(TrainScopeUi.RUN_SUMMARY_VIEW_ID);
        UiWait.until("the summary of the run", 10_000, () -> summary.shownRun() == run);
        Table table = findTable(summary);
        List<String> cells = Arrays.stream(table.getItems()).map(t -> t.getText(0) + "=" + t.getText(1)).toList();
        assertTrue(cells.stream().anyMatch(c -> c.startsWith("Network=7 nodes, 7 edges")), cells.toString());
        assertTrue(cells.stream().anyMatch(c -> c.startsWith("Metric loss=") && c.contains("first non-finite @40")),
                cells.toString());
        assertTrue(cells.contains("Layer groups=encoder → latent → decoder"), cells.toString());
        UiWait.settle(500);
        Screenshots.save(shell.getDisplay(), "workbench-open-run");
    }

    @Test
    void trainingDynamicsShowsASampleOverTheDensityAndMarksNaN() throws Exception {
        Path file = Files.writeString(dir.resolve("dynamics.uistub"), "Dynamics run\n");
        nextLocation.set(file);
        Menus.click(Menus.find(shell, "File", "Open Run…").orElseThrow());
        UiWait.until("the run to open", 30_000, () -> RunManager.getInstance().find(file).isPresent());
        Run run = RunManager.getInstance().find(file).orElseThrow();
        var tensor = run.tensor("dec1/activation").orElseThrow();
        RunNavigatorView navigator = (RunNavigatorView) window.getActivePage()
                .findView(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID);
        UiWait.until("the run in the navigator", 10_000, () -> navigator.viewer().getTree().getItemCount() == 1);
        TrainingDynamicsView view = (TrainingDynamicsView) window.getActivePage().showView(TrainingDynamicsView.ID);
        navigator.viewer().expandAll();
        navigator.viewer().setSelection(new org.eclipse.jface.viewers.StructuredSelection(tensor), true);
        UiWait.until("the dynamics chart", 60_000, () -> view.currentChart() != null
                && view.currentChart().request().tensor() == tensor && view.currentChart().request().width() > 300
                && !view.busy());
        var chart = view.currentChart();
        assertEquals(300, chart.sampled().length);
        assertEquals(30, chart.scan().nonFinitePolylines());
        assertEquals(30, chart.scan().firstNonFinitePerPoint()[50]);
        assertEquals(60, chart.length());
        // blue noise keeps the late-spiking outliers (neurons 100..119, three near-identical groups by
        // n % 3) that random sampling mostly misses: at least one of each group (spec §4, planted groups)
        for (int family = 0; family < 3; family++) {
            int f = family;
            assertTrue(java.util.Arrays.stream(chart.sampled()).anyMatch(n -> n >= 100 && n < 120 && n % 3 == f),
                    "no late-spiking outlier of group " + f + " kept: " + java.util.Arrays.toString(chart.sampled()));
        }
        UiWait.settle(500);
        Screenshots.save(shell.getDisplay(), "training-dynamics");

        // the symmetric-log value axis: same sample, ticks at zero and powers of ten
        var logScale = new java.util.concurrent.atomic.AtomicReference<org.eclipse.swt.widgets.Button>();
        visit(shell, c -> {
            if (c instanceof org.eclipse.swt.widgets.Button b && "Log scale".equals(b.getText())) {
                logScale.set(b);
            }
        });
        logScale.get().setSelection(true);
        logScale.get().notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
        UiWait.until("the log-scale chart", 60_000, () -> view.currentChart().request().symlog() && !view.busy());
        assertTrue(view.currentChart().axis().symlog());
        UiWait.settle(500);
        Screenshots.save(shell.getDisplay(), "training-dynamics-log");
        logScale.get().setSelection(false);
        logScale.get().notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
        UiWait.until("the linear chart again", 60_000, () -> !view.currentChart().request().symlog() && !view.busy());

        // wheel over the middle of the chart: a narrower iteration range, sampled again
        var canvas = view.canvas();
        org.eclipse.swt.widgets.Event wheel = new org.eclipse.swt.widgets.Event();
        // the middle of the plot (the point after the middle: the zoomed range does not depend on its width)
        wheel.x = org.trainscope.ui.dynamics.DynamicsCanvas.LEFT + view.currentChart().width() / 2;
        wheel.y = canvas.getClientArea().height / 2;
        wheel.count = 3;
        canvas.notifyListeners(org.eclipse.swt.SWT.MouseVerticalWheel, wheel);
        UiWait.until("the zoomed chart", 60_000, () -> view.currentChart().request().toRecord()
                - view.currentChart().request().fromRecord() < 60 && !view.busy());
        assertTrue(view.currentChart().length() < 60);

        // shift-drag across the top of the chart selects the high-valued (spiking) polylines
        var brushed = new java.util.concurrent.atomic.AtomicReference<org.trainscope.ui.NeuronSelection>();
        view.getSite().getSelectionProvider().addSelectionChangedListener(e -> brushed.set(
                (org.trainscope.ui.NeuronSelection) ((org.eclipse.jface.viewers.IStructuredSelection) e.getSelection())
                        .getFirstElement()));
        mouse(canvas, org.eclipse.swt.SWT.MouseDown, 70, 20, org.eclipse.swt.SWT.SHIFT);
        mouse(canvas, org.eclipse.swt.SWT.MouseMove, canvas.getClientArea().width - 20, 60, org.eclipse.swt.SWT.SHIFT);
        mouse(canvas, org.eclipse.swt.SWT.MouseUp, canvas.getClientArea().width - 20, 60, org.eclipse.swt.SWT.SHIFT);
        // the brush looks at all polylines (not only the sampled) in a job
        UiWait.until("the brushed selection", 30_000, () -> brushed.get() != null);
        assertTrue(brushed.get().units().length > 0, "nothing brushed");
        assertTrue(java.util.Arrays.stream(brushed.get().units()).allMatch(n -> n >= 100 && n < 120),
                java.util.Arrays.toString(brushed.get().units()));
        assertEquals(-1, brushed.get().probe());

        // hovering a drawn line names it in a tooltip painted on the chart; leaving the chart hides it
        var zoomed = view.currentChart();
        int point = zoomed.length() / 2;
        int line = 0;
        while (!Float.isFinite(zoomed.value(line, point))) {
            line++;
        }
        int x = org.trainscope.ui.dynamics.DynamicsCanvas.LEFT + zoomed.columnOf(point);
        int y = org.trainscope.ui.dynamics.DynamicsCanvas.TOP + (int) Math.round(
                (1 - zoomed.axis().position(zoomed.value(line, point))) * (zoomed.request().height() - 1));
        mouse(canvas, org.eclipse.swt.SWT.MouseMove, x, y, 0);
        UiWait.until("the hover tooltip", 30_000, () -> view.hoverText() != null);
        assertTrue(view.hoverText().startsWith("unit "), view.hoverText());
        assertTrue(view.hoverText().contains("iteration " + zoomed.iterations()[point]), view.hoverText());
        UiWait.settle(300);
        Screenshots.save(shell.getDisplay(), "training-dynamics-hover");
        mouse(canvas, org.eclipse.swt.SWT.MouseExit, x, y, 0);
        assertEquals(null, view.hoverText());

        // closing the run clears the view: it must not hold on to the run's files
        RunManager.getInstance().close(run);
        UiWait.until("the view to let go of the closed run", 10_000, () -> view.currentChart() == null);
    }

    /**
     * A sampler contributed by this test bundle (StrideSampler) is listed, and its declared
     * parameters (an integer without upper bound, a boolean) appear as a form the view did not
     * know of; the values reach the sampler, a bad value is refused in the status line, and the
     * sample size the user gave stays when another sampler is chosen.
     */
    @Test
    void trainingDynamicsOffersTheDeclaredParametersOfAContributedSampler() throws Exception {
        Path file = Files.writeString(dir.resolve("stride.uistub"), "Dynamics run\n");
        nextLocation.set(file);
        Menus.click(Menus.find(shell, "File", "Open Run…").orElseThrow());
        UiWait.until("the run to open", 30_000, () -> RunManager.getInstance().find(file).isPresent());
        Run run = RunManager.getInstance().find(file).orElseThrow();
        var tensor = run.tensor("dec1/activation").orElseThrow();
        RunNavigatorView navigator = (RunNavigatorView) window.getActivePage()
                .findView(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID);
        UiWait.until("the run in the navigator", 10_000, () -> navigator.viewer().getTree().getItemCount() == 1);
        TrainingDynamicsView view = (TrainingDynamicsView) window.getActivePage().showView(TrainingDynamicsView.ID);
        navigator.viewer().expandAll();
        navigator.viewer().setSelection(new org.eclipse.jface.viewers.StructuredSelection(tensor), true);
        org.eclipse.swt.widgets.Composite controls = view.controls();
        assertTrue(Widgets.labelsStartingWith(controls, "Stride").isEmpty(), "blue noise has no stride");
        assertTrue(view.parameterForm().names().containsAll(List.of("sampleCount", "seed", "positionWeight",
                "directionWeight")), view.parameterForm().names().toString());

        Widgets.choose(Widgets.comboOffering(controls, "Every k-th"), "Every k-th");
        assertEquals(List.of("sampleCount", "stride", "fromEnd"), List.copyOf(view.parameterForm().names()));
        assertEquals(List.of("Stride:"), Widgets.labelsStartingWith(controls, "Stride"));
        assertEquals(List.of("From the last:"), Widgets.labelsStartingWith(controls, "From the last"));
        var size = (org.eclipse.swt.widgets.Spinner) view.parameterForm().control("sampleCount");
        assertEquals(300, size.getSelection(), "the view's sample size, not the declared default");
        size.setSelection(10);
        size.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
        var stride = (org.eclipse.swt.widgets.Text) view.parameterForm().control("stride");
        stride.setText("7");
        UiWait.until("the strided sample", 60_000, () -> !view.busy() && view.currentChart() != null
                && "7".equals(view.currentChart().request().samplerParameters().get("stride")));
        assertArrayEquals(new int[] { 0, 7, 14, 21, 28, 35, 42, 49, 56, 63 }, view.currentChart().sampled());
        var fromEnd = (org.eclipse.swt.widgets.Button) view.parameterForm().control("fromEnd");
        fromEnd.setSelection(true);
        fromEnd.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
        UiWait.until("the sample from the end", 60_000, () -> !view.busy()
                && "true".equals(view.currentChart().request().samplerParameters().get("fromEnd")));
        assertEquals(4999 - 63, view.currentChart().sampled()[0]);
        UiWait.settle(300);
        Screenshots.save(shell.getDisplay(), "training-dynamics-contributed-sampler");

        // a value outside the declared range is refused where it is typed, and said in the status line
        var before = view.currentChart();
        stride.setText("0");
        UiWait.settle(300);
        assertTrue(view.statusText().contains("parameter 'stride'"), view.statusText());
        assertTrue(stride.getToolTipText().contains("outside"), stride.getToolTipText());
        assertTrue(view.currentChart() == before, "a bad value must not be sampled");

        // back to blue noise: no stride; the sample size given stays
        Widgets.choose(Widgets.comboOffering(controls, "Blue-noise"), "Blue-noise");
        assertTrue(Widgets.labelsStartingWith(controls, "Stride").isEmpty());
        assertEquals(10, ((org.eclipse.swt.widgets.Spinner) view.parameterForm().control("sampleCount"))
                .getSelection());
        UiWait.until("the blue-noise sample", 60_000, () -> !view.busy() && view.currentChart() != null
                && view.currentChart().request().samplerId().endsWith("blueNoise"));
        assertEquals(10, view.currentChart().sampled().length);
    }

    private static void mouse(org.eclipse.swt.widgets.Control c, int type, int x, int y, int state) {
        org.eclipse.swt.widgets.Event e = new org.eclipse.swt.widgets.Event();
        e.x = x;
        e.y = y;
        e.button = 1;
        e.stateMask = state;
        c.notifyListeners(type, e);
    }

    @Test
    void neuronCreditExplainsANeuronOfARunRecordedByPyTorch() throws Exception {
        // a real run: the PyTorch recorder trains a tiny CNN and writes a trace
        Path script = Path.of("../../recorders/python/tests/make_java_fixture.py").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), dir.toString()).redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "python3 with torch is needed (releng/scripts/install-deps.sh):\n" + log);
        Path trace = dir.resolve("trace");
        nextLocation.set(trace);
        Menus.click(Menus.find(shell, "File", "Open Run Folder…").orElseThrow());
        UiWait.until("the PyTorch run to open", 30_000, () -> RunManager.getInstance().find(trace).isPresent());
        Run run = RunManager.getInstance().find(trace).orElseThrow();
        CreditViewDriver.exercise(window.getActivePage(), run);
        UiWait.settle(800);
        Screenshots.save(shell.getDisplay(), "neuron-credit");
    }

    @Test
    void aFileNoAdapterReadsIsExplainedPlainlyInTheRunsViewWithoutADialog() throws IOException {
        Path file = Files.writeString(dir.resolve("shopping-list.txt"), "milk\n");
        nextLocation.set(file);
        Display display = shell.getDisplay();
        DialogGuard dialogs = new DialogGuard(display, shell);
        dialogs.start();
        try {
            Menus.click(Menus.find(shell, "File", "Open Run…").orElseThrow());
            UiWait.until("the problem in the Runs view", 40_000, () -> OpenProblems.getDefault().all().stream()
                    .anyMatch(p -> p.location().equals(file)));
            OpenProblem problem = OpenProblems.getDefault().all().stream().filter(p -> p.location().equals(file))
                    .findFirst().orElseThrow();
            assertTrue(problem.message().contains("shopping-list.txt"), problem.message());
            assertTrue(problem.message().contains("UI test stub adapter (*.uistub)"), problem.message());
            RunNavigatorView navigator = (RunNavigatorView) window.getActivePage()
                    .findView(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID);
            Tree tree = navigator.viewer().getTree();
            UiWait.until("the problem in the tree", 10_000, () -> tree.getItemCount() == 1
                    && tree.getItem(0).getData() == problem);
            assertEquals("No adapter reads shopping-list.txt", tree.getItem(0).getText());
            UiWait.settle(300);
            screenshot(display, "workbench-no-adapter");
            assertEquals(List.of(), dialogs.takeSeen());
            assertTrue(RunManager.getInstance().runs().isEmpty());
            // dismissed with Delete, as the tooltip says
            navigator.viewer().setSelection(new org.eclipse.jface.viewers.StructuredSelection(problem));
            org.eclipse.swt.widgets.Event delete = new org.eclipse.swt.widgets.Event();
            delete.keyCode = org.eclipse.swt.SWT.DEL;
            tree.notifyListeners(org.eclipse.swt.SWT.KeyDown, delete);
            UiWait.until("the problem to go", 10_000, () -> tree.getItemCount() == 0);
            assertTrue(OpenProblems.getDefault().all().isEmpty());
        } finally {
            dialogs.stop();
        }
    }

    @Test
    void preferencesOfferTheSettingsTheProductUses() throws IOException {
        org.eclipse.jface.preference.PreferenceDialog dialog = org.eclipse.ui.dialogs.PreferencesUtil
                .createPreferenceDialogOn(shell, "org.trainscope.ui.preferences.general", null, null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            UiWait.settle(400);
            Screenshots.save(shell.getDisplay(), "preferences");
            String text = allText(dialog.getShell()) + buttons(dialog.getShell());
            assertTrue(text.contains("Reopen the runs that were open at the last exit"), text);
            assertTrue(text.contains("Look for new data in live runs every"), text);
        } finally {
            dialog.close();
        }
    }

    private static String buttons(Shell shell) {
        StringBuilder b = new StringBuilder();
        visit(shell, c -> {
            if (c instanceof org.eclipse.swt.widgets.Button button) {
                b.append(button.getText().replace("&", "")).append('\n');
            }
        });
        return b.toString().replace("&", "");
    }

    @Test
    void aboutShowsPlatformNd4jAndElkVersions() throws Exception {
        Display display = shell.getDisplay();
        DialogWatcher watcher = DialogWatcher.watch(display, "About TrainScope", 30_000,
                dialog -> screenshot(display, "about"));
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.trainscope.ui.commands.about",
                null);
        UiWait.until("the About dialog", 40_000, watcher::done);
        String text = watcher.text();
        assertTrue(text.contains("ND4J=1.0.0-M2.1"), text);
        assertTrue(text.contains("ELK (Eclipse Layout Kernel)=0.12.1"), text);
        assertTrue(text.contains("Eclipse Platform (workbench)=3."), text);
    }

    private static void screenshot(Display display, String name) {
        UiWait.settle(300);
        try {
            Screenshots.save(display, name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Table findTable(RunSummaryView view) {
        Table[] found = new Table[1];
        visit(view.getSite().getShell(), c -> {
            if (c instanceof Table t && t.getColumnCount() == 2 && "Property".equals(t.getColumn(0).getText())) {
                found[0] = t;
            }
        });
        assertNotNull(found[0], "summary table not found");
        return found[0];
    }

    static Shell dialog(Display display, String title) {
        for (Shell s : display.getShells()) {
            if (!s.isDisposed() && s.isVisible() && title.equals(s.getText())) {
                return s;
            }
        }
        return null;
    }

    static String allText(Shell shell) {
        StringBuilder b = new StringBuilder();
        visit(shell, c -> {
            if (c instanceof org.eclipse.swt.widgets.Label l) {
                b.append(l.getText()).append('\n');
            } else if (c instanceof Table t) {
                for (TableItem i : t.getItems()) {
                    b.append(i.getText(0)).append('=').append(i.getText(1)).append('\n');
                }
            }
        });
        return b.toString();
    }

    private static void visit(org.eclipse.swt.widgets.Control c,
            java.util.function.Consumer<org.eclipse.swt.widgets.Control> action) {
        action.accept(c);
        if (c instanceof org.eclipse.swt.widgets.Composite comp) {
            for (org.eclipse.swt.widgets.Control child : comp.getChildren()) {
                visit(child, action);
            }
        }
    }
}
