package org.trainscope.adapters.internal.numpy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

import org.trainscope.adapters.MalformedDataException;
import org.trainscope.adapters.internal.io.FileRegionTensorSeries;
import org.trainscope.adapters.internal.io.ReadOnlyFile;
import org.trainscope.adapters.internal.io.TensorKinds;
import org.trainscope.core.model.TensorSeries;

/** Opens one loose {@code .npy} file as a tensor series read from the file on demand. */
public final class NpyFiles {
    private NpyFiles() {
    }

    /** Reads and checks the header of {@code file}; the data stays on disk. The caller closes {@code file}. */
    public static TensorSeries open(ReadOnlyFile file, String tensorId) throws IOException {
        Path path = file.path();
        long size = file.size();
        NpyArrayHeader header = readHeader(file, size);
        long available = size - header.headerLength();
        // compare the claimed size with the real one before allocating anything for it
        if (header.dataBytes() > available) {
            throw new MalformedDataException(path, header.headerLength(), "truncated: the header declares shape "
                    + Arrays.toString(header.shape()) + " (" + header.dataBytes() + " bytes) but the file holds "
                    + available + " data bytes");
        }
        String[] why = new String[1];
        ArrayLayout layout = ArrayLayout.of(header.shape(), why);
        if (layout == null) {
            throw new MalformedDataException(path, why[0]);
        }
        return new FileRegionTensorSeries(tensorId, tensorId, TensorKinds.guess(tensorId), layout.recordShape(),
                layout.iterations(), file, header.headerLength(), header.type(), header.order());
    }

    static NpyArrayHeader readHeader(ReadOnlyFile file, long size) throws IOException {
        Path path = file.path();
        ByteBuffer prefix = ByteBuffer.allocate((int) Math.min(size, NpyArrayHeader.PREFIX_BYTES));
        file.readFully(prefix, 0);
        try {
            int length = NpyArrayHeader.headerLength(prefix.array(), prefix.capacity());
            if (length > size) {
                throw new MalformedDataException(path, 0, "truncated: the npy header claims " + length
                        + " bytes, the file has " + size);
            }
            ByteBuffer all = ByteBuffer.allocate(length);
            file.readFully(all, 0);
            return NpyArrayHeader.parse(all.array(), length);
        } catch (NpyArrayHeader.Problem p) {
            throw new MalformedDataException(path, p.offset(), p.getMessage());
        }
    }
}
