package org.trainscope.algorithms.clustering.provider;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.trainscope.algorithms.clustering.Rect;
import org.trainscope.core.math.FloatMatrix;
import org.trainscope.core.model.ProbeImageLayout;
import org.trainscope.core.render.GreyLevels;

/**
 * The CNNVis picture of one record of a run, computed by {@link CnnVisProvider}: layer groups left
 * to right in data-flow order, each a box of clusters packed as rectangles, bundles of edges
 * between the clusters of adjacent groups, per-layer debugging facts and the colour ranges of the
 * three edge encodings. Immutable (arrays are never changed after construction); no SWT.
 *
 * @param runName the run's name
 * @param iteration the iteration of the activations used
 * @param encoding the edge colour coding {@link #legend()} is for
 * @param groups the layer groups in data-flow order
 * @param links the bundles between groups that feed each other ({@link LayerGroups#edges()}, in
 *        order: group i and i + 1 for a sequential network)
 * @param ranges the minimum and maximum over the drawn bundles' values of each encoding
 * @param probeImages the probe inputs as pictures, for the learned-features facet; empty when
 *        they are not pictures or were not recorded
 * @param warnings what was left out or replaced, in words (shown by the view once)
 * @param width the picture's width the layout is for
 * @param height its height
 * @param sizeCoding what the clusters' areas stand for
 * @param edits the request's cluster edits that applied, in order
 * @param droppedEdits the request's cluster edits that did not apply (named once in {@code warnings})
 * @param purity each group's cluster purity and redundancy ({@link ClusterPurity}) by group id, for
 *        the view, the export and {@code trainscope-cli cluster} alike
 */
