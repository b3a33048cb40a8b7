package org.trainscope.trace.internal;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.trainscope.trace.ArrayInfo;
import org.trainscope.trace.GraphEdge;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.LayerGroup;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceFormatException;
import org.trainscope.trace.TraceManifest;

/**
 * The rules of spec §4 that go beyond JSON types: unique ids, references that resolve, an acyclic
 * graph and sizes that keep every chunk file below 2 GiB. Used by the reader and by the writer, so a
 * writer can never produce a trace the reader refuses.
 */
public final class ManifestValidator {
    public static final int MAX_CHUNK_RECORDS = 1 << 20;
    public static final long MAX_ROW_BYTES = 1L << 30;
    public static final long MAX_CHUNK_DATA_BYTES = (2L << 30) - (1L << 20);
    /**
     * Most elements of one static array (probe inputs, labels): 64 Mi, 256 MiB as floats. Arrays
     * are read whole into the heap by views (Neuron Credit reads the probe inputs), so a larger
     * shape is refused here, at open, rather than failing or exhausting the heap in a view.
     */
    public static final long MAX_ARRAY_ELEMENTS = 1L << 26;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private ManifestValidator() {
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static void validate(TraceManifest m, Path file) throws TraceFormatException {
        require(m.modelType() != null && !m.modelType().isEmpty(), file, "\"modelType\" must be a non-empty string");
        Set<String> nodeIds = validateGraph(m.graph(), file);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < m.tensors().size(); i++) {
            TensorInfo t = m.tensors().get(i);
            String at = "tensors[" + i + "]";
            checkId(t.id(), at + ".id", file);
            require(ids.add(t.id()), file, at + ".id \"" + t.id() + "\" is not unique");
            require(nodeIds.contains(t.node()), file, at + ".node \"" + t.node() + "\" names no graph node");
            require(!t.shape().isEmpty(), file, at + ".shape must have at least one dimension");
            long n = 1;
            for (int d : t.shape()) {
                require(d >= 1, file, at + ".shape dimensions must be >= 1");
                n = Math.multiplyExact(n, (long) d); // cannot overflow: n <= 2^30 and d < 2^31 before this product
                require(n <= MAX_ROW_BYTES, file, at + ".shape " + t.shape() + " is too large for one record");
            }
            checkChunk(n * t.dtype().size(), t.chunkRecords(), at, file);
        }
        Set<String> metricNames = new HashSet<>();
        for (MetricInfo x : m.metrics()) {
            require(x.name() != null && !x.name().isEmpty(), file, "metric names must be non-empty");
            require(metricNames.add(x.name()), file, "metric \"" + x.name() + "\" is declared twice");
        }
        if (m.batches() != null) {
            require(m.batches().batchSize() >= 1, file, "batches.batchSize must be >= 1");
            checkChunk(8L * m.batches().batchSize(), m.batches().chunkRecords(), "batches", file);
        }
        if (m.batchInputs() != null) {
            var b = m.batchInputs();
            require(b.batchSize() >= 1, file, "batchInputs.batchSize must be >= 1");
            require(b.dtype() != null && b.dtype().isFloat(), file, "batchInputs.dtype must be \"float32\" or \"float16\"");
            require(!b.sampleShape().isEmpty(), file, "batchInputs.sampleShape must have at least one dimension");
            long n = b.batchSize();
            for (int d : b.sampleShape()) {
                require(d >= 1, file, "batchInputs.sampleShape dimensions must be >= 1");
                n = Math.multiplyExact(n, (long) d);
                require(n <= MAX_ROW_BYTES, file, "batchInputs: [batchSize] + sampleShape is too large for one record");
            }
            checkChunk(n * b.dtype().size(), b.chunkRecords(), "batchInputs", file);
        }
        Set<String> arrayIds = new HashSet<>();
        for (int i = 0; i < m.arrays().size(); i++) {
            ArrayInfo a = m.arrays().get(i);
            checkId(a.id(), "arrays[" + i + "].id", file);
            require(arrayIds.add(a.id()), file, "arrays[" + i + "].id \"" + a.id() + "\" is not unique");
            for (int d : a.shape()) {
                require(d >= 0, file, "arrays[" + i + "].shape dimensions must be >= 0");
            }
            long elements = a.elementCount();
            require(elements <= MAX_ARRAY_ELEMENTS, file, "array \"" + a.id() + "\" (arrays[" + i + "]) of shape "
                    + a.shape() + " holds " + (elements == Long.MAX_VALUE ? "more than 2^63" : String.valueOf(elements))
                    + " elements, more than the " + MAX_ARRAY_ELEMENTS + " an array may hold");
        }
        if (m.probe() != null) {
            require(arrayIds.contains(m.probe().inputs()), file, "probe.inputs \"" + m.probe().inputs() + "\" names no array");
            require(m.probe().labels() == null || arrayIds.contains(m.probe().labels()), file,
                    "probe.labels \"" + m.probe().labels() + "\" names no array");
        }
    }

