package org.trainscope.ui.cnnvis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.draw2d.FigureCanvas;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;
import org.trainscope.core.model.FailureMessage;
import org.trainscope.ui.ViewSelectionProvider;
import org.trainscope.algorithms.clustering.NeuronFeatures;
import org.trainscope.algorithms.clustering.provider.ClusterEdits;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;
import org.trainscope.algorithms.clustering.provider.CnnVisProvider;
import org.trainscope.algorithms.clustering.provider.CnnVisRequest;
import org.trainscope.algorithms.clustering.provider.EdgeEncoding;
import org.trainscope.algorithms.clustering.provider.SizeCoding;
import org.trainscope.core.algorithms.AlgorithmDescriptor;
import org.trainscope.core.algorithms.AlgorithmManager;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.ControlRow;
import org.trainscope.ui.LatestRequest;
import org.trainscope.ui.NeuronSelection;
import org.trainscope.ui.TrainScopeUi;
import org.trainscope.ui.cnnvis.internal.CnnVisCanvas;
import org.trainscope.ui.cnnvis.internal.DrawOptions;
import org.trainscope.ui.cnnvis.internal.EditStore;


/**
 * CNNVis (Liu et al. 2017) for the run selected in the Runs view: layer groups left to right, their
 * neurons clustered into packed rectangles that show the chosen facet, bundles of edges between
 * adjacent groups coloured by the chosen encoding, the debugging facts under every group. The model
 * comes from {@link CnnVisProvider} in a job ({@link LatestRequest}); the view only draws it.
 * Changing the colour coding, facet, opacity or sign filters redraws without computing. Clicking
 * a cluster posts a {@link NeuronSelection} of its units, which Neuron Credit follows; a cluster
 * expanded to its neurons (context menu; a view state kept across redraws) posts one neuron per click.
 * "Layers aggregated" unchecked recomputes with a group per recorded layer.
 */
public final class CnnVisView extends ViewPart {
    public static final String ID = "org.trainscope.ui.views.cnnvis";
    private static final String HINT = "Select a run (or one of its tensors) in the Runs view to see its layers' "
            + "neuron clusters and the bundles of edges between them.";

