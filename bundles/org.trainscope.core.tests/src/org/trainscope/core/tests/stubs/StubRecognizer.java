package org.trainscope.core.tests.stubs;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.modeltypes.IModelTypeRecognizer;

/** Recognises graphs with a node of the made-up operator type "test.stubOp". */
public class StubRecognizer implements IModelTypeRecognizer {
    @Override
    public int recognize(NetworkGraph graph) {
        return graph.nodes().stream().anyMatch(n -> n.operatorType().equals("test.stubOp")) ? 99 : 0;
    }
}
