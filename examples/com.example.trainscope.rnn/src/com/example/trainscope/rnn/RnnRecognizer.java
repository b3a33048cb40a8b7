package com.example.trainscope.rnn;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.modeltypes.IModelTypeRecognizer;

/**
 * A recurrent network: one with an {@code rnnCell} node (unrolled by hand) or an {@code rnn} node
 * (PyTorch's nn.RNN as TrainScope's PyTorch recorder writes it).
 */
public class RnnRecognizer implements IModelTypeRecognizer {
    @Override
    public int recognize(NetworkGraph graph) {
        // above the built-in MLP recogniser (dense layers only), below a certain match of CNN/VAE
        return graph.nodes().stream().anyMatch(n -> n.operatorType().equals("rnnCell") || n.operatorType().equals("rnn"))
                ? 90 : 0;
    }
}
