package org.trainscope.core.tests.stubs;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.modeltypes.IModelTypeRecognizer;

/** Recognises graphs with a random-variable node. */
public class StubRecognizer implements IModelTypeRecognizer {
    @Override
    public int recognize(NetworkGraph graph) {
        return graph.nodes().stream().anyMatch(n -> n.kind() == NodeKind.RANDOM_VARIABLE) ? 70 : 0;
    }
}
