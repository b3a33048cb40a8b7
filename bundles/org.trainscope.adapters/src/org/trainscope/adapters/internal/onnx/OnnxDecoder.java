package org.trainscope.adapters.internal.onnx;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.trainscope.adapters.MalformedDataException;
import org.trainscope.adapters.internal.onnx.OnnxModel.Initializer;
import org.trainscope.adapters.internal.onnx.OnnxModel.Op;
import org.trainscope.adapters.internal.protobuf.LongList;
import org.trainscope.adapters.internal.protobuf.ProtoReader;
import org.trainscope.adapters.internal.protobuf.ProtoReader.Region;

/**
 * Decodes the parts of onnx.proto TrainScope uses. Field numbers: ModelProto {producer_name 2,
 * graph 7}; GraphProto {node 1, initializer 5, input 11, output 12}; NodeProto {input 1, output 2,
 * name 3, op_type 4, attribute 5}; AttributeProto {name 1, f 2, i 3, s 4, t 5, g 6, floats 7,
 * ints 8, strings 9, type 20}; ValueInfoProto {name 1}; TensorProto {dims 1, data_type 2,
 * float_data 4, int32_data 5, int64_data 7, name 8, raw_data 9, double_data 10,
 * external_data 13, data_location 14}. Unknown fields are skipped, as protobuf wants.
 */
public final class OnnxDecoder {
    static final int MAX_NODES = 1_000_000;
    static final int MAX_DIMS = 32;
    /** Varint-coded values held in the heap per model (int64 shapes, float16 given as int32_data). */
    static final int MAX_DECODED_VALUES = 4_000_000;
    private static final int MAX_LIST_SHOWN = 16;

    private final Path file;
    private int decodedValues;

    private OnnxDecoder(Path file) {
        this.file = file;
    }

    /** Decodes the model in {@code buffer}, which holds the whole file starting at offset 0. */
    public static OnnxModel decode(ByteBuffer buffer, Path file) throws MalformedDataException {
        return new OnnxDecoder(file).model(ProtoReader.of(buffer, file, 0));
    }

    private OnnxModel model(ProtoReader m) throws MalformedDataException {
        String producer = "";
        OnnxModel graph = null;
        long opset = 0;
        while (m.next()) {
            switch (m.field()) {
                case 2 -> producer = m.readString();
                case 7 -> graph = graph(m.readMessage(), producer);
                case 8 -> opset = Math.max(opset, defaultDomainVersion(m.readMessage()));
                default -> m.skip();
            }
        }
        if (graph == null) {
            throw m.error("the model has no graph (field 7): not an ONNX model");
        }
        return new OnnxModel(producer, opset, graph.nodes(), graph.initializers(), graph.inputs(), graph.outputs(),
                graph.inputShapes());
    }

    /** OperatorSetIdProto {domain 1, version 2}: the version for the default domain ("" or "ai.onnx"), else 0. */
    private static long defaultDomainVersion(ProtoReader o) throws MalformedDataException {
        String domain = "";
        long version = 0;
        while (o.next()) {
            switch (o.field()) {
                case 1 -> domain = o.readString();
                case 2 -> version = o.readInt64();
                default -> o.skip();
            }
        }
        return domain.isEmpty() || domain.equals("ai.onnx") ? version : 0;
    }

    private OnnxModel graph(ProtoReader g, String producer) throws MalformedDataException {
        List<Op> nodes = new ArrayList<>();
        List<Initializer> inits = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, long[]> inputShapes = new java.util.LinkedHashMap<>();
        while (g.next()) {
            if (nodes.size() + inits.size() + inputs.size() + outputs.size() > MAX_NODES) {
                throw g.error("the graph has more than " + MAX_NODES + " entries");
            }
            switch (g.field()) {
                case 1 -> nodes.add(node(g.readMessage()));
                case 5 -> inits.add(tensor(g.readMessage()));
                case 11 -> {
                    ValueInfo info = valueInfo(g.readMessage());
                    inputs.add(info.name());
                    if (info.dims() != null) {
                        inputShapes.put(info.name(), info.dims());
                    }
                }
                case 12 -> outputs.add(valueName(g.readMessage()));
                default -> g.skip();
            }
        }
        return new OnnxModel(producer, 0, nodes, inits, inputs, outputs, inputShapes);
    }

    /** A graph input's name and declared dims (-1 for a symbolic or missing dim; null when no tensor shape). */
    private record ValueInfo(String name, long[] dims) {
    }

    /** ValueInfoProto {name 1, type 2}; TypeProto {tensor_type 1}; Tensor {elem_type 1, shape 2}. */
    private static ValueInfo valueInfo(ProtoReader v) throws MalformedDataException {
        String name = "";
        long[] dims = null;
        while (v.next()) {
            if (v.field() == 1) {
                name = v.readString();
            } else if (v.field() == 2) {
                ProtoReader type = v.readMessage();
                while (type.next()) {
                    if (type.field() == 1) {
                        ProtoReader tensor = type.readMessage();
                        while (tensor.next()) {
                            if (tensor.field() == 2) {
                                dims = shapeDims(tensor.readMessage());
                            } else {
                                tensor.skip();
                            }
                        }
                    } else {
                        type.skip();
                    }
                }
            } else {
                v.skip();
            }
        }
        return new ValueInfo(name, dims);
    }

