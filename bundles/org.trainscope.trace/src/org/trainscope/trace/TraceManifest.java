package org.trainscope.trace;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@code manifest.json} says about a run. Immutable. {@code name}, {@code batches} and
 * {@code probe} may be null. Build one with the canonical constructor; {@link TraceWriter#create}
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
        ProbeInfo probe) {

    /** The format version this code reads and writes. */
    public static final int FORMAT_VERSION = 1;

    public TraceManifest {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        tensors = List.copyOf(tensors);
        metrics = List.copyOf(metrics);
        arrays = arrays == null ? List.of() : List.copyOf(arrays);
    }

    public Optional<TensorInfo> tensor(String id) {
        return tensors.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Optional<ArrayInfo> array(String id) {
        return arrays.stream().filter(a -> a.id().equals(id)).findFirst();
    }
}
