package org.trainscope.adapters.internal.onnx;

import java.util.List;
import java.util.Map;

import org.trainscope.adapters.MalformedDataException;
import org.trainscope.adapters.internal.io.ReadOnlyFile;
import org.trainscope.adapters.internal.onnx.OnnxModel.Initializer;
import org.trainscope.core.model.BasicRun;
import org.trainscope.core.model.TensorSeries;

/** Adds the initializers of a model to a run under construction. */
public final class OnnxRuns {
    private OnnxRuns() {
    }

    public static void addTensors(BasicRun.Builder run, OnnxModel model, Map<String, String> parameterNodes,
            ReadOnlyFile file, List<String> warnings) throws MalformedDataException {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Initializer init : model.initializers()) {
            if (init.external()) {
                warnings.add(file.path() + ": initializer '" + init.name() + "' keeps its values in an external file, not read");
                continue;
            }
            if (!seen.add(init.name())) {
                throw new MalformedDataException(file.path(), init.fileOffset(), "initializer name '" + init.name() + "' repeats");
            }
            TensorSeries t = OnnxTensors.series(init, parameterNodes.get(init.name()), file, file.path());
            if (t == null) {
                warnings.add(file.path() + ": initializer '" + init.name() + "' has data_type " + init.dataType()
                        + ", which is not shown");
            } else {
                run.tensor(t);
            }
        }
    }
}