    private Combo clusterer;
    private Spinner clusters;
    private Combo features;
    private Combo biclusterer;
    private Spinner bundles;
    private Combo iteration;
    private Combo encoding;
    private Combo facet;
    private Scale opacity;
    private Button positive;
    private Button negative;
    private Combo sizeCoding;
    private Scale bundleFilter;
    private Button outliers;
    private Button aggregate;
    private Button resetEdits;
    /** The cluster edits of the run shown, as the next request carries them (saved per run). */
    private ClusterEdits edits = ClusterEdits.NONE;
    private Label legend;
    private Canvas legendBar;
    private Label status;
    private CnnVisCanvas canvas;
    private List<AlgorithmDescriptor> clusterers;
    private List<AlgorithmDescriptor> biclusterers;
    private List<FacetDescriptor> facets;
    private long[] iterations = new long[0];
    private Run run;
    /** The Runs view's element this view last followed. */
    private Object followed;
    private CnnVisModel model;
    private Point computedFor;
    private LatestRequest<CnnVisModel> requests;
    private final ViewSelectionProvider selectionProvider = new ViewSelectionProvider();
    private final ISelectionListener navigatorListener = this::navigatorSelection;
    private final RunManager.Listener runListener = (closed, change) -> {
        if (change == RunManager.Change.CLOSED && canvas != null && !canvas.control().isDisposed()) {
            canvas.control().getDisplay().asyncExec(() -> {
                if (!canvas.control().isDisposed() && closed == run) {
                    clear();
                }
            });
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite controls = ControlRow.create(parent);
        clusterers = AlgorithmManager.getInstance().algorithms("clusterer");
        biclusterers = AlgorithmManager.getInstance().algorithms("biclusterer");
        facets = FacetManager.getInstance().facets();

        clusterer = combo(controls, "Clustering:", clusterers.stream().map(AlgorithmDescriptor::name).toList(),
                indexOf(clusterers, CnnVisRequest.K_MEANS));
        clusters = new Spinner(ControlRow.labelled(controls, "Clusters (0 = suggested):", 2), SWT.BORDER);
        clusters.setValues(0, 0, 512, 0, 1, 4);
        features = combo(controls, "Neuron features:", List.of("mean activation per class", "full activation"), 0);
        biclusterer = combo(controls, "Biclustering:", biclusterers.stream().map(AlgorithmDescriptor::name).toList(),
                indexOf(biclusterers, CnnVisRequest.SPECTRAL));
        bundles = new Spinner(ControlRow.labelled(controls, "Bundles:", 2), SWT.BORDER);
        bundles.setValues(3, 1, 64, 0, 1, 4);
        iteration = combo(controls, "Iteration:", List.of(), -1);
        encoding = combo(controls, "Edge colour:", Arrays.stream(EdgeEncoding.values()).map(EdgeEncoding::legend).toList(), 0);
        facet = combo(controls, "Facet:", facets.stream().map(FacetDescriptor::name).toList(), 0);
        opacity = new Scale(ControlRow.labelled(controls, "Edge opacity:", 2), SWT.HORIZONTAL);
        opacity.setMinimum(10);
        opacity.setMaximum(100);
        opacity.setIncrement(5);
        opacity.setPageIncrement(10);
        opacity.setSelection(70);
        Composite signs = ControlRow.labelled(controls, "Edges:", 4);
        positive = check(signs, "positive");
        negative = check(signs, "negative");
        outliers = check(signs, "outliers");
        outliers.setSelection(false);
        outliers.setToolTipText("Show outlier edges: the connections between clusters that no bundle covers, thin");
        bundleFilter = new Scale(ControlRow.labelled(controls, "Bicluster filter:", 2), SWT.HORIZONTAL);
        bundleFilter.setMinimum(0);
        bundleFilter.setMaximum(100);
        bundleFilter.setIncrement(5);
        bundleFilter.setPageIncrement(10);
        bundleFilter.setSelection(0);
        bundleFilter.setToolTipText("Hide the bundles whose mean |weight| is below this share of the strongest bundle's");
        sizeCoding = combo(controls, "Size coding:", Arrays.stream(SizeCoding.values()).map(SizeCoding::label).toList(), 0);
        aggregate = new Button(controls, SWT.CHECK);
        aggregate.setText("Layers aggregated");
        aggregate.setSelection(true);
        aggregate.setToolTipText("Checked: a convolution, its activation and its pooling are one group (CNNVis's default);"
                + " unchecked: every layer whose activation is recorded is a column of its own");
        resetEdits = new Button(controls, SWT.PUSH);
        resetEdits.setText("Reset edits");
        resetEdits.setToolTipText("Forget this run's merges, splits and moved neurons");
        resetEdits.setEnabled(false);
        resetEdits.addListener(SWT.Selection, e -> resetEdits());

        Composite legendRow = new Composite(parent, SWT.NONE);
        GridLayout lr = new GridLayout(2, false);
        lr.marginHeight = lr.marginWidth = 0;
        legendRow.setLayout(lr);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(legendRow);
        legendBar = new Canvas(legendRow, SWT.NONE);
        GridDataFactory.swtDefaults().hint(140, 12).applyTo(legendBar);
        legendBar.addPaintListener(e -> paintLegendBar(e.gc));
        legend = new Label(legendRow, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(legend);
        status = new Label(parent, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).hint(100, SWT.DEFAULT).applyTo(status);
        canvas = new CnnVisCanvas(parent);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(canvas.control());
        canvas.onSelect(this::clusterSelected);
        canvas.onSelectNeuron(this::neuronSelected);
        canvas.onDrop((dragged, target) -> merge(target, dragged));
        canvas.onNeuronDrop(this::move);
        canvas.control().addListener(SWT.MenuDetect, e -> {
            org.eclipse.swt.graphics.Point at = canvas.control().toControl(e.x, e.y);
            CnnVisCanvas.ClusterRef c = canvas.clusterAt(at.x, at.y);
            if (c == null) {
                e.doit = false;
                return;
            }
            Menu menu = clusterMenu(c);
            menu.setLocation(e.x, e.y);
            menu.setVisible(true);
        });
        requests = new LatestRequest<>(canvas.control(), this::display, this::failed);

        clusterer.addListener(SWT.Selection, e -> {
            updateEnablement();
            recompute();
        });
        for (Combo c : List.of(features, biclusterer, iteration, sizeCoding)) {
            c.addListener(SWT.Selection, e -> recompute());
        }
        aggregate.addListener(SWT.Selection, e -> recompute());
        for (Spinner s : List.of(clusters, bundles)) {
            s.addListener(SWT.Modify, e -> recompute());
        }
        facet.addListener(SWT.Selection, e -> canvas.setModel(run, model, options()));
        for (org.eclipse.swt.widgets.Control c : List.of(encoding, opacity, positive, negative, outliers, bundleFilter)) {
            c.addListener(SWT.Selection, e -> redraw());
        }
        canvas.control().addListener(SWT.Resize, e -> Display.getCurrent().timerExec(300, this::recomputeIfResized));
        updateEnablement();

        getSite().setSelectionProvider(selectionProvider);
        getSite().getPage().addPostSelectionListener(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID, navigatorListener);
        RunManager.getInstance().addListener(runListener);
        navigatorSelection(null, getSite().getPage().getSelection(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID));
        if (run == null) {
            setStatus(HINT);
        }
    }

    private static Combo combo(Composite row, String label, List<String> items, int selected) {
        Combo c = new Combo(ControlRow.labelled(row, label, 2), SWT.READ_ONLY);
        c.setItems(items.toArray(String[]::new));
        if (selected >= 0 && selected < items.size()) {
            c.select(selected);
        } else if (!items.isEmpty()) {
            c.select(0);
        }
        return c;
    }

    private static Button check(Composite parent, String text) {
        Button b = new Button(parent, SWT.CHECK);
        b.setText(text);
        b.setSelection(true);
        return b;
    }

    private static int indexOf(List<AlgorithmDescriptor> list, String id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(id)) {
                return i;
            }
        }
        return 0;
    }

