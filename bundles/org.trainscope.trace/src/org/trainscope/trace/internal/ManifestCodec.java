package org.trainscope.trace.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.trainscope.trace.ArrayInfo;
import org.trainscope.trace.BatchInfo;
import org.trainscope.trace.BatchInputsInfo;
import org.trainscope.trace.DType;
import org.trainscope.trace.GraphEdge;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.LayerGroup;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.TraceNodeKind;
import org.trainscope.trace.ProbeInfo;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceTensorKind;
import org.trainscope.trace.TraceFormatException;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.json.JsonParser;
import org.trainscope.trace.json.JsonSyntaxException;
import org.trainscope.trace.json.JsonWriter;

/** Converts {@code manifest.json} to and from {@link TraceManifest}; see spec §4. */
public final class ManifestCodec {
    public static final String FORMAT_NAME = "trainscope-trace";
    public static final int MAX_DEPTH = 64;
    public static final long MAX_MANIFEST_BYTES = 64L << 20;

    private ManifestCodec() {
    }

    public static TraceManifest decode(String json, Path file) throws TraceFormatException {
        Object root;
        try {
            root = JsonParser.parse(json, MAX_DEPTH);
        } catch (JsonSyntaxException e) {
            throw new TraceFormatException(file, "invalid JSON: " + e.getMessage(), e);
        }
        JsonObjectReader m = new JsonObjectReader(root, "", file);
        if (!FORMAT_NAME.equals(m.string("format"))) {
            throw m.error("format", "must be \"" + FORMAT_NAME + "\", found \"" + m.string("format") + "\"");
        }
        long version = m.integer("formatVersion", 0, Long.MAX_VALUE);
        if (version != TraceManifest.FORMAT_VERSION) {
            throw m.error("formatVersion", "is " + version + "; this reader supports version " + TraceManifest.FORMAT_VERSION);
        }
        TraceManifest manifest = new TraceManifest(
                m.optString("name"),
                m.string("modelType"),
                m.has("attributes") ? m.rawObject("attributes") : Map.of(),
                decodeGraph(m.object("graph")),
                decodeTensors(m),
                decodeMetrics(m),
                m.has("batches") ? decodeBatches(m.object("batches")) : null,
                m.has("arrays") ? decodeArrays(m) : List.of(),
                m.has("probe") ? decodeProbe(m.object("probe")) : null,
                m.has("batchInputs") ? decodeBatchInputs(m.object("batchInputs")) : null);
        ManifestValidator.validate(manifest, file);
        return manifest;
    }

    private static TraceGraph decodeGraph(JsonObjectReader g) throws TraceFormatException {
        List<LayerGroup> layers = new ArrayList<>();
        for (JsonObjectReader l : g.objects("layers")) {
            layers.add(new LayerGroup(l.string("id"), l.optString("name")));
        }
        List<GraphNode> nodes = new ArrayList<>();
        for (JsonObjectReader n : g.objects("nodes")) {
            TraceNodeKind kind = enumOf(TraceNodeKind.class, n, "kind");
            Map<String, Object> attributes = n.has("attributes") ? n.rawObject("attributes") : Map.of();
            nodes.add(new GraphNode(n.string("id"), kind, n.optString("op"), n.optString("name"), n.optString("layer"), attributes));
        }
        List<GraphEdge> edges = new ArrayList<>();
        for (JsonObjectReader e : g.objects("edges")) {
            edges.add(new GraphEdge(e.string("from"), e.string("to")));
        }
        return new TraceGraph(layers, nodes, edges);
    }

    private static List<TensorInfo> decodeTensors(JsonObjectReader m) throws TraceFormatException {
        List<TensorInfo> tensors = new ArrayList<>();
        for (JsonObjectReader t : m.objects("tensors")) {
            DType dtype = dtypeOf(t);
            if (dtype == DType.INT64) {
                throw t.error("dtype", "must be \"float32\" or \"float16\" for a series tensor");
            }
            tensors.add(new TensorInfo(t.string("id"), t.string("node"), enumOf(TraceTensorKind.class, t, "kind"), dtype,
                    t.integers("shape", 1, Integer.MAX_VALUE),
                    (int) t.integer("chunkRecords", 1, ManifestValidator.MAX_CHUNK_RECORDS)));
        }
        return tensors;
    }

    private static List<MetricInfo> decodeMetrics(JsonObjectReader m) throws TraceFormatException {
        List<MetricInfo> metrics = new ArrayList<>();
        for (JsonObjectReader x : m.objects("metrics")) {
            metrics.add(new MetricInfo(x.string("name"), x.optString("unit")));
        }
        return metrics;
    }

    private static BatchInfo decodeBatches(JsonObjectReader b) throws TraceFormatException {
        return new BatchInfo((int) b.integer("batchSize", 1, Integer.MAX_VALUE),
                (int) b.integer("chunkRecords", 1, ManifestValidator.MAX_CHUNK_RECORDS));
    }

