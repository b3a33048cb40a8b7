package org.trainscope.algorithms.clustering.provider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.trainscope.algorithms.clustering.Biclustering;
import org.trainscope.algorithms.clustering.Clustering;
import org.trainscope.algorithms.clustering.NeuronActivations;
import org.trainscope.algorithms.clustering.NeuronFeatures;
import org.trainscope.algorithms.clustering.Rect;
import org.trainscope.algorithms.clustering.RectanglePacking;
import org.trainscope.algorithms.clustering.Reordering;
import org.trainscope.core.algorithms.AlgorithmDescriptor;
import org.trainscope.core.algorithms.AlgorithmManager;
import org.trainscope.core.algorithms.IAlgorithm;
import org.trainscope.core.math.FloatMatrix;
import org.trainscope.core.model.ProbeImageLayout;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.render.GreyLevels;

/**
 * Computes the CNNVis picture ({@link CnnVisModel}) of a run for the view, the command line and
 * the tests: layer groups ({@link LayerGroups}) placed by {@link GroupLayout}, their neurons clustered by the requested
 * {@code clusterer}, the clusters packed into each group's box ({@link RectanglePacking}), the
 * activation facets reordered by the {@code reorderer}, the edges between adjacent groups'
 * clusters bundled by the {@code biclusterer} (of the clusters' mean |weight|), and the debugging
 * facts of every group's weights. The request's {@link ClusterEdits} change the clusters after
 * clustering and before packing and biclustering; the pairs of clusters no bundle covers are kept as
 * outlier edges. The algorithms come from {@code org.trainscope.core.algorithms},
 * so a contributed clusterer is used like the built-in ones. Cancellable between and inside steps.
 */
public final class CnnVisProvider {
    /** Pixels above the boxes for the group labels. */
    public static final int HEADER = 34;
    /** Pixels below the boxes for the debugging facts (two bars, a note) and the purity figures (two lines). */
    public static final int FOOTER = 84;
    /** Where the purity lines start below a group's box, after the facts. */
    public static final int PURITY_TOP = 48;
    /** Probe inputs a cluster's learned-features facet shows at most. */
    public static final int TOP_PROBES = 6;
    private static final double PADDING = 2;

    public CnnVisModel compute(CnnVisRequest request, IProgressMonitor monitor) throws IOException {
        IProgressMonitor m = monitor == null ? new NullProgressMonitor() : monitor;
        Run run = request.run();
        List<String> warnings = new ArrayList<>();
        LayerGroups layerGroups = LayerGroups.of(run, request.aggregateLayers());
        warnings.addAll(layerGroups.skipped());
        List<LayerGroups.Spec> specs = layerGroups.groups();
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("the run '" + run.name() + "' has no layer group with recorded "
                    + "activations of the probe inputs (a convolution or dense layer): CNNVis has nothing to cluster");
        }
        long iteration = request.iteration() >= 0 ? request.iteration() : lastIteration(specs);
        AlgorithmDescriptor clusterer = algorithm(request.clustererId(), "clusterer");
        AlgorithmDescriptor biclusterer = algorithm(request.biclustererId(), "biclusterer");
        AlgorithmDescriptor reorderer = algorithm(request.reordererId(), "reorderer");

