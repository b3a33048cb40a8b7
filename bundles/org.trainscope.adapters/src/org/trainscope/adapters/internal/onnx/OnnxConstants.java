package org.trainscope.adapters.internal.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

import org.trainscope.adapters.internal.onnx.OnnxModel.Initializer;
import org.trainscope.adapters.internal.onnx.OnnxModel.Op;

/**
 * The values of a model that are known without running it: initializers, the outputs of Constant
 * nodes, and Identity nodes applied to either (the PyTorch exporter writes one initializer once
 * and an Identity for each further use of equal values). Small integer ones (a Reshape's target
 * shape, a Pad's pads) can be read.
 */
final class OnnxConstants {
    /** The largest integer constant read (shapes and pads are a handful of values). */
    private static final int MAX_READ = 64;

    private final Map<String, Initializer> byValue = new HashMap<>();
    private final ByteBuffer file;

    OnnxConstants(OnnxModel model, ByteBuffer file) {
        this.file = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (Initializer init : model.initializers()) {
            byValue.putIfAbsent(init.name(), init);
        }
        // nodes are in topological order (ONNX requires it), so an Identity's input is known when met
        for (Op op : model.nodes()) {
            if (isConstantNode(op)) {
                byValue.put(op.outputs().get(0), op.tensors().get("value").named(op.outputs().get(0)));
            } else if (isConstantAlias(op)) {
                byValue.put(op.outputs().get(0), byValue.get(op.inputs().get(0)).named(op.outputs().get(0)));
            }
        }
    }

    /** A Constant node with a tensor value (other forms, value_float etc., are left as operators). */
    static boolean isConstantNode(Op op) {
        return op.opType().equals("Constant") && op.outputs().size() == 1 && op.tensors().containsKey("value");
    }

    /** An Identity of a constant value. */
    boolean isConstantAlias(Op op) {
        return op.opType().equals("Identity") && op.inputs().size() == 1 && op.outputs().size() == 1
                && byValue.containsKey(op.inputs().get(0));
    }

    /** Whether node {@code op} only gives a constant (it becomes a parameter node). */
    boolean isConstantProducer(Op op) {
        return isConstantNode(op) || isConstantAlias(op);
    }

    boolean isConstant(String value) {
        return byValue.containsKey(value);
    }

    Initializer get(String value) {
        return byValue.get(value);
    }

    /** The dimensions of a constant value, or null when it is not one. */
    long[] dims(String value) {
        Initializer i = byValue.get(value);
        return i == null ? null : i.dims();
    }

    /** Number of elements of a constant (1 for a scalar), or -1 when it is not one. */
    long count(String value) {
        long[] d = dims(value);
        if (d == null) {
            return -1;
        }
        long n = 1;
        for (long x : d) {
            n *= x;
        }
        return n;
    }

    /**
     * The values of a small int64 or int32 constant, or null when it is not one, is larger than
     * {@value #MAX_READ} values, or its bytes are not in the file as declared.
     */
    long[] integers(String value) {
        Initializer i = byValue.get(value);
        long n = count(value);
        if (i == null || n < 0 || n > MAX_READ || i.external()) {
            return null;
        }
        if (i.decoded() != null) {
            return i.decoded().length == n && (i.dataType() == OnnxModel.INT64 || i.dataType() == 6) ? i.decoded().clone()
                    : null;
        }
        int size = i.dataType() == OnnxModel.INT64 ? 8 : i.dataType() == 6 ? 4 : 0;
        if (size == 0 || i.fileOffset() < 0 || i.byteLength() != n * size
                || i.fileOffset() + i.byteLength() > file.limit()) {
            return null;
        }
        long[] out = new long[(int) n];
        for (int k = 0; k < n; k++) {
            int at = (int) i.fileOffset() + k * size;
            out[k] = size == 8 ? file.getLong(at) : file.getInt(at);
        }
        return out;
    }

    /** The single value of a scalar float constant (a Pad's constant_value), or NaN when it is not one. */
    double scalar(String value) {
        Initializer i = byValue.get(value);
        if (i == null || count(value) != 1 || i.external()) {
            return Double.NaN;
        }
        boolean inFile = i.decoded() == null && i.fileOffset() >= 0 && i.fileOffset() + i.byteLength() <= file.limit();
        if (inFile && i.dataType() == OnnxModel.FLOAT && i.byteLength() == 4) {
            return file.getFloat((int) i.fileOffset());
        }
        if (inFile && i.dataType() == OnnxModel.DOUBLE && i.byteLength() == 8) {
            return file.getDouble((int) i.fileOffset());
        }
        long[] ints = integers(value);
        return ints == null ? Double.NaN : ints[0];
    }
}