    /** The number of clusters applies to clusterers that take k; bundles to biclusterers with k or count. */
    private void updateEnablement() {
        clusters.setEnabled(selected(clusterers, clusterer).map(d -> has(d, "k")).orElse(false));
        bundles.setEnabled(selected(biclusterers, biclusterer).map(d -> has(d, "k") || has(d, "count")).orElse(false));
    }

    private static boolean has(AlgorithmDescriptor d, String parameter) {
        return d.parameters().stream().anyMatch(p -> p.name().equals(parameter));
    }

    private static java.util.Optional<AlgorithmDescriptor> selected(List<AlgorithmDescriptor> list, Combo c) {
        int i = c.getSelectionIndex();
        return i >= 0 && i < list.size() ? java.util.Optional.of(list.get(i)) : java.util.Optional.empty();
    }

    private void navigatorSelection(IWorkbenchPart part, ISelection selection) {
        if (!(selection instanceof IStructuredSelection s) || s.isEmpty()) {
            return;
        }
        Object first = s.getFirstElement();
        if (first == followed) {
            return; // the workbench posts the current selection again (e.g. when a part activates): not a new choice
        }
        followed = first;
        Run r = null;
        if (first instanceof Run x) {
            r = x;
        } else if (first instanceof TensorSeries t) {
            r = RunManager.getInstance().runs().stream().filter(x -> x.tensors().contains(t)).findFirst().orElse(null);
        } else if (first instanceof NeuronSelection n) {
            r = n.run();
        }
        if (r != null && r != run) {
            show(r);
        }
    }

    /** Shows {@code r} at its last recorded activations (for the Runs view's selection and tests). */
    public void show(Run r) {
        run = r;
        model = null;
        iterations = r.tensors().stream().filter(t -> t.kind() == TensorKind.ACTIVATION && t.iterationCount() > 0)
                .findFirst().map(TensorSeries::iterations).orElse(new long[0]);
        List<String> items = new ArrayList<>();
        for (long it : iterations) {
            items.add(Long.toString(it));
        }
        iteration.setItems(items.toArray(String[]::new));
        iteration.select(items.size() - 1);
        iteration.getParent().getParent().layout(true, true);
        setContentDescription(r.name());
        canvas.collapseAll();
        edits = editStore().load(r);
        resetEdits.setEnabled(!edits.isEmpty());
        recompute();
    }

