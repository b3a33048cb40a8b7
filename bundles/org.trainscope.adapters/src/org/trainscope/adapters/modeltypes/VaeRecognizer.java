package org.trainscope.adapters.modeltypes;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.modeltypes.IModelTypeRecognizer;

/**
 * A variational autoencoder: a random-variable node (the latent z) or a sampling/reparameterisation
 * operator; encoder and decoder groups make it certain.
 */
public final class VaeRecognizer implements IModelTypeRecognizer {
    @Override
    public int recognize(NetworkGraph graph) {
        boolean sampled = GraphFacts.hasRandomVariable(graph) || GraphFacts.hasSampling(graph);
        if (!sampled || GraphFacts.hasGroup(graph, "discriminator")) {
            return 0;
        }
        return GraphFacts.hasGroup(graph, "encoder") && GraphFacts.hasGroup(graph, "decoder") ? 100 : 85;
    }
}
