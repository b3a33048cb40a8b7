package org.trainscope.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.trainscope.trace.internal.NpyHeader;

/**
 * Writes one standalone {@code .npy} array (numpy's format 1.0, little-endian, C order) with the
 * header the trace writes its arrays with ({@link NpyHeader}), so there is one npy writer in the
 * product. For results a user takes to numpy, such as {@code trainscope-cli credit --relevance-out}.
 */
public final class NpyArrayFile {
    private NpyArrayFile() {
    }

    /**
     * Writes {@code values} as a float32 array of {@code shape} to {@code file}: beside it first,
     * then moved in place, so a failure never leaves half a file.
     *
     * @throws IllegalArgumentException when {@code values} do not fill {@code shape}
     */
    public static void writeFloat32(Path file, int[] shape, float[] values) throws IOException {
        long count = 1;
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            dims[i] = shape[i];
            count *= shape[i];
        }
        if (count != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count + " values, got "
                    + values.length);
        }
        byte[] header = NpyHeader.encode(DType.FLOAT32, dims, 0);
        ByteBuffer content = ByteBuffer.allocate(Math.addExact(header.length, Math.multiplyExact(values.length, 4)))
                .order(ByteOrder.LITTLE_ENDIAN);
        content.put(header);
        content.asFloatBuffer().put(values);
        OutputFiles.write(file, partial -> Files.write(partial, content.array()));
    }
}
