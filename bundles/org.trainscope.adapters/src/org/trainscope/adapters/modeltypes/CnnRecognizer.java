package org.trainscope.adapters.modeltypes;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.modeltypes.IModelTypeRecognizer;

/** A convolutional network: any convolution operator. Below VAE and GAN, which may be convolutional too. */
public final class CnnRecognizer implements IModelTypeRecognizer {
    @Override
    public int recognize(NetworkGraph graph) {
        return GraphFacts.hasConvolution(graph) ? 80 : 0;
    }
}
