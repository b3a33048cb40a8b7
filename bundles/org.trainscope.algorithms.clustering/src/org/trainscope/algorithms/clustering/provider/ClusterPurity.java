package org.trainscope.algorithms.clustering.provider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.trainscope.algorithms.clustering.ClusterAgreement;
import org.trainscope.algorithms.clustering.NeuronActivations;
import org.trainscope.core.math.FloatMatrix;

/**
 * How well one layer group's clusters agree with the class labels of the probe inputs, and how
 * redundant the neurons inside them are: the figures CNNVis's depth/width study reads (shallow or
 * narrow nets give impure clusters, wide nets redundant ones). Definitions (docs/algorithms/cnnvis.md):
 * <ul>
 * <li>A neuron's <b>preferred class</b> is the class with the largest mean activation over the
 * probe inputs of that class (ties: the smallest label). A neuron with a NaN or infinite activation
 * on any probe input is <b>non-finite</b>; a finite neuron whose class means are all equal (a dead
 * ReLU) is <b>indifferent</b>. Both are counted apart and have no preferred class: a cluster of dead
 * neurons is not "pure".</li>
 * <li>A cluster's <b>purity</b> is the share of its classed neurons (neither non-finite nor
 * indifferent) whose preferred class is the cluster's most common one; NaN without classed neurons.</li>
 * <li>The group's purity is the mean of its clusters' purities weighted by their classed neurons
 * (= majority neurons summed over clusters / classed neurons): {@link ClusterAgreement#purity} of
 * the classed neurons' clusters against their preferred classes. Purity grows with the number of
 * clusters (a cluster of one is pure), so {@link #chancePurity} gives the expected purity of the
 * same cluster sizes with the preferred classes shuffled among the neurons (seeded, {@link #SHUFFLES} shuffles).</li>
 * <li><b>Redundancy</b> is the mean Pearson correlation, over the probe inputs, of the pairs of
 * neurons in the same cluster; {@link #groupCorrelation} the same over all pairs of the group, to
 * compare with, and {@link #redundantPairShare} the share of within-cluster pairs correlated at
 * least {@link #REDUNDANT}. Non-finite neurons and neurons constant over the probe set (no
 * correlation is defined) are left out of the pairs and counted.</li>
 * </ul>
 * Without class labels (a GAN's noise inputs) the purity figures are NaN and {@link #labelled()}
 * is false; the redundancy needs no labels and is still given.
 *
 * @param labelled whether the probe inputs had class labels
 * @param classes the distinct labels, ascending (empty without labels)
 * @param neurons the group's neurons
 * @param nonFiniteNeurons neurons with a NaN or infinite activation on a probe input
 * @param indifferentNeurons finite neurons with equal mean activation on every class (no preferred class)
 * @param constantNeurons finite neurons with the same activation on every probe input (no correlation)
 * @param purity the group's purity, NaN when unlabelled or no neuron is classed
 * @param chancePurity the expected purity of clusters of the same sizes with shuffled preferred classes
 * @param redundancy mean correlation of within-cluster pairs, NaN when there is no pair
 * @param groupCorrelation mean correlation of all pairs of the group's neurons
 * @param redundantPairShare share of within-cluster pairs with correlation at least {@link #REDUNDANT}
 * @param pairs within-cluster pairs the redundancy is the mean of
 * @param clusters the figures of each cluster, in the order given
 */
