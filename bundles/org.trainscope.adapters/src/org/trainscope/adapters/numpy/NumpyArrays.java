package org.trainscope.adapters.numpy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.trainscope.adapters.MalformedDataException;
import org.trainscope.adapters.internal.numpy.NpyArrayHeader;
import org.trainscope.adapters.internal.numpy.NpzArchives;
import org.trainscope.core.operators.FloatTensor;

/**
 * Whole numpy arrays read into memory as float tensors: one {@code .npy} file, or every array of an
 * {@code .npz} archive (a zip of {@code .npy} entries, as {@code numpy.savez} writes it). Headers
 * are parsed by the adapters' one npy parser (any numeric or bool dtype, either byte order, npy
 * 1.0 to 3.0); NaN and Inf are kept as they are. Every problem is a
 * {@link MalformedDataException} naming the file (and the entry) and what is wrong.
 */
public final class NumpyArrays {
    /** Most values read at once (4 bytes each in the heap: 256 MiB), the limit of an npz run too. */
    public static final long MAX_VALUES = NpzArchives.MAX_TOTAL_VALUES;

    private NumpyArrays() {
    }

    /** The array of an {@code .npy} file; a scalar reads as shape [1]. */
    public static FloatTensor readNpy(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file, "", Files.size(file));
        }
    }

    /** Every array of an {@code .npz} archive by name ("x" for the entry "x.npy"), in archive order. */
    public static Map<String, FloatTensor> readNpz(Path file) throws IOException {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        long left = MAX_VALUES;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || !e.getName().endsWith(".npy")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(e)) {
                    FloatTensor t = read(in, file, "entry " + e.getName() + ": ", left);
                    left -= t.size();
                    out.put(e.getName().substring(0, e.getName().length() - ".npy".length()), t);
                } catch (ZipException z) {
                    throw new MalformedDataException(file, -1, "entry " + e.getName() + " is damaged: " + z.getMessage(), z);
                }
            }
        } catch (ZipException e) {
            throw new MalformedDataException(file, -1, "not a readable npz (zip) archive: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new MalformedDataException(file, "the archive holds no .npy arrays");
        }
        return out;
    }

    /**
     * Reads one npy stream: its header, then exactly the data bytes it declares (never more, so a
     * lying zip entry cannot inflate past them).
     */
    private static FloatTensor read(InputStream in, Path file, String where, long valueBudget) throws IOException {
        byte[] prefix = in.readNBytes(10);
        if (prefix.length == 10 && (prefix[6] == 2 || prefix[6] == 3)) {
            prefix = Arrays.copyOf(prefix, NpyArrayHeader.PREFIX_BYTES);
            int more = in.readNBytes(prefix, 10, 2);
            prefix = Arrays.copyOf(prefix, 10 + more);
        }
        NpyArrayHeader h;
        try {
            int length = NpyArrayHeader.headerLength(prefix, prefix.length);
            byte[] bytes = Arrays.copyOf(prefix, Math.max(length, prefix.length));
            int rest = length - prefix.length;
            if (rest > 0 && in.readNBytes(bytes, prefix.length, rest) < rest) {
                throw new MalformedDataException(file, where + "truncated: the npy header ends early");
            }
            h = NpyArrayHeader.parse(bytes, length);
        } catch (NpyArrayHeader.Problem p) {
            throw new MalformedDataException(file, p.offset(), where + p.getMessage());
        }
        long count = h.elementCount();
        if (count > Math.min(valueBudget, MAX_VALUES)) {
            throw new MalformedDataException(file, where + "shape " + Arrays.toString(h.shape()) + " has " + count
                    + " values, more than the " + Math.min(valueBudget, MAX_VALUES) + " that may be read");
        }
        int size = h.type().size();
        byte[] data = in.readNBytes((int) (count * size));
        if (data.length < count * size) {
            throw new MalformedDataException(file, where + "truncated: the header declares shape "
                    + Arrays.toString(h.shape()) + " (" + count * size + " bytes of " + h.type() + ") but only "
                    + data.length + " data bytes follow");
        }
        ByteBuffer buffer = ByteBuffer.wrap(data).order(h.order());
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = h.type().decode(buffer, i * size);
        }
        int[] shape = h.shape().length == 0 ? new int[] { 1 } : Arrays.stream(h.shape()).mapToInt(d -> (int) d).toArray();
        return new FloatTensor(shape, values);
    }
}