    private void clear() {
        requests.cancel();
        run = null;
        model = null;
        edits = ClusterEdits.NONE;
        resetEdits.setEnabled(false);
        canvas.setModel(null, null, options());
        setContentDescription("");
        legend.setText("");
        setStatus(HINT);
    }

    private CnnVisRequest request(Point size) {
        CnnVisRequest r = CnnVisRequest.of(run, size.x, size.y);
        AlgorithmDescriptor c = selected(clusterers, clusterer).orElseThrow();
        Map<String, String> cp = new HashMap<>(r.clustererParameters());
        if (has(c, "k")) {
            cp.put("k", Integer.toString(clusters.getSelection()));
        }
        if (!has(c, "kMax")) {
            cp.remove("kMax");
        }
        AlgorithmDescriptor b = selected(biclusterers, biclusterer).orElseThrow();
        Map<String, String> bp = new HashMap<>();
        if (has(b, "k")) {
            bp.put("k", Integer.toString(bundles.getSelection()));
        } else if (has(b, "count")) {
            bp.put("count", Integer.toString(bundles.getSelection()));
        }
        int it = iteration.getSelectionIndex();
        return r.withClusterer(c.id(), cp).withBiclusterer(b.id(), bp)
                .withFeatures(features.getSelectionIndex() == 1 ? NeuronFeatures.Kind.FULL_ACTIVATION
                        : NeuronFeatures.Kind.MEAN_PER_CLASS)
                .withEncoding(encodingChoice()).withIteration(it >= 0 && it < iterations.length ? iterations[it] : -1)
                .withSizeCoding(SizeCoding.values()[Math.max(0, sizeCoding.getSelectionIndex())]).withEdits(edits)
                .withAggregateLayers(aggregate.getSelection());
    }

    private void recompute() {
        if (run == null || clusterers.isEmpty() || biclusterers.isEmpty()) {
            return;
        }
        Point size = canvas.size();
        if (size.x < 300 || size.y < 200) {
            size = new Point(Math.max(300, size.x), Math.max(200, size.y)); // not laid out yet: scrolls until resized
        }
        computedFor = size;
        CnnVisRequest request = request(size);
        setStatus("Clustering the layers of " + run.name() + "…");
        requests.submit("CNNVis of " + run.name(), 150, monitor -> new CnnVisProvider().compute(request, monitor));
    }

    private void recomputeIfResized() {
        if (canvas.control().isDisposed() || run == null || computedFor == null) {
            return;
        }
        Point now = canvas.size();
        if (Math.abs(now.x - computedFor.x) > 40 || Math.abs(now.y - computedFor.y) > 40) {
            recompute();
        }
    }

    private void display(CnnVisModel m) {
        model = m;
        canvas.setModel(run, m, options());
        updateLegend();
        int clustersDrawn = m.groups().stream().mapToInt(g -> g.clusters().size()).sum();
        String text = m.groups().size() + " layer groups, " + clustersDrawn + " clusters, "
                + m.links().stream().mapToInt(l -> l.bundles().size()).sum() + " bundles at iteration " + m.iteration();
        if (!m.edits().isEmpty()) {
            text += ", " + m.edits().edits().size() + (m.edits().edits().size() == 1 ? " cluster edit" : " cluster edits");
        }
        if (!m.warnings().isEmpty()) {
            text += " — " + String.join("; ", m.warnings());
        }
        for (CnnVisModel.Link l : m.links()) {
            if (l.problem().isPresent()) {
                text += " — no bundles " + m.groups().get(l.from()).label() + " → " + m.groups().get(l.to()).label()
                        + ": " + l.problem().get();
            }
        }
        setStatus(text);
    }

    private void failed(Exception e) {
        model = null;
        canvas.setModel(null, null, options());
        legend.setText("");
        setStatus(FailureMessage.of("Not drawn", FailureMessage.where(run, null), e));
    }

