package org.trainscope.adapters.internal.numpy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.trainscope.adapters.MalformedDataException;
import org.trainscope.adapters.internal.io.TensorKinds;
import org.trainscope.core.model.InMemoryTensorSeries;
import org.trainscope.core.model.TensorSeries;

/**
 * Reads the {@code .npy} entries of an {@code .npz} archive into memory. An npz is a zip, and a zip
 * can lie: declared sizes are only hints, so every entry is inflated through a counter that stops
 * at the remaining budget, however small the archive looks (zip bombs).
 */
public final class NpzArchives {
    /** Most entries an archive may have; numpy archives of real runs hold a handful. */
    public static final int MAX_ENTRIES = 4096;
    /** Most bytes inflated from one archive, all entries together. */
    public static final long MAX_TOTAL_BYTES = 256L << 20;
    /** Most float values held for one archive (4 bytes each in the heap). */
    public static final long MAX_TOTAL_VALUES = 64L << 20;

    private NpzArchives() {
    }

    /** The arrays of {@code path}; entries that are not {@code .npy} files are listed in {@code warnings}. */
    public static List<TensorSeries> read(Path path, List<String> warnings) throws IOException {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            if (zip.size() > MAX_ENTRIES) {
                throw new MalformedDataException(path, "the archive has " + zip.size() + " entries, more than "
                        + MAX_ENTRIES + " allowed");
            }
            List<TensorSeries> out = new ArrayList<>();
            long[] budget = {MAX_TOTAL_BYTES, MAX_TOTAL_VALUES};
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                if (!e.getName().endsWith(".npy")) {
                    warnings.add(path + ": entry " + e.getName() + " is not an .npy array; ignored");
                    continue;
                }
                out.add(readEntry(zip, e, path, budget));
            }
            if (out.isEmpty()) {
                throw new MalformedDataException(path, "the archive holds no .npy arrays");
            }
            return out;
        } catch (ZipException e) {
            throw new MalformedDataException(path, -1, "not a readable npz (zip) archive: " + e.getMessage(), e);
        }
    }

    private static TensorSeries readEntry(ZipFile zip, ZipEntry e, Path path, long[] budget) throws IOException {
        String where = "entry " + e.getName();
        if (e.getSize() > budget[0]) {
            throw new MalformedDataException(path, where + " declares " + e.getSize()
                    + " bytes, more than the " + MAX_TOTAL_BYTES + " bytes an archive may inflate to");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
            bytes = inflateBounded(in, budget[0], path, where);
        } catch (ZipException z) {
            throw new MalformedDataException(path, -1, where + " is damaged: " + z.getMessage(), z);
        }
        budget[0] -= bytes.length;
        String id = e.getName().substring(0, e.getName().length() - ".npy".length());
        return decode(bytes, id, path, where, budget);
    }

    /** Copies at most {@code limit} bytes, counting what the inflater really produces. */
    private static byte[] inflateBounded(InputStream in, long limit, Path path, String where) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > limit) {
                throw new MalformedDataException(path, where + " inflates to more than " + limit
                        + " bytes, past the archive's budget of " + MAX_TOTAL_BYTES + " bytes (zip bomb?)");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static TensorSeries decode(byte[] bytes, String id, Path path, String where, long[] budget)
            throws IOException {
        NpyArrayHeader h;
        try {
            int length = NpyArrayHeader.headerLength(bytes, bytes.length);
            if (length > bytes.length) {
                throw new MalformedDataException(path, where + ": truncated npy header");
            }
            h = NpyArrayHeader.parse(bytes, length);
        } catch (NpyArrayHeader.Problem p) {
            throw new MalformedDataException(path, where + " at byte " + p.offset() + ": " + p.getMessage());
        }
        long available = bytes.length - (long) h.headerLength();
        if (h.dataBytes() > available) {
            throw new MalformedDataException(path, where + ": truncated: the header declares shape "
                    + Arrays.toString(h.shape()) + " (" + h.dataBytes() + " bytes) but the entry holds " + available);
        }
        String[] why = new String[1];
        ArrayLayout layout = ArrayLayout.of(h.shape(), why);
        if (layout == null) {
            throw new MalformedDataException(path, where + ": " + why[0]);
        }
        if (h.elementCount() > budget[1]) {
            throw new MalformedDataException(path, where + ": " + h.elementCount() + " values exceed the "
                    + MAX_TOTAL_VALUES + " an archive may hold in memory");
        }
        budget[1] -= h.elementCount();
        InMemoryTensorSeries series = new InMemoryTensorSeries(id, id, TensorKinds.guess(id), layout.recordShape());
        ByteBuffer data = ByteBuffer.wrap(bytes).order(h.order());
        int size = h.type().size();
        long at = h.headerLength();
        for (int r = 0; r < layout.records(); r++) {
            float[] row = new float[layout.neuronsPerRecord()];
            for (int j = 0; j < row.length; j++, at += size) {
                row[j] = h.type().decode(data, (int) at);
            }
            series.append(r, row);
        }
        return series;
    }
}
