package org.trainscope.adapters.modeltypes;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.modeltypes.IModelTypeRecognizer;

/** A multi-layer perceptron: dense layers and nothing more specific (no convolution, no sampling). */
public final class MlpRecognizer implements IModelTypeRecognizer {
    @Override
    public int recognize(NetworkGraph graph) {
        if (!GraphFacts.hasDense(graph) || GraphFacts.hasConvolution(graph) || GraphFacts.hasRandomVariable(graph)
                || GraphFacts.hasSampling(graph)) {
            return 0;
        }
        return 60;
    }
}
