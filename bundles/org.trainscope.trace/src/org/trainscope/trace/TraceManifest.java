package org.trainscope.trace;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@code manifest.json} says about a run. Immutable. {@code name}, {@code batches},
 * {@code probe} and {@code batchInputs} may be null. Build one with the canonical constructor; {@link TraceWriter#create}
 * validates it the same way a reader does.
 */
public record TraceManifest(
        String name,
        String modelType,
        Map<String, Object> attributes,
        TraceGraph graph,
        List<TensorInfo> tensors,
        List<MetricInfo> metrics,
        BatchInfo batches,
        List<ArrayInfo> arrays,
        ProbeInfo probe,
        BatchInputsInfo batchInputs) {

    /** The format version this code reads and writes. */
    public static final int FORMAT_VERSION = 1;

    public TraceManifest {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        tensors = List.copyOf(tensors);
        metrics = List.copyOf(metrics);
        arrays = arrays == null ? List.of() : List.copyOf(arrays);
    }

    /** A manifest without batch inputs (§4.8), as before they existed. */
    public TraceManifest(String name, String modelType, Map<String, Object> attributes, TraceGraph graph,
            List<TensorInfo> tensors, List<MetricInfo> metrics, BatchInfo batches, List<ArrayInfo> arrays, ProbeInfo probe) {
        this(name, modelType, attributes, graph, tensors, metrics, batches, arrays, probe, null);
    }

    /** The same manifest declaring {@code info} as its batch inputs (null: none). */
    public TraceManifest withBatchInputs(BatchInputsInfo info) {
        return new TraceManifest(name, modelType, attributes, graph, tensors, metrics, batches, arrays, probe, info);
    }

    public Optional<TensorInfo> tensor(String id) {
        return tensors.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Optional<ArrayInfo> array(String id) {
        return arrays.stream().filter(a -> a.id().equals(id)).findFirst();
    }
}
