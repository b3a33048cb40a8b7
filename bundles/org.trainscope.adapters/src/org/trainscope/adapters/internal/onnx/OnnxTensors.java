package org.trainscope.adapters.internal.onnx;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

import org.trainscope.adapters.MalformedDataException;
import org.trainscope.adapters.internal.io.ElementType;
import org.trainscope.adapters.internal.io.FileRegionTensorSeries;
import org.trainscope.adapters.internal.io.ReadOnlyFile;
import org.trainscope.adapters.internal.io.Shapes;
import org.trainscope.adapters.internal.onnx.OnnxModel.Initializer;
import org.trainscope.core.model.InMemoryTensorSeries;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.trace.HalfFloat;

/**
 * Turns initializers into one-record tensor series (iteration 0). Values stored as bytes stay in
 * the file and are read on demand; only varint-coded values (int64_data, float16 as int32_data) are
 * decoded into the heap, within the decoder's budget. A declared shape must account for exactly
 * the bytes present, so a tensor that claims more than its file holds is refused before any read.
 */
final class OnnxTensors {
    private static final long[] ITERATION_ZERO = {0};

    private OnnxTensors() {
    }

    static ElementType elementType(int dataType) {
        return switch (dataType) {
            case OnnxModel.FLOAT -> ElementType.FLOAT32;
            case 2 -> ElementType.UINT8;
            case 3 -> ElementType.INT8;
            case 4 -> ElementType.UINT16;
            case 5 -> ElementType.INT16;
            case 6 -> ElementType.INT32;
            case OnnxModel.INT64 -> ElementType.INT64;
            case 9 -> ElementType.BOOL;
            case OnnxModel.FLOAT16 -> ElementType.FLOAT16;
            case OnnxModel.DOUBLE -> ElementType.FLOAT64;
            case 12 -> ElementType.UINT32;
            case 13 -> ElementType.UINT64;
            default -> null;
        };
    }

    /** By the parameter the operator reads it as when known ("weight"), else by shape and name. */
    static TensorKind kindOf(Initializer init, String role) {
        if (!role.isEmpty()) {
            return role.equals("weight") && init.dims().length > 1 ? TensorKind.WEIGHT : TensorKind.BIAS;
        }
        return init.dims().length <= 1 || init.name().toLowerCase(java.util.Locale.ROOT).contains("bias")
                ? TensorKind.BIAS : TensorKind.WEIGHT;
    }

    /** The series of {@code init}, or null when it has no values to show (external data, unsupported type). */
    static TensorSeries series(Initializer init, String nodeId, String role, ReadOnlyFile file, Path path) throws MalformedDataException {
        ElementType type = elementType(init.dataType());
        if (type == null || init.external()) {
            return null;
        }
        long count = Shapes.elementCount(init.dims());
        if (init.decoded() == null && init.fileOffset() >= 0 && count >= 0 && count <= Long.MAX_VALUE / 8
                && count * type.size() != init.byteLength()) {
            // the usual "bomb": a shape far larger than the bytes that are really there
            throw bad(path, init, "declares shape " + Arrays.toString(init.dims()) + " (" + count * type.size()
                    + " bytes) but holds " + init.byteLength() + " bytes");
        }
        if (count < 0 || count > Integer.MAX_VALUE - 8) {
            throw bad(path, init, "has shape " + Arrays.toString(init.dims()) + ", too many elements");
        }
        int[] shape = init.dims().length == 0 ? new int[] {1} : Shapes.toInts(init.dims());
        if (init.dims().length == 0) {
            count = 1;
        }
        if (init.decoded() != null) {
            return decoded(init, nodeId, kindOf(init, role), shape, count, type, path);
        }
        long expected = count * type.size();
        if (init.fileOffset() < 0 && count > 0) {
            throw bad(path, init, "has shape " + Arrays.toString(init.dims()) + " but no data");
        }
        if (init.byteLength() != expected) {
            throw bad(path, init, "declares shape " + Arrays.toString(init.dims()) + " (" + expected + " bytes) but holds "
                    + init.byteLength() + " bytes");
        }
        return new FileRegionTensorSeries(init.name(), nodeId, kindOf(init, role), shape, ITERATION_ZERO, file,
                Math.max(0, init.fileOffset()), type, ByteOrder.LITTLE_ENDIAN);
    }

    private static TensorSeries decoded(Initializer init, String nodeId, TensorKind kind, int[] shape, long count,
            ElementType type,
            Path path) throws MalformedDataException {
        long[] values = init.decoded();
        if (values.length != count) {
            throw bad(path, init, "declares shape " + Arrays.toString(init.dims()) + " (" + count + " values) but holds "
                    + values.length + " values");
        }
        float[] row = new float[(int) count];
        for (int i = 0; i < row.length; i++) {
            row[i] = type == ElementType.FLOAT16 ? HalfFloat.toFloat((short) values[i])
                    : type == ElementType.UINT64 && values[i] < 0 ? (float) (values[i] >>> 1) * 2f : values[i];
        }
        InMemoryTensorSeries series = new InMemoryTensorSeries(init.name(), nodeId, kind, shape);
        series.appendAdopting(0, row); // a large initializer is stored as decoded, not copied again
        return series;
    }

    private static MalformedDataException bad(Path path, Initializer init, String problem) {
        return new MalformedDataException(path, init.fileOffset(), "initializer '" + init.name() + "' " + problem);
    }
}
