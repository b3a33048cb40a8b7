package com.example.trainscope.rnn;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.modeltypes.IModelTypeRecognizer;

/** An unrolled recurrent network is one with at least one {@code rnnCell} node. */
public class RnnRecognizer implements IModelTypeRecognizer {
    @Override
    public int recognize(NetworkGraph graph) {
        // above the built-in MLP recogniser (dense layers only), below a certain match of CNN/VAE
        return graph.nodes().stream().anyMatch(n -> n.operatorType().equals("rnnCell")) ? 90 : 0;
    }
}