    private static void checkChunk(long rowBytes, int chunkRecords, String at, Path file) throws TraceFormatException {
        require(rowBytes <= MAX_ROW_BYTES, file, at + ": one record is " + rowBytes + " bytes, more than 1 GiB");
        require(chunkRecords >= 1 && chunkRecords <= MAX_CHUNK_RECORDS, file, at + ".chunkRecords must be in [1, " + MAX_CHUNK_RECORDS + "]");
        require(rowBytes * chunkRecords <= MAX_CHUNK_DATA_BYTES, file,
                at + ": chunkRecords " + chunkRecords + " x " + rowBytes + " bytes per record exceeds the 2 GiB chunk limit");
    }

    private static Set<String> validateGraph(TraceGraph g, Path file) throws TraceFormatException {
        Set<String> layerIds = new HashSet<>();
        for (LayerGroup l : g.layers()) {
            checkId(l.id(), "graph.layers id", file);
            require(layerIds.add(l.id()), file, "graph layer id \"" + l.id() + "\" is not unique");
        }
        Set<String> nodeIds = new HashSet<>();
        for (GraphNode n : g.nodes()) {
            require(n.id() != null && !n.id().isEmpty() && n.id().length() <= 256, file,
                    "graph node ids must be 1 to 256 characters");
            require(n.kind() != null, file, "graph node \"" + n.id() + "\" has no kind");
            require(nodeIds.add(n.id()), file, "graph node id \"" + n.id() + "\" is not unique");
            require(n.layer() == null || layerIds.contains(n.layer()), file,
                    "graph node \"" + n.id() + "\" names unknown layer \"" + n.layer() + "\"");
        }
        for (GraphEdge e : g.edges()) {
            require(nodeIds.contains(e.from()), file, "graph edge from unknown node \"" + e.from() + "\"");
            require(nodeIds.contains(e.to()), file, "graph edge to unknown node \"" + e.to() + "\"");
        }
        requireAcyclic(g, file);
        return nodeIds;
    }

    /** Kahn's algorithm: if some node never reaches in-degree zero, it lies on a cycle. */
    private static void requireAcyclic(TraceGraph g, Path file) throws TraceFormatException {
        Map<String, Integer> inDegree = new HashMap<>();
        Map<String, List<String>> successors = new HashMap<>();
        for (GraphNode n : g.nodes()) {
            inDegree.put(n.id(), 0);
        }
        for (GraphEdge e : g.edges()) {
            inDegree.merge(e.to(), 1, Integer::sum);
            successors.computeIfAbsent(e.from(), k -> new java.util.ArrayList<>()).add(e.to());
        }
        Deque<String> ready = new ArrayDeque<>();
        inDegree.forEach((id, d) -> {
            if (d == 0) {
                ready.add(id);
            }
        });
        int visited = 0;
        while (!ready.isEmpty()) {
            String id = ready.poll();
            visited++;
            for (String next : successors.getOrDefault(id, List.of())) {
                if (inDegree.merge(next, -1, Integer::sum) == 0) {
                    ready.add(next);
                }
            }
        }
        if (visited < inDegree.size()) {
            String onCycle = inDegree.entrySet().stream().filter(x -> x.getValue() > 0).map(Map.Entry::getKey).sorted()
                    .findFirst().orElse("?");
            throw new TraceFormatException(file, "the graph has a cycle (node \"" + onCycle + "\" is on or after it); store recurrent networks unrolled");
        }
    }

    private static void checkId(String id, String at, Path file) throws TraceFormatException {
        require(isValidId(id), file, at + " \"" + id + "\" is not a valid id ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})");
    }

    private static void require(boolean ok, Path file, String problem) throws TraceFormatException {
        if (!ok) {
            throw new TraceFormatException(file, problem);
        }
    }
}
