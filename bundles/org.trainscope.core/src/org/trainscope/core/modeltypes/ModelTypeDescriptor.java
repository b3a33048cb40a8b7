package org.trainscope.core.modeltypes;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.registry.LazyContribution;

/**
 * One contribution to {@code org.trainscope.core.modelTypes}: a family of networks (MLP, CNN,
 * VAE, GAN, RNN, ...), which node kinds it uses, how its layers are grouped and its colour.
 */
public final class ModelTypeDescriptor {
    private final String id;
    private final String name;
    private final String description;
    private final Set<NodeKind> nodeKinds;
    private final List<String> layerGroups;
    private final String color;
    private final String icon;
    private final String contributor;
    private final LazyContribution<IModelTypeRecognizer> recognizer;

    ModelTypeDescriptor(String id, String name, String description, Set<NodeKind> nodeKinds,
            List<String> layerGroups, String color, String icon, String contributor,
            LazyContribution<IModelTypeRecognizer> recognizer) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.nodeKinds = Set.copyOf(nodeKinds);
        this.layerGroups = List.copyOf(layerGroups);
        this.color = color;
        this.icon = icon;
        this.contributor = contributor;
        this.recognizer = recognizer;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** Node kinds a network of this type contains (a VAE has random variables, a CNN does not). */
    public Set<NodeKind> nodeKinds() {
        return nodeKinds;
    }

    /** The usual layer groups, in data-flow order (e.g. encoder, latent, decoder). */
    public List<String> layerGroups() {
        return layerGroups;
    }

    /** Colour hint as #rrggbb. */
    public String color() {
        return color;
    }

    /** Bundle-relative icon path, or "" for none. */
    public String icon() {
        return icon;
    }

    /** Symbolic name of the contributing bundle (for loading its icon). */
    public String contributor() {
        return contributor;
    }

    /** The recognizer's confidence, held to 0..100; 0 when the contribution has none or it failed. */
    public int recognize(NetworkGraph graph) {
        if (recognizer == null) {
            return 0;
        }
        return recognizer.call(r -> r.recognize(graph)).map(c -> Math.max(0, Math.min(100, c))).orElse(0);
    }

    public Optional<IModelTypeRecognizer> recognizer() {
        return recognizer == null ? Optional.empty() : recognizer.get();
    }
}
