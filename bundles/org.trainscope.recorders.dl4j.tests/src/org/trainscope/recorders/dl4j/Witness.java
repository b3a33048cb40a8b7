package org.trainscope.recorders.dl4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A second listener that keeps what DL4J itself reports, to compare the trace with. */
final class Witness extends BaseTrainingListener {
    final List<Double> scores = new ArrayList<>();
    final List<Map<String, INDArray>> paramsBefore = new ArrayList<>();
    final List<Map<String, INDArray>> paramsAfter = new ArrayList<>();
    final List<Map<String, INDArray>> gradients = new ArrayList<>();

    @Override
    public void onGradientCalculation(Model model) {
        scores.add(model.score());
        paramsBefore.add(copy(model.paramTable()));
        gradients.add(copy(model.gradient().gradientForVariable()));
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        paramsAfter.add(copy(model.paramTable()));
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> table) {
        Map<String, INDArray> c = new HashMap<>();
        try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            table.forEach((k, v) -> c.put(k, v.dup()));
        }
        return c;
    }
}
