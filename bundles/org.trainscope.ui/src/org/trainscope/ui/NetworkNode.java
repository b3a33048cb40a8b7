package org.trainscope.ui;

import org.trainscope.core.model.Node;
import org.trainscope.core.model.Run;

/**
 * A node of a run's network as the Runs view shows and selects it; views that work on a node
 * (Neuron Credit explains an operator's units even when its activations were not recorded, as for
 * an ONNX model) take it from the selection. Equal when run and node are.
 */
public record NetworkNode(Run run, Node node) {
}