public record ClusterPurity(boolean labelled, int[] classes, int neurons, int nonFiniteNeurons,
        int indifferentNeurons, int constantNeurons, double purity, double chancePurity, double redundancy,
        double groupCorrelation, double redundantPairShare, long pairs, List<ClusterFigures> clusters) {

    /** Shuffles the chance purity is the mean of. */
    public static final int SHUFFLES = 200;
    /** The correlation from which a pair of neurons counts as redundant. */
    public static final double REDUNDANT = 0.9;
    /** A neuron's preferred class when its activations are not all finite. */
    public static final int NON_FINITE = -1;
    /** A neuron's preferred class when all its class means are equal. */
    public static final int INDIFFERENT = -2;
    private static final long SEED = 42;

    public ClusterPurity {
        classes = classes.clone();
        clusters = List.copyOf(clusters);
    }

    /**
     * One cluster's figures.
     *
     * @param size its neurons
     * @param nonFinite its non-finite neurons
     * @param indifferent its indifferent neurons
     * @param majorityClass the most common preferred class of its classed neurons (ties: the
     *        smallest label); -1 when none is classed or there are no labels
     * @param majority its classed neurons that prefer {@code majorityClass}
     * @param classed its classed neurons
     * @param purity majority / classed; NaN when classed is 0
     * @param redundancy mean correlation of its pairs of correlatable neurons; NaN with fewer than two
     */
    public record ClusterFigures(int size, int nonFinite, int indifferent, int majorityClass, int majority,
            int classed, double purity, double redundancy) {
    }

    /**
     * The figures of the clusters of a {@link CnnVisModel.Group}, read from their activation facets
     * (together they hold every neuron's activation on every probe input), so they describe the
     * clusters the model shows, edited ones included.
     *
     * @param labels the run's probe labels ({@code Run.probeLabels()}); ignored unless one per probe input
     */
    public static ClusterPurity of(CnnVisModel.Group group, int[] labels, IProgressMonitor monitor) {
        NeuronActivations acts = activations(group, labels);
        List<int[]> members = group.clusters().stream().map(CnnVisModel.Cluster::members).toList();
        return of(acts, members, monitor);
    }

    /** The group's activations (probe inputs x neurons) rebuilt from its clusters' facets. */
    static NeuronActivations activations(CnnVisModel.Group group, int[] labels) {
        int probes = group.clusters().isEmpty() ? 0 : group.clusters().get(0).activations().rows();
        float[] values = new float[Math.max(1, probes) * group.neuronCount()];
        for (CnnVisModel.Cluster c : group.clusters()) {
            FloatMatrix m = c.activations();
            for (int r = 0; r < m.rows(); r++) {
                int probe = c.probeOrder()[r];
                for (int j = 0; j < m.cols(); j++) {
                    values[probe * group.neuronCount() + c.members()[c.memberOrder()[j]]] = m.get(r, j);
                }
            }
        }
        return new NeuronActivations(values, Math.max(1, probes), group.neuronCount(),
                labels.length == probes ? labels : new int[0]);
    }

    /**
     * The figures of {@code clusters} (each an array of neuron indices; every neuron in at most
     * one) of the neurons in {@code acts}. Cancellable between rows of the correlation.
     */
    public static ClusterPurity of(NeuronActivations acts, List<int[]> clusters, IProgressMonitor monitor) {
        IProgressMonitor m = monitor == null ? new NullProgressMonitor() : monitor;
        boolean labelled = acts.labels().length == acts.probeCount() && acts.labels().length > 0;
        int[] classes = labelled ? acts.classes() : new int[0];
        int[] preferred = preferredClasses(acts);
        double[][] z = standardised(acts);
        int nonFinite = 0;
        int indifferent = 0;
        int constant = 0;
        for (int n = 0; n < acts.unitCount(); n++) {
            nonFinite += preferred[n] == NON_FINITE ? 1 : 0;
            indifferent += preferred[n] == INDIFFERENT ? 1 : 0;
            constant += z[n] == null && preferred[n] != NON_FINITE ? 1 : 0;
        }

        List<ClusterFigures> figures = new ArrayList<>();
        long classedSum = 0;
        double correlationSum = 0;
        long pairs = 0;
        long redundantPairs = 0;
        for (int[] members : clusters) {
            checkCanceled(m);
            int[] counts = new int[classes.length];
            int cNonFinite = 0;
            int cIndifferent = 0;
            for (int n : members) {
                if (preferred[n] == NON_FINITE) {
                    cNonFinite++;
                } else if (preferred[n] == INDIFFERENT) {
                    cIndifferent++;
                } else if (labelled) {
                    counts[Arrays.binarySearch(classes, preferred[n])]++;
                }
            }
            int best = -1;
            int classed = 0;
            for (int c = 0; c < counts.length; c++) {
                classed += counts[c];
                if (counts[c] > 0 && (best < 0 || counts[c] > counts[best])) {
                    best = c;
                }
            }
            int majority = best < 0 ? 0 : counts[best];
            classedSum += classed;
            double sum = 0;
            long clusterPairs = 0;
            for (int i = 0; i < members.length; i++) {
                if (z[members[i]] == null) {
                    continue;
                }
                checkCanceled(m);
                for (int j = i + 1; j < members.length; j++) {
                    if (z[members[j]] != null) {
                        double r = dot(z[members[i]], z[members[j]]);
                        sum += r;
                        clusterPairs++;
                        redundantPairs += r >= REDUNDANT ? 1 : 0;
                    }
                }
            }
            correlationSum += sum;
            pairs += clusterPairs;
            figures.add(new ClusterFigures(members.length, cNonFinite, cIndifferent, best < 0 ? -1 : classes[best],
                    majority, classed, classed > 0 ? (double) majority / classed : Double.NaN,
                    clusterPairs > 0 ? sum / clusterPairs : Double.NaN));
        }
        // the classed neurons' clusters and preferred classes: purity as ClusterAgreement defines it
        int[] clusterOf = new int[(int) classedSum];
        int[] preferredOf = new int[(int) classedSum];
        int at = 0;
        for (int k = 0; k < clusters.size() && labelled; k++) {
            for (int n : clusters.get(k)) {
                if (preferred[n] != NON_FINITE && preferred[n] != INDIFFERENT) {
                    clusterOf[at] = k;
                    preferredOf[at++] = preferred[n];
                }
            }
        }
        double purity = classedSum > 0 ? ClusterAgreement.purity(clusterOf, preferredOf) : Double.NaN;
        double chance = classedSum > 0 ? chancePurity(clusterOf, preferredOf) : Double.NaN;
        return new ClusterPurity(labelled, classes, acts.unitCount(), nonFinite, indifferent, constant, purity, chance,
                pairs > 0 ? correlationSum / pairs : Double.NaN, meanCorrelation(z, m),
                pairs > 0 ? (double) redundantPairs / pairs : Double.NaN, pairs, figures);
    }

    /**
     * Each neuron's preferred class (a label), {@link #NON_FINITE} or {@link #INDIFFERENT}; without
     * labels every finite neuron is {@link #INDIFFERENT} (there is nothing to prefer).
     */
    public static int[] preferredClasses(NeuronActivations acts) {
        int units = acts.unitCount();
        int[] out = new int[units];
        boolean labelled = acts.labels().length == acts.probeCount() && acts.labels().length > 0;
        int[] classes = labelled ? acts.classes() : new int[0];
        double[] sums = new double[units * Math.max(1, classes.length)];
        int[] counts = new int[Math.max(1, classes.length)];
        boolean[] finite = new boolean[units];
        Arrays.fill(finite, true);
        for (int p = 0; p < acts.probeCount(); p++) {
            int c = labelled ? Arrays.binarySearch(classes, acts.labels()[p]) : 0;
            counts[c]++;
            for (int u = 0; u < units; u++) {
                float v = acts.value(p, u);
                if (!Float.isFinite(v)) {
                    finite[u] = false;
                }
                sums[u * counts.length + c] += v;
            }
        }
        for (int u = 0; u < units; u++) {
            if (!finite[u]) {
                out[u] = NON_FINITE;
                continue;
            }
            int best = 0;
            double bestMean = sums[u * counts.length] / counts[0];
            double worstMean = bestMean;
            for (int c = 1; c < classes.length; c++) {
                double mean = sums[u * counts.length + c] / counts[c];
                if (mean > bestMean) {
                    bestMean = mean;
                    best = c;
                }
                worstMean = Math.min(worstMean, mean);
            }
            out[u] = !labelled || bestMean == worstMean ? INDIFFERENT : classes[best];
        }
        return out;
    }

    /**
     * The mean purity of {@link #SHUFFLES} seeded shuffles of the classed neurons' preferred
     * classes over the classed places of the same clusters: what purity clusters of these sizes
     * reach by chance.
     */
    private static double chancePurity(int[] clusterOf, int[] preferredOf) {
        int[] values = preferredOf.clone();
        SplittableRandom random = new SplittableRandom(SEED);
        double total = 0;
        for (int s = 0; s < SHUFFLES; s++) {
            for (int i = values.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = values[i];
                values[i] = values[j];
                values[j] = t;
            }
            total += ClusterAgreement.purity(clusterOf, values);
        }
        return total / SHUFFLES;
    }

    /**
     * Each neuron's activations over the probe inputs centred and scaled to unit length, so the dot
     * product of two is their Pearson correlation; null for a non-finite or constant neuron.
     */
    private static double[][] standardised(NeuronActivations acts) {
        int units = acts.unitCount();
        int probes = acts.probeCount();
        double[][] z = new double[units][];
        for (int u = 0; u < units; u++) {
            double[] x = new double[probes];
            double mean = 0;
            boolean finite = true;
            for (int p = 0; p < probes; p++) {
                x[p] = acts.value(p, u);
                finite &= Double.isFinite(x[p]);
                mean += x[p];
            }
            if (!finite) {
                continue;
            }
            mean /= probes;
            double norm = 0;
            for (int p = 0; p < probes; p++) {
                x[p] -= mean;
                norm += x[p] * x[p];
            }
            // relative to the values' size, so float rounding of a constant neuron is not a signal
            if (norm <= 1e-12 * Math.max(1e-30, probes * mean * mean) || norm == 0) {
                continue;
            }
            double scale = 1 / Math.sqrt(norm);
            for (int p = 0; p < probes; p++) {
                x[p] *= scale;
            }
            z[u] = x;
        }
        return z;
    }

    private static double meanCorrelation(double[][] z, IProgressMonitor m) {
        double sum = 0;
        long pairs = 0;
        for (int i = 0; i < z.length; i++) {
            if (z[i] == null) {
                continue;
            }
            checkCanceled(m);
            for (int j = i + 1; j < z.length; j++) {
                if (z[j] != null) {
                    sum += dot(z[i], z[j]);
                    pairs++;
                }
            }
        }
        return pairs > 0 ? sum / pairs : Double.NaN;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void checkCanceled(IProgressMonitor m) {
        if (m.isCanceled()) {
            throw new OperationCanceledException();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterPurity p && p.labelled == labelled && Arrays.equals(p.classes, classes)
                && p.neurons == neurons && p.nonFiniteNeurons == nonFiniteNeurons
                && p.indifferentNeurons == indifferentNeurons && p.constantNeurons == constantNeurons
                && Double.compare(p.purity, purity) == 0 && Double.compare(p.chancePurity, chancePurity) == 0
                && Double.compare(p.redundancy, redundancy) == 0
                && Double.compare(p.groupCorrelation, groupCorrelation) == 0
                && Double.compare(p.redundantPairShare, redundantPairShare) == 0 && p.pairs == pairs
                && p.clusters.equals(clusters);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(classes) * 31 + Double.hashCode(purity) * 17 + Double.hashCode(redundancy);
    }
}
