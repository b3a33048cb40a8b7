package org.trainscope.adapters.internal.onnx;

import java.util.List;
import java.util.Map;

/**
 * What TrainScope takes from an ONNX ModelProto: the main graph's nodes, initializers and inputs,
 * and the version of the default operator set ({@code opset}; 0 when the model does not say),
 * which decides what some attributes mean (Softmax's axis before and after opset 13).
 */
public record OnnxModel(String producer, long opset, List<Op> nodes, List<Initializer> initializers,
        List<String> inputs, List<String> outputs, Map<String, long[]> inputShapes) {

    /**
     * A NodeProto; attributes are rendered as text, except tensor-valued ones (a Constant's
     * {@code value}), which are kept as {@code tensors} so their values can be read.
     */
    public record Op(String name, String opType, List<String> inputs, List<String> outputs, Map<String, String> attributes,
            Map<String, Initializer> tensors) {
    }

    /**
     * A TensorProto initializer. Its values are either a region of the file ({@code fileOffset},
     * {@code byteLength}, little-endian, for raw_data and packed float/double data) or decoded varints
     * ({@code decoded}, for int64_data and float16-in-int32_data), or absent ({@code external}).
     */
    public record Initializer(String name, long[] dims, int dataType, long fileOffset, long byteLength, long[] decoded,
            boolean external) {

        /** The same values under another name (a Constant's output, an Identity of an initializer). */
        public Initializer named(String newName) {
            return new Initializer(newName, dims, dataType, fileOffset, byteLength, decoded, external);
        }
    }

    public static final int FLOAT = 1;
    public static final int INT64 = 7;
    public static final int FLOAT16 = 10;
    public static final int DOUBLE = 11;
}
