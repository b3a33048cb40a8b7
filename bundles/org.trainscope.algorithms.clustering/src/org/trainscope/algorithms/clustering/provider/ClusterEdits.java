package org.trainscope.algorithms.clustering.provider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.algorithms.clustering.Clustering;
import org.trainscope.algorithms.clustering.KMeans;
import org.trainscope.core.math.FloatMatrix;

/**
 * The user's edits of the clusters of a CNNVis picture (merge, split, move a neuron), kept as data
 * so the view, the command line and the tests replay the same edits: {@link CnnVisProvider}
 * applies them, in order, to each group's clusters after clustering and before packing and
 * biclustering.
 * <p>
 * An edit names the clusters it was made on by their members, not by their number, so it applies
 * only to the clustering it was made on: when the clusterer, k, the features or the record change,
 * the clusters differ and the edit is dropped (reported, not an error). A neuron index outside
 * the group drops its edit too. Immutable.
 *
 * @param edits the edits in the order they were made
 */
public record ClusterEdits(List<Edit> edits) {
    /** No edits. */
    public static final ClusterEdits NONE = new ClusterEdits(List.of());
    /** k-means restarts and iterations of a split in two (deterministic: seed 0). */
    private static final KMeans SPLITTER = new KMeans(4, 100);

    public ClusterEdits {
        edits = List.copyOf(edits);
    }

    /** One edit of one layer group's clusters. */
    public sealed interface Edit permits Merge, Split, Move {
        /** The layer group (its first node's id, {@link CnnVisModel.Group#id()}). */
        String group();

        /** One line of {@link ClusterEdits#toText()}. */
        String toText();
    }

    /** The cluster of members {@code first} takes in the cluster of members {@code second}. */
    public record Merge(String group, int[] first, int[] second) implements Edit {
        public Merge {
            first = sorted(first);
            second = sorted(second);
        }

        @Override
        public String toText() {
            return "merge " + group + " " + list(first) + " " + list(second);
        }
    }

    /**
     * The cluster of members {@code cluster} is split: into two by k-means (k = 2) on its members'
     * features, or into one cluster per neuron.
     */
    public record Split(String group, int[] cluster, boolean intoNeurons) implements Edit {
        public Split {
            cluster = sorted(cluster);
        }

        @Override
        public String toText() {
            return "split " + group + " " + list(cluster) + (intoNeurons ? " neurons" : " two");
        }
    }

    /** Neuron {@code neuron} leaves its cluster for the cluster of members {@code target}. */
    public record Move(String group, int neuron, int[] target) implements Edit {
        public Move {
            target = sorted(target);
        }

        @Override
        public String toText() {
            return "move " + group + " " + neuron + " " + list(target);
        }
    }

    /** These edits and then {@code e}. */
    public ClusterEdits with(Edit e) {
        List<Edit> all = new ArrayList<>(edits);
        all.add(Objects.requireNonNull(e));
        return new ClusterEdits(all);
    }

    public boolean isEmpty() {
        return edits.isEmpty();
    }

    /** The edits of one group, in order. */
    public List<Edit> of(String group) {
        return edits.stream().filter(e -> e.group().equals(group)).toList();
    }

    /** The groups edited, in the order of their first edit. */
    public List<String> groups() {
        return edits.stream().map(Edit::group).distinct().toList();
    }

    /**
     * One edit per line: {@code merge GROUP 0,3 1,2}, {@code split GROUP 4,5,6 two|neurons},
     * {@code move GROUP 7 1,2} (a group id has no blank; the CLI and the view's saved state use it).
     */
    public String toText() {
        return edits.stream().map(Edit::toText).collect(Collectors.joining("\n"));
    }

