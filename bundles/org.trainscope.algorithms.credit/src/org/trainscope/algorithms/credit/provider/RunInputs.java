package org.trainscope.algorithms.credit.provider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.operators.FloatTensor;

/**
 * The recorded probe inputs of a run as the credit engine's input map: record 0 of
 * {@link Run#probeInputs()}, shape [batch, ...], for every source node of the graph. Networks
 * with one input are the rule; a network with several sources gets the probe for each, which
 * fails in the engine with a shape message when that is wrong rather than silently here.
 */
public final class RunInputs {
    private RunInputs() {
    }

    /**
     * @throws IllegalArgumentException when the run has no probe inputs (credit needs inputs to
     *         run the network on)
     */
    public static Map<String, FloatTensor> of(Run run) throws IOException {
        TensorSeries probe = run.probeInputs().orElseThrow(() -> new IllegalArgumentException(
                "the run '" + run.name() + "' has no recorded probe inputs to explain the neuron on"));
        float[] values = new float[probe.neuronCount()];
        probe.readSnapshot(0, values);
        return feed(run, new FloatTensor(probe.shape(), values));
    }

    /**
     * The user's batch {@code x} as the engine's input map. A batch whose samples hold as many
     * values as the run's input takes but in another shape (flat rows for an image network) is
     * read in the run's layout, C-order.
     *
     * @throws IllegalArgumentException when the samples have another number of values than the
     *         run's input takes (when the run says what it takes)
     */
    public static Map<String, FloatTensor> of(Run run, FloatTensor x, String source) {
        Optional<int[]> expected = sampleShape(run);
        if (expected.isPresent()) {
            int[] want = expected.get();
            int per = x.size() / x.dim(0);
            int wantPer = Arrays.stream(want).reduce(1, (a, b) -> a * b);
            if (per != wantPer) {
                throw new IllegalArgumentException(source + ": inputs of shape " + Arrays.toString(x.shape()) + " have "
                        + per + " values per input, but the network's input takes " + Arrays.toString(want) + " ("
                        + wantPer + " values)");
            }
            int[] shape = new int[want.length + 1];
            shape[0] = x.dim(0);
            System.arraycopy(want, 0, shape, 1, want.length);
            x = x.reshape(shape);
        }
        return feed(run, x);
    }

    /**
     * The shape of one input of the network, without the batch axis: that of the recorded probe
     * inputs, else the shape the input node declares (attribute {@code shape}, as an ONNX model's
     * graph input does); empty when neither says (then the engine checks the shape as it runs).
     */
    public static Optional<int[]> sampleShape(Run run) {
        Optional<int[]> probe = run.probeInputs().map(p -> Arrays.copyOfRange(p.shape(), 1, p.shape().length));
        if (probe.isPresent()) {
            return probe;
        }
        List<String> sources = sources(run.graph());
        if (sources.size() != 1) {
            return Optional.empty();
        }
        return run.graph().node(sources.get(0)).map(n -> n.attributes().get("shape")).filter(s -> s != null)
                .map(RunInputs::integers);
    }

    private static int[] integers(String list) {
        String body = list.trim().replaceAll("^\\[|\\]$", "").trim();
        return body.isEmpty() ? new int[0]
                : Arrays.stream(body.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    private static Map<String, FloatTensor> feed(Run run, FloatTensor x) {
        Map<String, FloatTensor> inputs = new LinkedHashMap<>();
        for (String id : sources(run.graph())) {
            inputs.put(id, x);
        }
        return inputs;
    }

    /**
     * Non-parameter nodes that are declared inputs or have no non-parameter predecessor (the
     * engine's notion of a source).
     */
    public static List<String> sources(NetworkGraph graph) {
        List<String> out = new ArrayList<>();
        for (String id : graph.topologicalOrder()) {
            Node node = graph.node(id).orElseThrow();
            if (node.kind() == NodeKind.PARAMETER) {
                continue;
            }
            boolean fed = graph.predecessors(id).stream()
                    .anyMatch(p -> graph.node(p).map(n -> n.kind() != NodeKind.PARAMETER).orElse(false));
            if (node.operatorType().equals("input") || !fed) {
                out.add(id);
            }
        }
        return out;
    }
}