    private void clusterSelected(CnnVisModel.Group group, CnnVisModel.Cluster cluster) {
        TensorSeries t = run == null ? null : run.tensor(group.tensorId()).orElse(null);
        if (t == null) {
            return;
        }
        int[] units = group.units(cluster);
        selectionProvider.setSelection(new StructuredSelection(new NeuronSelection(run, t, units, -1)));
        setStatus("Selected cluster " + cluster.index() + " of " + group.label() + ": " + cluster.size()
                + (group.unitsPerNeuron() > 1 ? " channels (" + units.length + " units)" : " units"));
    }

    /** A neuron of an expanded cluster: its units (a channel's positions) go to the other views. */
    private void neuronSelected(CnnVisModel.Group group, int neuron) {
        TensorSeries t = run == null ? null : run.tensor(group.tensorId()).orElse(null);
        if (t == null) {
            return;
        }
        int[] units = java.util.stream.IntStream.range(neuron * group.unitsPerNeuron(),
                (neuron + 1) * group.unitsPerNeuron()).toArray();
        selectionProvider.setSelection(new StructuredSelection(new NeuronSelection(run, t, units, -1)));
        String name = org.trainscope.core.model.NeuronLayout.of(run, t).describeChannel(neuron);
        setStatus("Selected " + name + " of " + group.label()
                + (units.length > 1 ? " (" + units.length + " units)" : ""));
    }

    private EdgeEncoding encodingChoice() {
        return EdgeEncoding.values()[Math.max(0, encoding.getSelectionIndex())];
    }

    private DrawOptions options() {
        int f = facet.getSelectionIndex();
        return new DrawOptions(encodingChoice(), f >= 0 && f < facets.size() ? facets.get(f) : null,
                (int) Math.round(opacity.getSelection() * 2.55), positive.getSelection(), negative.getSelection(),
                bundleFilter.getSelection() / 100.0, outliers.getSelection());
    }

    private void redraw() {
        canvas.setOptions(options());
        updateLegend();
    }

    private void updateLegend() {
        legend.setText(model == null ? "" : legendText(model, encodingChoice(), outliers.getSelection()));
        legend.getParent().layout(true);
        legendBar.redraw();
    }

    /**
     * "weights of edges −0.898 to 0.669", then the outlier edges' range when they are drawn (on
     * the bundles' colour scale, clamped), then what the cluster areas stand for and how to read
     * the purity lines under each group.
     */
    static String legendText(CnnVisModel m, EdgeEncoding e, boolean withOutliers) {
        String text = m.ranges().get(e).legend(e);
        if (withOutliers) {
            CnnVisModel.Range r = m.outlierRange(e);
            text += "; outlier edges " + (r.isEmpty() ? "none" : r.legend(e).substring(e.legend().length() + 1));
        }
        return text + "; cluster area: " + m.sizeCoding().label()
                + "; purity: neurons preferring their cluster's most common class (chance: classes shuffled),"
                + " r: mean correlation inside clusters (all pairs of the group)";
    }

    private void paintLegendBar(org.eclipse.swt.graphics.GC gc) {
        if (model == null) {
            return;
        }
        EdgeEncoding e = encodingChoice();
        CnnVisModel.Range range = model.ranges().get(e);
        org.eclipse.swt.graphics.Rectangle area = legendBar.getClientArea();
        for (int x = 0; x < area.width; x++) {
            double t = area.width > 1 ? x / (double) (area.width - 1) : 0;
            double v = range.isEmpty() ? 0 : range.min() + t * (range.max() - range.min());
            Color c = new Color(org.trainscope.ui.cnnvis.internal.CnnVisCanvas.colour(v, e, range));
            gc.setForeground(c);
            gc.drawLine(x, 0, x, area.height);
            c.dispose();
        }
    }

    private void setStatus(String text) {
        if (!status.isDisposed()) {
            status.setText(text);
            status.setToolTipText(text);
        }
    }

    // ---- cluster edits -----------------------------------------------------------------------

    private static EditStore store;

    /** The workbench's store of edits, in this bundle's state location (never the trace folder). */
    private static synchronized EditStore editStore() {
        if (store == null) {
            org.osgi.framework.Bundle bundle = org.osgi.framework.FrameworkUtil.getBundle(CnnVisView.class);
            store = new EditStore(org.eclipse.core.runtime.Platform.getStateLocation(bundle).toFile().toPath()
                    .resolve("cluster-edits.properties"));
        }
        return store;
    }

