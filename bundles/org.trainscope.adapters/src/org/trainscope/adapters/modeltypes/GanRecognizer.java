package org.trainscope.adapters.modeltypes;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.modeltypes.IModelTypeRecognizer;

/** A generative adversarial network: generator and discriminator (or critic) layer groups. */
public final class GanRecognizer implements IModelTypeRecognizer {
    @Override
    public int recognize(NetworkGraph graph) {
        boolean generator = GraphFacts.hasGroup(graph, "generator");
        boolean discriminator = GraphFacts.hasGroup(graph, "discriminator") || GraphFacts.hasGroup(graph, "critic");
        return generator && discriminator ? 95 : generator || discriminator ? 40 : 0;
    }
}
