package org.trainscope.core.model;

import java.util.Locale;
import java.util.Optional;

/**
 * How the workbench and the command line name a node: by its {@link Node#id() id}. The id is
 * unique in its graph, and tensor ids ({@code mu.act}, {@code conv2d0.W.grad}) and layer groups
 * are built from it, so one node reads the same in the network, in the tensor list and in
 * every view. A trace's {@link Node#label() label} is often a framework's internal name (DL4J
 * calls the VAE's mean {@code pZXMean} and every weight {@code W}); it is shown beside the id as
 * an alias when it says something the id does not.
 */
public final class NodeNames {
    private NodeNames() {
    }

    /** The name of {@code node} everywhere. */
    public static String name(Node node) {
        return node.id();
    }

    /** The name of node {@code id} in {@code graph} (the id itself when the graph does not know it). */
    public static String name(NetworkGraph graph, String id) {
        return graph.node(id).map(NodeNames::name).orElse(id);
    }

    /**
     * The label when it adds to the id: not when it equals the id or only repeats its end
     * ({@code W} of {@code conv2d0.W}, {@code e0W} of {@code e0.W}), compared without case and
     * punctuation.
     */
    public static Optional<String> alias(Node node) {
        String id = letters(node.id());
        String label = letters(node.label());
        return label.isEmpty() || id.endsWith(label) ? Optional.empty() : Optional.of(node.label());
    }

    /** "mu (pZXMean)", or the name alone when there is no alias. */
    public static String nameWithAlias(Node node) {
        return alias(node).map(a -> name(node) + " (" + a + ")").orElse(name(node));
    }

    private static String letters(String s) {
        return s.replaceAll("[^\\p{L}\\p{N}]", "").toLowerCase(Locale.ROOT);
    }
}