    /** The context menu of cluster {@code c}: merge, split, move one of its neurons, reset. */
    Menu clusterMenu(CnnVisCanvas.ClusterRef c) {
        Menu menu = new Menu(canvas.control());
        boolean open = canvas.isExpanded(c);
        item(menu, open ? "Collapse" : "Expand to its neurons", true, () -> canvas.setExpanded(c, !open));
        new org.eclipse.swt.widgets.MenuItem(menu, SWT.SEPARATOR);
        List<CnnVisCanvas.ClusterRef> selected = canvas.selection().stream()
                .filter(s -> s.group() == c.group()).toList();
        if (selected.size() >= 2) {
            item(menu, "Merge the " + selected.size() + " selected clusters", true, () -> mergeAll(selected));
        }
        Menu mergeWith = cascade(menu, "Merge with");
        Menu moveNeuron = cascade(menu, "Move " + (c.group().unitsPerNeuron() > 1 ? "channel" : "unit"));
        for (CnnVisModel.Cluster other : c.group().clusters()) {
            if (other != c.cluster()) {
                CnnVisCanvas.ClusterRef target = new CnnVisCanvas.ClusterRef(c.group(), other);
                item(mergeWith, "cluster #" + other.index() + " (" + other.size() + ")", true, () -> merge(c, target));
            }
        }
        int shown = Math.min(c.cluster().size(), MENU_NEURONS);
        for (int i = 0; i < shown; i++) {
            int neuron = c.cluster().members()[i];
            Menu to = cascade(moveNeuron, Integer.toString(neuron));
            for (CnnVisModel.Cluster other : c.group().clusters()) {
                if (other != c.cluster()) {
                    item(to, "to cluster #" + other.index(), true,
                            () -> move(c.group(), neuron, new CnnVisCanvas.ClusterRef(c.group(), other)));
                }
            }
        }
        if (c.cluster().size() > MENU_NEURONS) {
            item(moveNeuron, "(the first " + MENU_NEURONS + "; split into neurons for the others)", false, null);
        }
        item(menu, "Split in two (k-means)", c.cluster().size() >= 2, () -> split(c, false));
        item(menu, "Split into its " + (c.group().unitsPerNeuron() > 1 ? "channels" : "units"),
                c.cluster().size() >= 2, () -> split(c, true));
        new org.eclipse.swt.widgets.MenuItem(menu, SWT.SEPARATOR);
        item(menu, "Reset edits", !edits.isEmpty(), this::resetEdits);
        return menu;
    }

    /** Neurons of a cluster its "Move" menu lists at most. */
    private static final int MENU_NEURONS = 64;

    private static Menu cascade(Menu parent, String text) {
        org.eclipse.swt.widgets.MenuItem item = new org.eclipse.swt.widgets.MenuItem(parent, SWT.CASCADE);
        item.setText(text);
        Menu sub = new Menu(item);
        item.setMenu(sub);
        return sub;
    }

    private static void item(Menu parent, String text, boolean enabled, Runnable action) {
        org.eclipse.swt.widgets.MenuItem item = new org.eclipse.swt.widgets.MenuItem(parent, SWT.PUSH);
        item.setText(text);
        item.setEnabled(enabled);
        if (action != null) {
            item.addListener(SWT.Selection, e -> action.run());
        }
    }

    /** {@code first} takes in {@code second} (a drag of {@code second} onto {@code first}). */
    public void merge(CnnVisCanvas.ClusterRef first, CnnVisCanvas.ClusterRef second) {
        edit(new ClusterEdits.Merge(first.group().id(), first.cluster().members(), second.cluster().members()));
    }

    private void mergeAll(List<CnnVisCanvas.ClusterRef> clusters) {
        ClusterEdits e = base();
        int[] into = clusters.get(0).cluster().members();
        for (CnnVisCanvas.ClusterRef c : clusters.subList(1, clusters.size())) {
            e = e.with(new ClusterEdits.Merge(c.group().id(), into, c.cluster().members()));
            into = java.util.stream.IntStream.concat(Arrays.stream(into), Arrays.stream(c.cluster().members()))
                    .sorted().toArray();
        }
        apply(e);
    }