public record CnnVisModel(String runName, long iteration, EdgeEncoding encoding, List<Group> groups,
        List<Link> links, Map<EdgeEncoding, Range> ranges, Optional<ProbeImages> probeImages,
        List<String> warnings, int width, int height, SizeCoding sizeCoding, ClusterEdits edits,
        ClusterEdits droppedEdits, Map<String, ClusterPurity> purity) {

    public CnnVisModel {
        purity = Map.copyOf(purity);
        groups = List.copyOf(groups);
        links = List.copyOf(links);
        ranges = Map.copyOf(ranges);
        warnings = List.copyOf(warnings);
    }

    /** The purity figures of {@code group} (every group of the model has them). */
    public ClusterPurity purity(Group group) {
        return purity.get(group.id());
    }

    /** The legend of the chosen encoding: "weights of edges −0.898 to 0.669". */
    public String legend() {
        return ranges.get(encoding).legend(encoding);
    }

    /**
     * A layer group.
     *
     * @param id the node that starts it
     * @param label its operators ("conv2d0 + relu + maxpool1")
     * @param tensorId the activation its neurons are read from
     * @param neuronCount its neurons: channels of a convolution, units of a dense layer
     * @param unitsPerNeuron units of the activation per neuron (a channel's positions)
     * @param box its rectangle in the picture
     * @param clusters its clusters; every neuron is in exactly one
     * @param clustering how the clusters were found, for the tooltip and reports
     * @param facts the debugging facts of its weights
     * @param kScores when the clusterer suggested k: its criterion's score of each k it tried
     *        ({@code Clustering.scoreByK()}, e.g. k-means' mean silhouette); empty otherwise
     */
    public record Group(String id, String label, String tensorId, int neuronCount, int unitsPerNeuron, Rect box,
            List<Cluster> clusters, String clustering, LayerFacts facts, Map<Integer, Double> kScores) {
        public Group {
            clusters = List.copyOf(clusters);
            kScores = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(kScores));
        }

        /** A group whose number of clusters was not suggested (or whose clusters were edited). */
        public Group(String id, String label, String tensorId, int neuronCount, int unitsPerNeuron, Rect box,
                List<Cluster> clusters, String clustering, LayerFacts facts) {
            this(id, label, tensorId, neuronCount, unitsPerNeuron, box, clusters, clustering, facts, Map.of());
        }

        /**
         * The units of the activation tensor within one probe input's block that belong to the
         * neurons of {@code cluster} (a channel's positions are contiguous in C order): what a
         * {@code NeuronSelection} of the cluster names.
         */
        public int[] units(Cluster cluster) {
            int[] units = new int[cluster.members().length * unitsPerNeuron];
            int k = 0;
            for (int m : cluster.members()) {
                for (int q = 0; q < unitsPerNeuron; q++) {
                    units[k++] = m * unitsPerNeuron + q;
                }
            }
            return units;
        }
    }

    /**
     * A cluster of a group's neurons.
     *
     * @param index its number within the group
     * @param members its neurons (channels or units), ascending
     * @param meanFeature the mean of its members' features (what the clusterer compared)
     * @param nonFinite true for the group of neurons with non-finite features
     * @param rect its packed rectangle, inside the group's box
     * @param topProbes the probe inputs with the largest mean activation over its members, strongest first
     * @param activations probe inputs x members, rows and columns in the reorderer's order
     * @param probeOrder the probe input shown in each row of {@code activations}
     * @param memberOrder the member (index into {@code members}) shown in each column
     */
    public record Cluster(int index, int[] members, float[] meanFeature, boolean nonFinite, Rect rect,
            int[] topProbes, FloatMatrix activations, int[] probeOrder, int[] memberOrder) {
        public int size() {
            return members.length;
        }
    }

    /**
     * The bundles between group {@code from} and group {@code to}, which it feeds (to = from + 1 in a
     * sequential network).
     *
     * @param problem why there are no bundles (weights not recorded, shapes that do not match), or empty
     * @param biclustering how the bundles were found, for reports
     * @param outliers CNNVis's outlier edges: one per pair of connected clusters that no bundle
     *        covers (a bundle of one cluster on each side), drawn only when asked
     */
    public record Link(int from, int to, List<Bundle> bundles, Optional<String> problem, String biclustering,
            List<Bundle> outliers) {
        public Link {
            bundles = List.copyOf(bundles);
            outliers = List.copyOf(outliers);
        }

        /** A link without outlier edges. */
        public Link(int from, int to, List<Bundle> bundles, Optional<String> problem, String biclustering) {
            this(from, to, bundles, problem, biclustering, List.of());
        }

        /** How a link without weights is found ({@code biclustering}): its neurons map one to one. */
        public static final String ONE_TO_ONE = "one to one (no weights)";

        /** True for a link into a layer without weights whose neurons are its input's, one to one. */
        public boolean oneToOne() {
            return ONE_TO_ONE.equals(biclustering);
        }
    }

    /**
     * The finite range of one encoding over the outlier edges of every link (the bundles' range
     * is {@link #ranges()}); NaN both when there is none.
     */
    public Range outlierRange(EdgeEncoding e) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Link l : links) {
            for (Bundle b : l.outliers()) {
                double v = b.value(e);
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return min <= max ? new Range(min, max) : new Range(Double.NaN, Double.NaN);
    }

    /**
     * One bundle of edges: the connections from the {@code fromClusters} of one group to the
     * {@code toClusters} of the next (one bicluster of the clusters' mean |weight|).
     *
     * @param meanAbsWeight the mean |weight| of its connections
     * @param values its value under each encoding (NaN when that encoding was not recorded), see {@link EdgeEncoding}
     * @param nonFinite true for the bundle of the clusters whose weights are not finite
     */
    public record Bundle(int[] fromClusters, int[] toClusters, double meanAbsWeight, Map<EdgeEncoding, Double> values,
            boolean nonFinite) {
        public Bundle {
            values = Map.copyOf(values);
        }

        public double value(EdgeEncoding e) {
            return values.getOrDefault(e, Double.NaN);
        }
    }

    /**
     * CNNVis's debugging facts of a group's weights at the record.
     *
     * @param meanAbsGradient mean |gradient| over the finite gradient values; NaN when not recorded
     * @param relativeChange Σ|W(t) − W(t−1)| / Σ|W(t−1)| over finite pairs; NaN when there is no earlier record
     * @param nonFiniteGradients gradient values that are NaN or infinite
     * @param nonFiniteWeights weight values that are NaN or infinite
     * @param note what is not recorded ("gradients not recorded"), or empty
     */
    public record LayerFacts(double meanAbsGradient, double relativeChange, long nonFiniteGradients,
            long nonFiniteWeights, String note) {
        /** The facts of a group whose operator has no weights (an activation or pooling when layers are not aggregated). */
        public static final LayerFacts NO_WEIGHTS = new LayerFacts(Double.NaN, Double.NaN, 0, 0,
                "no weights");

        /** False for a group without weights, whose facts are not drawn. */
        public boolean hasWeights() {
            return !equals(NO_WEIGHTS);
        }
    }

    /** The finite minimum and maximum of the drawn values of one encoding; NaN both when none is finite. */
    public record Range(double min, double max) {
        public boolean isEmpty() {
            return !(min <= max);
        }

        /** "weights of edges −0.898 to 0.669"; "weights of edges: not recorded" when empty. */
        public String legend(EdgeEncoding e) {
            return isEmpty() ? e.legend() + ": not recorded"
                    : e.legend() + " " + format(min) + " to " + format(max);
        }

        static String format(double v) {
            double a = Math.abs(v);
            String s = a != 0 && (a < 1e-3 || a >= 1e4) ? String.format(Locale.ROOT, "%.3g", v)
                    : String.format(Locale.ROOT, "%.3f", v);
            return s.replace('-', '\u2212');
        }
    }

    /** The probe inputs as pictures: one record of the probe batch, its layout and grey levels. */
    public record ProbeImages(ProbeImageLayout layout, float[] values, GreyLevels levels) {
    }
}