        NeuronFeatures.Kind features = request.features();
        int[] labels = run.probeLabels();
        int probes = specs.get(0).layout().probeCount();
        if (features == NeuronFeatures.Kind.MEAN_PER_CLASS && labels.length != probes) {
            features = NeuronFeatures.Kind.FULL_ACTIVATION;
            warnings.add("the probe inputs have no class labels: neurons are described by their full activation");
        }
        Rect[] boxes = GroupLayout.boxes(specs.size(), layerGroups.edges(), request.width(), request.height(), HEADER,
                FOOTER);
        List<CnnVisModel.Group> groups = new ArrayList<>();
        List<ClusterEdits.Edit> applied = new ArrayList<>();
        List<ClusterEdits.Edit> dropped = new ArrayList<>();
        for (int gi = 0; gi < specs.size(); gi++) {
            checkCanceled(m);
            LayerGroups.Spec spec = specs.get(gi);
            m.subTask("clustering " + spec.label());
            groups.add(group(spec, iteration, labels, features, clusterer, reorderer, request, boxes[gi], applied,
                    dropped, m));
        }
        Set<String> groupIds = specs.stream().map(LayerGroups.Spec::id).collect(Collectors.toSet());
        request.edits().edits().stream().filter(e -> !groupIds.contains(e.group())).forEach(dropped::add);
        if (!dropped.isEmpty()) {
            warnings.add(dropped.size() + (dropped.size() == 1 ? " cluster edit no longer applies" : " cluster edits no longer apply")
                    + " (made on other clusters or another network) and " + (dropped.size() == 1 ? "was" : "were") + " left out");
        }
        List<CnnVisModel.Link> links = new ArrayList<>();
        for (int[] e : layerGroups.edges()) {
            checkCanceled(m);
            links.add(link(run, e[0], e[1], specs.get(e[0]), specs.get(e[1]), groups.get(e[0]), groups.get(e[1]),
                    iteration, biclusterer, request, m));
        }
        Map<EdgeEncoding, CnnVisModel.Range> ranges = new EnumMap<>(EdgeEncoding.class);
        for (EdgeEncoding e : EdgeEncoding.values()) {
            ranges.put(e, range(links, e));
        }
        // Measured on the clusters as shown (after the edits), so the view, the export and the CLI agree.
        Map<String, ClusterPurity> purity = new HashMap<>();
        for (CnnVisModel.Group g : groups) {
            checkCanceled(m);
            purity.put(g.id(), ClusterPurity.of(g, labels, null));
        }
        return new CnnVisModel(run.name(), iteration, request.encoding(), groups, links, ranges, probeImages(run),
                warnings, request.width(), request.height(), request.sizeCoding(), new ClusterEdits(applied),
                new ClusterEdits(dropped), purity);
    }

    private CnnVisModel.Group group(LayerGroups.Spec spec, long iteration, int[] labels, NeuronFeatures.Kind features,
            AlgorithmDescriptor clusterer, AlgorithmDescriptor reorderer, CnnVisRequest request, Rect box,
            List<ClusterEdits.Edit> applied, List<ClusterEdits.Edit> dropped, IProgressMonitor m) throws IOException {
        TensorSeries t = spec.activation();
        int record = Math.max(0, recordAtOrBefore(t.iterations(), iteration));
        float[] values = new float[t.neuronCount()];
        t.readSnapshot(record, values);
        int[] groupLabels = labels.length == spec.layout().probeCount() ? labels : new int[0];
        NeuronActivations acts = NeuronActivations.of(spec.layout(), values, groupLabels);
        if (spec.layout().isSpatial()) {
            acts = acts.perChannel(spec.layout().channelCount());
        }
        Map<String, String> params = new HashMap<>(request.clustererParameters());
        if (clusterer.parameters().stream().anyMatch(p -> p.name().equals("features"))) {
            params.put("features", features.id()); // a contributed clusterer may describe neurons its own way
        }
        Clustering clustering = create(clusterer, NeuronActivations.class, Clustering.class)
                .execute(acts, clusterer.parameters(params), m);
        FloatMatrix featureMatrix = NeuronFeatures.of(features, acts);
        IAlgorithm<FloatMatrix, Reordering> reorder = create(reorderer, FloatMatrix.class, Reordering.class);

        List<int[]> found = new ArrayList<>();
        for (int c = 0; c < clustering.clusterCount(); c++) {
            int[] mem = clustering.members(c);
            if (mem.length > 0) {
                found.add(mem);
            }
        }
        ClusterEdits.Result edited = request.edits().apply(spec.id(), found, spec.neuronCount(), featureMatrix, m);
        applied.addAll(edited.applied());
        dropped.addAll(edited.dropped());
        List<int[]> members = edited.clusters();
        double[] sizes = sizes(request.sizeCoding(), members, acts);
        List<RectanglePacking.Node> leaves = new ArrayList<>();
        for (int c = 0; c < members.size(); c++) {
            leaves.add(RectanglePacking.Node.leaf("cluster " + c, sizes[c]));
        }
        RectanglePacking.PackedNode packed = new RectanglePacking(PADDING)
                .pack(RectanglePacking.Node.of(spec.id(), leaves), box, m);
        List<CnnVisModel.Cluster> clusters = new ArrayList<>();
        for (int c = 0; c < members.size(); c++) {
            checkCanceled(m);
            int[] mem = members.get(c);
            boolean nonFinite = Arrays.stream(mem).allMatch(n -> Arrays.binarySearch(clustering.nonFiniteRows(), n) >= 0);
            FloatMatrix matrix = facet(acts, mem);
            Reordering order = reorder.execute(matrix, reorderer.parameters(Map.of()), m);
            clusters.add(new CnnVisModel.Cluster(c, mem, meanRow(featureMatrix, mem), nonFinite,
                    packed.children().get(c).rect(), topProbes(matrix), permuted(matrix, order), order.rowOrder(),
                    order.columnOrder()));
        }
        String method = clustering.method() + (edited.applied().isEmpty() ? ""
                : ", then " + edited.applied().size() + (edited.applied().size() == 1 ? " edit" : " edits"));
        return new CnnVisModel.Group(spec.id(), spec.label(), t.id(), spec.neuronCount(), spec.unitsPerNeuron(), box,
                clusters, method, facts(spec, LayerGroups.mixes(request.run().graph(), spec.id()), iteration), clustering.scoreByK());
    }

    /**
     * The packing weight of every cluster under the size coding. Under the activation coding every
     * cluster keeps at least 5 % of the largest weight, so a cluster of silent neurons stays a
     * rectangle one can click; when no neuron is active at all the neurons are counted instead.
     */
    static double[] sizes(SizeCoding coding, List<int[]> clusters, NeuronActivations acts) {
        double[] w = new double[clusters.size()];
        for (int c = 0; c < w.length; c++) {
            int[] mem = clusters.get(c);
            w[c] = switch (coding) {
            case NEURONS -> mem.length;
            case UNIFORM -> 1;
            case ACTIVATION -> {
                double sum = 0;
                for (int n : mem) {
                    double s = 0;
                    for (int p = 0; p < acts.probeCount(); p++) {
                        float v = acts.value(p, n);
                        s += Float.isFinite(v) ? Math.abs(v) : 0;
                    }
                    sum += acts.probeCount() > 0 ? s / acts.probeCount() : 0;
                }
                yield sum;
            }
            };
        }
        if (coding == SizeCoding.ACTIVATION) {
            double max = Arrays.stream(w).max().orElse(0);
            if (!(max > 0) || !Double.isFinite(max)) {
                return sizes(SizeCoding.NEURONS, clusters, acts);
            }
            for (int c = 0; c < w.length; c++) {
                w[c] = Math.max(w[c], 0.05 * max);
            }
        }
        return w;
    }

    private CnnVisModel.Link link(Run run, int index, int toIndex, LayerGroups.Spec from, LayerGroups.Spec to,
            CnnVisModel.Group fromGroup, CnnVisModel.Group toGroup, long iteration, AlgorithmDescriptor biclusterer,
            CnnVisRequest request, IProgressMonitor m) throws IOException {
        String method = biclusterer.name();
        if (!LayerGroups.mixes(run.graph(), to.id())) {
            // an activation function, a pooling, a batch norm (layers not aggregated): no weights to bundle
            String how = from.neuronCount() == to.neuronCount()
                    ? (from.layout().isSpatial() ? "channels map one to one" : "units map one to one")
                    : from.neuronCount() + " neurons become " + to.neuronCount() + " without weights";
            return new CnnVisModel.Link(index, toIndex, List.of(),
                    Optional.of("no weights between " + from.label() + " and " + to.label() + ": " + how),
                    from.neuronCount() == to.neuronCount() ? CnnVisModel.Link.ONE_TO_ONE : "none");
        }
        if (to.weight() == null) {
            return new CnnVisModel.Link(index, toIndex, List.of(),
                    Optional.of("the weights of " + to.label() + " are not recorded"), method);
        }
        TensorSeries wt = to.weight();
        EdgeSums.Mapping mapping;
        try {
            mapping = EdgeSums.mapping(wt.shape(), run.graph().node(to.id()).orElseThrow(), from, to);
        } catch (IllegalArgumentException e) {
            return new CnnVisModel.Link(index, toIndex, List.of(), Optional.of(e.getMessage()), method);
        }
        int record = recordAtOrBefore(wt.iterations(), iteration);
        if (record < 0) {
            return new CnnVisModel.Link(index, toIndex, List.of(),
                    Optional.of("no weights of " + to.label() + " recorded by iteration " + iteration), method);
        }
        float[] w = read(wt, record);
        float[] previous = record > 0 ? read(wt, record - 1) : null;
        float[] g = null;
        if (to.gradient() != null) {
            int gr = recordAtOrBefore(to.gradient().iterations(), iteration);
            g = gr >= 0 ? read(to.gradient(), gr) : null;
        }
        EdgeSums sums = EdgeSums.of(wt.shape(), mapping, from.neuronCount(), to.neuronCount(), w, g, previous);
        ClusterSums cs = new ClusterSums(sums, fromGroup.clusters(), toGroup.clusters());
        List<CnnVisModel.Bundle> bundles = new ArrayList<>();
        int rows = fromGroup.clusters().size();
        int cols = toGroup.clusters().size();
        FloatMatrix strength = cs.meanAbsWeight();
        if (rows == 1 || cols == 1) {
            bundles.add(cs.bundle(IntStream.range(0, rows).toArray(), IntStream.range(0, cols).toArray(), false));
            method = "one bundle (a group of one cluster)";
        } else {
            Map<String, String> params = new HashMap<>(request.biclustererParameters());
            if (biclusterer.parameters().stream().anyMatch(p -> p.name().equals("k"))) {
                int k = Integer.parseInt(params.getOrDefault("k",
                        biclusterer.parameters(Map.of()).getString("k")));
                params.put("k", Integer.toString(Math.max(1, Math.min(k, Math.min(rows, cols)))));
            }
            Biclustering b = create(biclusterer, FloatMatrix.class, Biclustering.class)
                    .execute(strength, biclusterer.parameters(params), m);
            for (Biclustering.Bicluster bc : b.biclusters()) {
                bundles.add(cs.bundle(bc.rows(), bc.columns(), false));
            }
            if (b.nonFiniteRows().length > 0 || b.nonFiniteColumns().length > 0) {
                // the clusters with non-finite weights: one bundle of their edges, drawn apart
                bundles.add(cs.bundle(b.nonFiniteRows().length > 0 ? b.nonFiniteRows() : IntStream.range(0, rows).toArray(),
                        b.nonFiniteColumns().length > 0 ? b.nonFiniteColumns() : IntStream.range(0, cols).toArray(), true));
            }
        }
        return new CnnVisModel.Link(index, toIndex, bundles, Optional.empty(), method, outliers(cs, bundles, rows, cols));
    }

    /**
     * CNNVis's outlier edges: one per pair of connected clusters that no bundle covers (the
     * biclusterer left them out), so the view can draw them thin when asked.
     */
    private static List<CnnVisModel.Bundle> outliers(ClusterSums cs, List<CnnVisModel.Bundle> bundles, int rows,
            int cols) {
        boolean[][] covered = new boolean[rows][cols];
        for (CnnVisModel.Bundle b : bundles) {
            for (int r : b.fromClusters()) {
                for (int c : b.toClusters()) {
                    covered[r][c] = true;
                }
            }
        }
        List<CnnVisModel.Bundle> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (!covered[r][c] && cs.connected(r, c)) {
                    out.add(cs.bundle(new int[] { r }, new int[] { c }, false));
                }
            }
        }
        return out;
    }

    /** {@code mixing}: the group's operator has weights (not an activation or pooling of its own). */
    private static CnnVisModel.LayerFacts facts(LayerGroups.Spec spec, boolean mixing, long iteration) throws IOException {
        if (spec.weight() == null) {
            return mixing ? new CnnVisModel.LayerFacts(Double.NaN, Double.NaN, 0, 0, "weights not recorded")
                    : CnnVisModel.LayerFacts.NO_WEIGHTS;
        }
        List<String> notes = new ArrayList<>();
        int record = recordAtOrBefore(spec.weight().iterations(), iteration);
        long nonFiniteWeights = 0;
        double change = Double.NaN;
        if (record < 0) {
            notes.add("no weights by this iteration");
        } else {
            float[] w = read(spec.weight(), record);
            nonFiniteWeights = IntStream.range(0, w.length).filter(i -> !Float.isFinite(w[i])).count();
            if (record > 0) {
                float[] p = read(spec.weight(), record - 1);
                double dw = 0;
                double base = 0;
                for (int i = 0; i < w.length; i++) {
                    if (Float.isFinite(w[i]) && Float.isFinite(p[i])) {
                        dw += Math.abs(w[i] - p[i]);
                        base += Math.abs(p[i]);
                    }
                }
                change = base > 0 ? dw / base : Double.NaN;
            } else {
                notes.add("no earlier weights");
            }
        }
        double gradient = Double.NaN;
        long nonFiniteGradients = 0;
        if (spec.gradient() == null) {
            notes.add("gradients not recorded");
        } else {
            int gr = recordAtOrBefore(spec.gradient().iterations(), iteration);
            if (gr < 0) {
                notes.add("no gradients by this iteration");
            } else {
                float[] g = read(spec.gradient(), gr);
                double sum = 0;
                int finite = 0;
                for (float v : g) {
                    if (Float.isFinite(v)) {
                        sum += Math.abs(v);
                        finite++;
                    } else {
                        nonFiniteGradients++;
                    }
                }
                gradient = finite > 0 ? sum / finite : Double.NaN;
            }
        }
        return new CnnVisModel.LayerFacts(gradient, change, nonFiniteGradients, nonFiniteWeights,
                String.join("; ", notes));
    }

    private static CnnVisModel.Range range(List<CnnVisModel.Link> links, EdgeEncoding e) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (CnnVisModel.Link l : links) {
            for (CnnVisModel.Bundle b : l.bundles()) {
                double v = b.value(e);
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return min <= max ? new CnnVisModel.Range(min, max) : new CnnVisModel.Range(Double.NaN, Double.NaN);
    }

    /** Probe inputs x the cluster's members. */
    private static FloatMatrix facet(NeuronActivations acts, int[] members) {
        FloatMatrix out = FloatMatrix.zeros(acts.probeCount(), members.length);
        for (int p = 0; p < acts.probeCount(); p++) {
            for (int j = 0; j < members.length; j++) {
                out.set(p, j, acts.value(p, members[j]));
            }
        }
        return out;
    }

    private static FloatMatrix permuted(FloatMatrix m, Reordering order) {
        FloatMatrix out = FloatMatrix.zeros(m.rows(), m.cols());
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                out.set(r, c, m.get(order.rowOrder()[r], order.columnOrder()[c]));
            }
        }
        return out;
    }

    /** The probe inputs by the mean activation over the members, strongest first (non-finite means last). */
    private static int[] topProbes(FloatMatrix facet) {
        double[] mean = new double[facet.rows()];
        for (int p = 0; p < facet.rows(); p++) {
            double s = 0;
            for (int c = 0; c < facet.cols(); c++) {
                s += facet.get(p, c);
            }
            mean[p] = Double.isFinite(s) ? s / facet.cols() : Double.NEGATIVE_INFINITY;
        }
        return IntStream.range(0, facet.rows()).boxed().sorted((a, b) -> Double.compare(mean[b], mean[a]))
                .limit(TOP_PROBES).mapToInt(Integer::intValue).toArray();
    }

    private static float[] meanRow(FloatMatrix features, int[] rows) {
        float[] out = new float[features.cols()];
        for (int c = 0; c < features.cols(); c++) {
            double s = 0;
            for (int r : rows) {
                s += features.get(r, c);
            }
            out[c] = (float) (s / rows.length);
        }
        return out;
    }

    private static Optional<CnnVisModel.ProbeImages> probeImages(Run run) throws IOException {
        Optional<TensorSeries> probe = run.probeInputs();
        if (probe.isEmpty() || probe.get().iterationCount() == 0) {
            return Optional.empty();
        }
        Optional<ProbeImageLayout> layout = ProbeImageLayout.of(probe.get().shape());
        if (layout.isEmpty()) {
            return Optional.empty();
        }
        float[] values = read(probe.get(), 0);
        return Optional.of(new CnnVisModel.ProbeImages(layout.get(), values, GreyLevels.spanning(values)));
    }

    private static long lastIteration(List<LayerGroups.Spec> specs) {
        long[] its = specs.get(0).activation().iterations();
        return its[its.length - 1];
    }

    private static AlgorithmDescriptor algorithm(String id, String kind) {
        AlgorithmDescriptor d = AlgorithmManager.getInstance().algorithm(id)
                .orElseThrow(() -> new IllegalArgumentException("no algorithm '" + id + "' is installed"));
        if (!d.kind().equals(kind)) {
            throw new IllegalArgumentException(d.name() + " is a " + d.kind() + ", not a " + kind);
        }
        return d;
    }

    /** The implementation itself, so its failure reaches the caller (and the view's inline message). */
    private static <I, R> IAlgorithm<I, R> create(AlgorithmDescriptor d, Class<I> in, Class<R> out) {
        return d.create(in, out).orElseThrow(() -> new IllegalArgumentException(
                "the algorithm " + d.name() + " could not be created or does not take " + in.getSimpleName()));
    }

    private static float[] read(TensorSeries t, int record) throws IOException {
        float[] values = new float[t.neuronCount()];
        t.readSnapshot(record, values);
        return values;
    }

    /** Index of the last record at or before {@code iteration}, -1 when all are later. */
    static int recordAtOrBefore(long[] iterations, long iteration) {
        int i = Arrays.binarySearch(iterations, iteration);
        return i >= 0 ? i : -i - 2;
    }

    private static void checkCanceled(IProgressMonitor m) {
        if (m.isCanceled()) {
            throw new OperationCanceledException();
        }
    }
}
