package org.trainscope.core.modeltypes;

import org.trainscope.core.model.NetworkGraph;

/**
 * Recognises a model type from a network graph, for runs whose source does not name it (an
 * ONNX export, a loose array folder). Optional part of a {@code modelType} contribution.
 */
public interface IModelTypeRecognizer {

    /** 0 when the graph is not of this type, up to 100 when it certainly is. */
    int recognize(NetworkGraph graph);
}