    /** Reads {@link #toText()}; blank lines and lines starting with # are skipped. */
    public static ClusterEdits parse(String text) {
        List<Edit> out = new ArrayList<>();
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] w = line.split("\\s+");
            try {
                Edit e = switch (w[0]) {
                case "merge" -> new Merge(w[1], ints(w[2]), ints(w[3]));
                case "split" -> new Split(w[1], ints(w[2]), switch (w[3]) {
                case "neurons" -> true;
                case "two" -> false;
                default -> throw new IllegalArgumentException("split into 'two' or 'neurons', not '" + w[3] + "'");
                });
                case "move" -> new Move(w[1], Integer.parseInt(w[2]), ints(w[3]));
                default -> throw new IllegalArgumentException("unknown edit '" + w[0] + "'");
                };
                if (w.length != 4) {
                    throw new IllegalArgumentException("four words expected");
                }
                out.add(e);
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                throw new IllegalArgumentException("not a cluster edit: '" + line + "'", e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a cluster edit: '" + line + "': " + e.getMessage(), e);
            }
        }
        return new ClusterEdits(out);
    }

    /**
     * The clusters of one group after its edits.
     *
     * @param clusters the clusters, each its members ascending, in order
     * @param applied the group's edits that applied
     * @param dropped the group's edits that did not (their clusters are not there, a neuron out of range)
     */
    public record Result(List<int[]> clusters, List<Edit> applied, List<Edit> dropped) {
    }

    /**
     * Applies this group's edits to {@code clusters}.
     *
     * @param group the group's id
     * @param clusters its clusters as found by the clusterer (members ascending); not changed
     * @param neuronCount the group's neurons
     * @param features neurons x features, for a split in two
     */
    public Result apply(String group, List<int[]> clusters, int neuronCount, FloatMatrix features,
            IProgressMonitor monitor) {
        List<int[]> now = new ArrayList<>();
        clusters.forEach(c -> now.add(c.clone()));
        List<Edit> applied = new ArrayList<>();
        List<Edit> dropped = new ArrayList<>();
        for (Edit e : of(group)) {
            if (applyOne(e, now, neuronCount, features, monitor)) {
                applied.add(e);
            } else {
                dropped.add(e);
            }
        }
        return new Result(now, applied, dropped);
    }

    private static boolean applyOne(Edit e, List<int[]> clusters, int neuronCount, FloatMatrix features,
            IProgressMonitor monitor) {
        if (e instanceof Merge m) {
            int a = indexOf(clusters, m.first());
            int b = indexOf(clusters, m.second());
            if (a < 0 || b < 0 || a == b) {
                return false;
            }
            clusters.set(a, union(clusters.get(a), clusters.get(b)));
            clusters.remove(b);
            return true;
        }
        if (e instanceof Split s) {
            int c = indexOf(clusters, s.cluster());
            if (c < 0 || s.cluster().length < 2) {
                return false;
            }
            List<int[]> parts = s.intoNeurons() ? Arrays.stream(s.cluster()).mapToObj(n -> new int[] { n }).toList()
                    : inTwo(s.cluster(), features, monitor);
            if (parts.size() < 2) {
                return false;
            }
            clusters.remove(c);
            clusters.addAll(c, parts);
            return true;
        }
        Move mv = (Move) e;
        {
            int target = indexOf(clusters, mv.target());
            if (target < 0 || mv.neuron() < 0 || mv.neuron() >= neuronCount) {
                return false;
            }
            int source = -1;
            for (int i = 0; i < clusters.size(); i++) {
                if (Arrays.binarySearch(clusters.get(i), mv.neuron()) >= 0) {
                    source = i;
                }
            }
            if (source < 0 || source == target) {
                return false;
            }
            clusters.set(target, union(clusters.get(target), new int[] { mv.neuron() }));
            int[] left = Arrays.stream(clusters.get(source)).filter(n -> n != mv.neuron()).toArray();
            if (left.length == 0) {
                clusters.remove(source); // a cluster emptied by the move is gone
            } else {
                clusters.set(source, left);
            }
            return true;
        }
    }

    /** The members split by k-means (k = 2) on their feature rows, the part holding the first member first. */
    private static List<int[]> inTwo(int[] members, FloatMatrix features, IProgressMonitor monitor) {
        if (features == null || members[members.length - 1] >= features.rows()) {
            return List.of();
        }
        FloatMatrix rows = FloatMatrix.zeros(members.length, features.cols());
        for (int i = 0; i < members.length; i++) {
            for (int c = 0; c < features.cols(); c++) {
                rows.set(i, c, features.get(members[i], c));
            }
        }
        Clustering two = SPLITTER.cluster(rows, 2, 0L, monitor);
        int firstCluster = two.assignment()[0];
        int[] a = IntStream.range(0, members.length).filter(i -> two.assignment()[i] == firstCluster)
                .map(i -> members[i]).toArray();
        int[] b = IntStream.range(0, members.length).filter(i -> two.assignment()[i] != firstCluster)
                .map(i -> members[i]).toArray();
        return b.length == 0 ? List.of() : List.of(a, b);
    }

    private static int indexOf(List<int[]> clusters, int[] members) {
        for (int i = 0; i < clusters.size(); i++) {
            if (Arrays.equals(clusters.get(i), members)) {
                return i;
            }
        }
        return -1;
    }

    private static int[] union(int[] a, int[] b) {
        return IntStream.concat(Arrays.stream(a), Arrays.stream(b)).distinct().sorted().toArray();
    }

    private static int[] sorted(int[] members) {
        int[] s = members.clone();
        Arrays.sort(s);
        return s;
    }

    private static String list(int[] members) {
        return Arrays.stream(members).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    private static int[] ints(String text) {
        return Arrays.stream(text.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
