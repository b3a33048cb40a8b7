package org.trainscope.adapters.internal.onnx;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.trainscope.adapters.MalformedDataException;
import org.trainscope.adapters.internal.io.ReadOnlyFile;
import org.trainscope.adapters.internal.onnx.OnnxGraphs.ParameterTensor;
import org.trainscope.adapters.internal.onnx.OnnxModel.Initializer;
import org.trainscope.core.model.BasicRun;
import org.trainscope.core.model.TensorSeries;

/** Adds the constant values of a model (initializers, Constant nodes) to a run under construction. */
public final class OnnxRuns {
    private OnnxRuns() {
    }

    public static void addTensors(BasicRun.Builder run, List<ParameterTensor> parameters, ReadOnlyFile file,
            List<String> warnings) throws MalformedDataException {
        Set<String> seen = new HashSet<>();
        for (ParameterTensor p : parameters) {
            Initializer init = p.values();
            if (init.external()) {
                warnings.add(file.path() + ": initializer '" + init.name() + "' keeps its values in an external file, not read");
                continue;
            }
            if (!seen.add(p.id())) {
                if (p.initializer()) {
                    throw new MalformedDataException(file.path(), init.fileOffset(), "initializer name '" + init.name()
                            + "' repeats");
                }
                warnings.add(file.path() + ": the constant '" + p.id() + "' repeats a value name; shown once");
                continue;
            }
            TensorSeries t;
            try {
                t = OnnxTensors.series(init, p.nodeId(), p.role(), file, file.path());
            } catch (MalformedDataException e) {
                if (p.initializer()) {
                    throw e;
                }
                // a Constant node's value was no tensor before this run's vocabulary needed it: warn only
                warnings.add(e.getMessage());
                continue;
            }
            if (t == null) {
                warnings.add(file.path() + ": initializer '" + init.name() + "' has data_type " + init.dataType()
                        + ", which is not shown");
            } else {
                run.tensor(t);
            }
        }
    }
}
