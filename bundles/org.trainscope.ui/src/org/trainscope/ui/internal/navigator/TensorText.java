package org.trainscope.ui.internal.navigator;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.NodeNames;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;

/**
 * How the Runs view and the Run Summary speak of a recorded tensor: by the name of its node
 * ({@link NodeNames}) and its kind, so a node reads the same in the Network and Tensors
 * subtrees; the tensor's own id is added only when the node has two tensors of that kind.
 */
public final class TensorText {
    private TensorText() {
    }

    /** "mu activation  [16×32] × 2 records". */
    public static String label(Run run, TensorSeries t) {
        String name = run == null ? t.nodeId() : NodeNames.name(run.graph(), t.nodeId());
        boolean ambiguous = run != null && run.tensors().stream()
                .filter(o -> o != t && o.nodeId().equals(t.nodeId()) && o.kind() == t.kind()).findAny().isPresent();
        return name + " " + t.kind().externalName() + (ambiguous ? " (" + t.id() + ")" : "") + "  " + shape(t.shape())
                + " × " + records(t.iterationCount());
    }

    /** "[16×32] × 2 records: 32 units on each of 16 probe inputs". */
    public static String shapeAndRecords(Run run, TensorSeries t) {
        NeuronLayout layout = NeuronLayout.of(run, t);
        String units = layout.hasProbeAxis()
                ? ": " + layout.unitCount() + " units" + (layout.isSpatial() ? " (channel×y×x "
                        + shape(layout.unitShape()) + ")" : "") + " on each of " + layout.probeCount() + " probe inputs"
                : "";
        return shape(t.shape()) + " × " + records(t.iterationCount()) + units;
    }

    public static String shape(int[] shape) {
        return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining("×", "[", "]"));
    }

    private static String records(int n) {
        return n + (n == 1 ? " record" : " records");
    }
}
