package org.trainscope.adapters.internal.onnx;

import java.util.List;
import java.util.Map;

/** What TrainScope takes from an ONNX ModelProto: the main graph's nodes, initializers and inputs. */
public record OnnxModel(String producer, List<Op> nodes, List<Initializer> initializers, List<String> inputs,
        List<String> outputs) {

    /** A NodeProto; attributes are rendered as text. */
    public record Op(String name, String opType, List<String> inputs, List<String> outputs, Map<String, String> attributes) {
    }

    /**
     * A TensorProto initializer. Its values are either a region of the file ({@code fileOffset},
     * {@code byteLength}, little-endian, for raw_data and packed float/double data) or decoded varints
     * ({@code decoded}, for int64_data and float16-in-int32_data), or absent ({@code external}).
     */
    public record Initializer(String name, long[] dims, int dataType, long fileOffset, long byteLength, long[] decoded,
            boolean external) {
    }

    public static final int FLOAT = 1;
    public static final int INT64 = 7;
    public static final int FLOAT16 = 10;
    public static final int DOUBLE = 11;
}