    private static BatchInputsInfo decodeBatchInputs(JsonObjectReader b) throws TraceFormatException {
        DType dtype = dtypeOf(b);
        if (!dtype.isFloat()) {
            throw b.error("dtype", "must be \"float32\" or \"float16\" for batch inputs");
        }
        return new BatchInputsInfo((int) b.integer("batchSize", 1, Integer.MAX_VALUE),
                (int) b.integer("chunkRecords", 1, ManifestValidator.MAX_CHUNK_RECORDS), dtype,
                b.integers("sampleShape", 1, Integer.MAX_VALUE), b.has("labels") && b.bool("labels"));
    }

    private static List<ArrayInfo> decodeArrays(JsonObjectReader m) throws TraceFormatException {
        List<ArrayInfo> arrays = new ArrayList<>();
        for (JsonObjectReader a : m.objects("arrays")) {
            arrays.add(new ArrayInfo(a.string("id"), dtypeOf(a), a.integers("shape", 0, Integer.MAX_VALUE)));
        }
        return arrays;
    }

    private static ProbeInfo decodeProbe(JsonObjectReader p) throws TraceFormatException {
        return new ProbeInfo(p.string("inputs"), p.optString("labels"));
    }

    private static DType dtypeOf(JsonObjectReader o) throws TraceFormatException {
        String name = o.string("dtype");
        DType dtype = DType.ofJsonName(name);
        if (dtype == null) {
            throw o.error("dtype", "must be \"float32\", \"float16\" or \"int64\", found \"" + name + "\"");
        }
        return dtype;
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, JsonObjectReader o, String key) throws TraceFormatException {
        String value = o.string(key);
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(value)) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw o.error(key, "must be one of " + allowed + ", found \"" + value + "\"");
    }

    /** The manifest as pretty JSON, members in the order of the specification. */
    public static String encode(TraceManifest m) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT_NAME);
        root.put("formatVersion", (long) TraceManifest.FORMAT_VERSION);
        if (m.name() != null) {
            root.put("name", m.name());
        }
        root.put("modelType", m.modelType());
        if (!m.attributes().isEmpty()) {
            root.put("attributes", m.attributes());
        }
        root.put("graph", encodeGraph(m.graph()));
        List<Object> tensors = new ArrayList<>();
        for (TensorInfo t : m.tensors()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", t.id());
            o.put("node", t.node());
            o.put("kind", t.kind().jsonName());
            o.put("dtype", t.dtype().jsonName());
            o.put("shape", new ArrayList<Object>(t.shape()));
            o.put("chunkRecords", (long) t.chunkRecords());
            tensors.add(o);
        }
        root.put("tensors", tensors);
        List<Object> metrics = new ArrayList<>();
        for (MetricInfo x : m.metrics()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", x.name());
            putIfNotNull(o, "unit", x.unit());
            metrics.add(o);
        }
        root.put("metrics", metrics);
        if (m.batches() != null) {
            root.put("batches", Map.of("batchSize", (long) m.batches().batchSize(), "chunkRecords", (long) m.batches().chunkRecords()));
        }
        List<Object> arrays = new ArrayList<>();
        for (ArrayInfo a : m.arrays()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", a.id());
            o.put("dtype", a.dtype().jsonName());
            o.put("shape", new ArrayList<Object>(a.shape()));
            arrays.add(o);
        }
        root.put("arrays", arrays);
        if (m.probe() != null) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("inputs", m.probe().inputs());
            putIfNotNull(o, "labels", m.probe().labels());
            root.put("probe", o);
        }
        if (m.batchInputs() != null) {
            BatchInputsInfo b = m.batchInputs();
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("batchSize", (long) b.batchSize());
            o.put("chunkRecords", (long) b.chunkRecords());
            o.put("dtype", b.dtype().jsonName());
            o.put("sampleShape", new ArrayList<Object>(b.sampleShape()));
            o.put("labels", b.labels());
            root.put("batchInputs", o);
        }
        return JsonWriter.pretty(root);
    }

    private static Map<String, Object> encodeGraph(TraceGraph g) {
        List<Object> layers = new ArrayList<>();
        for (LayerGroup l : g.layers()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", l.id());
            putIfNotNull(o, "name", l.name());
            layers.add(o);
        }
        List<Object> nodes = new ArrayList<>();
        for (GraphNode n : g.nodes()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", n.id());
            o.put("kind", n.kind().jsonName());
            putIfNotNull(o, "op", n.op());
            putIfNotNull(o, "name", n.name());
            putIfNotNull(o, "layer", n.layer());
            if (!n.attributes().isEmpty()) {
                o.put("attributes", n.attributes());
            }
            nodes.add(o);
        }
        List<Object> edges = new ArrayList<>();
        for (GraphEdge e : g.edges()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("from", e.from());
            o.put("to", e.to());
            edges.add(o);
        }
        Map<String, Object> graph = new LinkedHashMap<>();
        graph.put("layers", layers);
        graph.put("nodes", nodes);
        graph.put("edges", edges);
        return graph;
    }

    private static void putIfNotNull(Map<String, Object> o, String key, Object value) {
        if (value != null) {
            o.put(key, value);
        }
    }
}