    /** Splits {@code c} in two by k-means on its members, or into one cluster per neuron. */
    public void split(CnnVisCanvas.ClusterRef c, boolean intoNeurons) {
        edit(new ClusterEdits.Split(c.group().id(), c.cluster().members(), intoNeurons));
    }

    /** Moves {@code neuron} of {@code group} to the cluster {@code target}. */
    public void move(CnnVisModel.Group group, int neuron, CnnVisCanvas.ClusterRef target) {
        edit(new ClusterEdits.Move(group.id(), neuron, target.cluster().members()));
    }

    /** Forgets the run's edits (saved too) and computes the picture without them. */
    public void resetEdits() {
        apply(ClusterEdits.NONE);
    }

    /** The cluster edits the view applies now (tests). */
    public ClusterEdits edits() {
        return edits;
    }

    private void edit(ClusterEdits.Edit e) {
        apply(base().with(e));
    }

    /**
     * The edits a new edit extends: those of the picture shown that applied; edits that no longer
     * apply (their note was shown) are forgotten with the next edit, as an edit is made on what
     * one sees.
     */
    private ClusterEdits base() {
        if (model == null || model.droppedEdits().isEmpty()) {
            return edits;
        }
        java.util.Set<String> dropped = model.droppedEdits().edits().stream().map(ClusterEdits.Edit::toText)
                .collect(java.util.stream.Collectors.toSet());
        return new ClusterEdits(edits.edits().stream().filter(x -> !dropped.contains(x.toText())).toList());
    }

    private void apply(ClusterEdits e) {
        if (run == null) {
            return;
        }
        edits = e;
        resetEdits.setEnabled(!e.isEmpty());
        try {
            editStore().save(run, e);
        } catch (java.io.IOException x) {
            // the picture is still right; say once that the edits will not come back
            setStatus("The cluster edits could not be saved: " + x.getMessage());
        }
        recompute();
    }

    // ---- for tests -------------------------------------------------------------------------

    /** The model drawn now, or null. */
    public CnnVisModel model() {
        return model;
    }

    public Run run() {
        return run;
    }

    public String statusText() {
        return status.getText();
    }

    public String legendText() {
        return legend.getText();
    }

    public boolean busy() {
        return requests.busy();
    }

    public CnnVisCanvas canvas() {
        return canvas;
    }

    /** Shows or hides the outlier edges, as the check box does. */
    public void setShowOutliers(boolean show) {
        outliers.setSelection(show);
        redraw();
    }

    /** Sets the bicluster filter (0-100 % of the strongest bundle's mean |weight|), as the slider does. */
    public void setBundleFilter(int percent) {
        bundleFilter.setSelection(percent);
        redraw();
    }

    /** Checks or unchecks "Layers aggregated", as a click does (recomputes). */
    public void setAggregateLayers(boolean aggregated) {
        aggregate.setSelection(aggregated);
        recompute();
    }

    /** Chooses the size coding, as the control does (recomputes). */
    public void setSizeCoding(SizeCoding s) {
        sizeCoding.select(s.ordinal());
        recompute();
    }

    /** The context menu of the cluster figure at {@code index}, as a right-click opens it (tests). */
    public Menu clusterMenu(int index) {
        return clusterMenu(canvas.cluster(index));
    }

    /** Chooses the edge colour coding, as the control does. */
    public void setEncoding(EdgeEncoding e) {
        encoding.select(e.ordinal());
        redraw();
    }

    /** Chooses a facet by id, as the control does; false when none has it. */
    public boolean setFacet(String id) {
        for (int i = 0; i < facets.size(); i++) {
            if (facets.get(i).id().equals(id)) {
                facet.select(i);
                canvas.setModel(run, model, options());
                return true;
            }
        }
        return false;
    }

    @Override
    public void setFocus() {
        canvas.control().setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePostSelectionListener(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID, navigatorListener);
        RunManager.getInstance().removeListener(runListener);
        requests.cancel();
        super.dispose();
    }
}