    /** TensorShapeProto {dim 1}; Dimension {dim_value 1, dim_param 2}: a named (symbolic) dim is -1. */
    private static long[] shapeDims(ProtoReader shape) throws MalformedDataException {
        LongList dims = new LongList(MAX_DIMS);
        while (shape.next()) {
            if (shape.field() == 1) {
                ProtoReader dim = shape.readMessage();
                long value = -1;
                while (dim.next()) {
                    if (dim.field() == 1) {
                        value = dim.readInt64();
                    } else {
                        dim.skip();
                    }
                }
                if (!dims.add(value > 0 ? value : -1)) {
                    throw shape.error("an input shape has more than " + MAX_DIMS + " dimensions");
                }
            } else {
                shape.skip();
            }
        }
        return dims.toArray();
    }

    private static String valueName(ProtoReader v) throws MalformedDataException {
        String name = "";
        while (v.next()) {
            if (v.field() == 1) {
                name = v.readString();
            } else {
                v.skip();
            }
        }
        return name;
    }

    private Op node(ProtoReader n) throws MalformedDataException {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String op = "";
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, Initializer> tensors = new LinkedHashMap<>();
        while (n.next()) {
            switch (n.field()) {
                case 1 -> inputs.add(n.readString());
                case 2 -> outputs.add(n.readString());
                case 3 -> name = n.readString();
                case 4 -> op = n.readString();
                case 5 -> attribute(n.readMessage(), attributes, tensors);
                default -> n.skip();
            }
        }
        if (op.isEmpty()) {
            throw n.error("node '" + name + "' has no op_type");
        }
        return new Op(name, op, inputs, outputs, attributes, tensors);
    }

    private void attribute(ProtoReader a, Map<String, String> into, Map<String, Initializer> tensors)
            throws MalformedDataException {
        String name = "";
        Initializer tensor = null;
        StringBuilder value = new StringBuilder();
        List<String> list = new ArrayList<>();
        int listSize = 0;
        while (a.next()) {
            switch (a.field()) {
                case 1 -> name = a.readString();
                case 2 -> value.append(a.readFloat());
                case 3 -> value.append(a.readInt64());
                case 4 -> value.append(textOrBytes(a));
                case 5 -> {
                    tensor = tensor(a.readMessage());
                    value.append("<tensor>");
                }
                case 6 -> {
                    a.readRegion();
                    value.append("<graph>");
                }
                case 7 -> listSize += floats(a, list);
                case 8 -> {
                    LongList ints = new LongList(1 << 20);
                    a.readRepeatedVarint(ints);
                    for (long i : ints.toArray()) {
                        listSize++;
                        if (list.size() < MAX_LIST_SHOWN) {
                            list.add(Long.toString(i));
                        }
                    }
                }
                case 9 -> {
                    listSize++;
                    String s = textOrBytes(a);
                    if (list.size() < MAX_LIST_SHOWN) {
                        list.add(s);
                    }
                }
                default -> a.skip();
            }
        }
        if (listSize > 0) {
            value.append('[').append(String.join(", ", list)).append(listSize > list.size() ? ", ...]" : "]");
        }
        into.put(name, value.toString());
        if (tensor != null) {
            tensors.put(name, tensor);
        }
    }

    private static String textOrBytes(ProtoReader a) throws MalformedDataException {
        Region r = a.readRegion();
        String s = new String(a.bytes(new Region(r.start(), Math.min(r.length(), 256))), java.nio.charset.StandardCharsets.UTF_8);
        return r.length() > 256 ? s + "..." : s;
    }

    private static int floats(ProtoReader a, List<String> list) throws MalformedDataException {
        if (a.wireType() == ProtoReader.LENGTH_DELIMITED) {
            Region r = a.readRegion();
            if (r.length() % 4 != 0) {
                throw a.error("packed floats of " + r.length() + " bytes");
            }
            for (int i = 0; i < r.length() / 4 && list.size() < MAX_LIST_SHOWN; i++) {
                list.add(Float.toString(a.buffer().getFloat(r.start() + 4 * i)));
            }
            return r.length() / 4;
        }
        float f = a.readFloat();
        if (list.size() < MAX_LIST_SHOWN) {
            list.add(Float.toString(f));
        }
        return 1;
    }

    private Initializer tensor(ProtoReader t) throws MalformedDataException {
        long start = t.offset();
        LongList dims = new LongList(MAX_DIMS);
        int dataType = 0;
        String name = "";
        Region data = null;
        int dataField = 0;
        LongList varints = null;
        boolean external = false;
        while (t.next()) {
            switch (t.field()) {
                case 1 -> t.readRepeatedVarint(dims);
                case 2 -> dataType = (int) t.readInt64();
                case 8 -> name = t.readString();
                case 4, 9, 10 -> {
                    if (t.wireType() != ProtoReader.LENGTH_DELIMITED) {
                        throw t.error("initializer data field " + t.field() + " is not packed (unsupported)");
                    }
                    dataField = t.field();
                    data = t.readRegion();
                }
                case 5, 7 -> {
                    if (varints == null) {
                        varints = new LongList(Math.max(0, MAX_DECODED_VALUES - decodedValues));
                    }
                    t.readRepeatedVarint(varints);
                }
                case 14 -> external = t.readInt64() == 1;
                default -> t.skip();
            }
        }
        if (varints != null) {
            decodedValues += varints.size();
        }
        long offset = data == null ? -1 : t.fileOffsetOf(data.start());
        long length = data == null ? 0 : data.length();
        if (data != null && dataField != 9 && !matches(dataType, dataField)) {
            throw new MalformedDataException(file, start, "initializer '" + name + "' of data_type " + dataType
                    + " stores its values in field " + dataField);
        }
        return new Initializer(name, dims.toArray(), dataType, offset, length,
                varints == null ? null : varints.toArray(), external);
    }

    private static boolean matches(int dataType, int field) {
        return field == 4 && dataType == OnnxModel.FLOAT || field == 10 && dataType == OnnxModel.DOUBLE;
    }
}
