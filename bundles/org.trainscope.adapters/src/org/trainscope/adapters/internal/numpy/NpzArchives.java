package org.trainscope.adapters.internal.numpy;

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

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.trainscope.adapters.MalformedDataException;
import org.trainscope.adapters.internal.io.TensorKinds;
import org.trainscope.core.model.InMemoryTensorSeries;
import org.trainscope.core.model.TensorSeries;

/**
 * Reads the {@code .npy} entries of {@code .npz} archives into memory. An npz is a zip, and a zip
 * can lie: declared sizes are only hints, so every entry is inflated through a counter that stops
 * at the remaining budget, however small the archive looks (zip bombs). The budget belongs to the
 * run, not to one archive: a folder of many small archives shares it.
 *
 * <p>Entries are decoded while they inflate, a block of bytes at a time, straight into the series'
 * float storage: the inflated bytes are never held whole, so an archive of 64 Mi one-byte values
 * costs its 256 MiB of floats and little more.
 */
public final class NpzArchives {
    /** Most entries an archive may have; numpy archives of real runs hold a handful. */
    public static final int MAX_ENTRIES = 4096;
    /** Most bytes inflated for one run, all archives and entries together (bounds the time an open takes). */
    public static final long MAX_TOTAL_BYTES = 256L << 20;
    /** Most float values held for one run, all archives together (4 bytes each in the heap: 256 MiB). */
    public static final long MAX_TOTAL_VALUES = 64L << 20;
    /** Bytes decoded per block; a multiple of every element size. */
    private static final int BLOCK_BYTES = 64 * 1024;
    /** Records decoded between two looks at the progress monitor. */
    private static final int CANCEL_CHECK_RECORDS = 4096;

    /** What is left of a run's budgets; one instance per opened run. */
    public static final class Budget {
        private long bytes = MAX_TOTAL_BYTES;
        private long values = MAX_TOTAL_VALUES;

        public long bytesLeft() {
            return bytes;
        }

        public long valuesLeft() {
            return values;
        }
    }

    private NpzArchives() {
    }

    /** The arrays of {@code path} alone, with a budget of their own. */
    public static List<TensorSeries> read(Path path, List<String> warnings) throws IOException {
        return read(path, warnings, new Budget(), new NullProgressMonitor());
    }

    /**
     * The arrays of {@code path}, charged to the run's {@code budget}; entries that are not
     * {@code .npy} arrays, or have no name, are listed in {@code warnings} and cost only themselves.
     */
    public static List<TensorSeries> read(Path path, List<String> warnings, Budget budget, IProgressMonitor monitor)
            throws IOException {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            if (zip.size() > MAX_ENTRIES) {
                throw new MalformedDataException(path, "the archive has " + zip.size() + " entries, more than "
                        + MAX_ENTRIES + " allowed");
            }
            List<TensorSeries> out = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                checkCanceled(monitor);
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                if (!e.getName().endsWith(".npy")) {
                    warnings.add(path + ": entry " + e.getName() + " is not an .npy array; ignored");
                    continue;
                }
                String id = e.getName().substring(0, e.getName().length() - ".npy".length());
                if (id.isBlank()) {
                    warnings.add(path + ": entry " + e.getName() + " has no array name before .npy; ignored");
                    continue;
                }
                out.add(readEntry(zip, e, id, path, budget, monitor));
            }
            if (out.isEmpty()) {
                throw new MalformedDataException(path, "the archive holds no .npy arrays");
            }
            return out;
        } catch (ZipException e) {
            throw new MalformedDataException(path, -1, "not a readable npz (zip) archive: " + e.getMessage(), e);
        }
    }

    private static void checkCanceled(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }

    private static TensorSeries readEntry(ZipFile zip, ZipEntry e, String id, Path path, Budget budget,
            IProgressMonitor monitor) throws IOException {
        String where = "entry " + e.getName();
        if (e.getSize() > budget.bytes) {
            throw new MalformedDataException(path, where + " declares " + e.getSize() + " bytes, more than the "
                    + budget.bytes + " left of the " + MAX_TOTAL_BYTES + " bytes a run may inflate");
        }
        try (InputStream in = new Inflated(zip.getInputStream(e), budget, path, where)) {
            return decode(in, id, path, where, budget, monitor);
        } catch (ZipException z) {
            throw new MalformedDataException(path, -1, where + " is damaged: " + z.getMessage(), z);
        }
    }

    /** Counts what the inflater really produces against the run's byte budget. */
    private static final class Inflated extends InputStream {
        private final InputStream in;
        private final Budget budget;
        private final Path path;
        private final String where;

        Inflated(InputStream in, Budget budget, Path path, String where) {
            this.in = in;
            this.budget = budget;
            this.path = path;
            this.where = where;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                budget.bytes -= n;
                if (budget.bytes < 0) {
                    throw new MalformedDataException(path, where + " inflates past the run's budget of "
                            + MAX_TOTAL_BYTES + " bytes (zip bomb?)");
                }
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static TensorSeries decode(InputStream in, String id, Path path, String where, Budget budget,
            IProgressMonitor monitor) throws IOException {
        NpyArrayHeader h = header(in, path, where);
        String[] why = new String[1];
        ArrayLayout layout = ArrayLayout.of(h.shape(), why);
        if (layout == null) {
            throw new MalformedDataException(path, where + ": " + why[0]);
        }
        long values = (long) layout.records() * layout.neuronsPerRecord();
        if (values > budget.values) {
            throw new MalformedDataException(path, where + ": " + values + " values exceed the " + budget.values
                    + " left of the " + MAX_TOTAL_VALUES + " values a run may hold in memory");
        }
        budget.values -= values;
        InMemoryTensorSeries series = new InMemoryTensorSeries(id, id, TensorKinds.guess(id), layout.recordShape());
        int size = h.type().size();
        long dataBytes = values * size;
        long left = dataBytes;
        ByteBuffer block = ByteBuffer.allocate((int) Math.min(BLOCK_BYTES, Math.max(size, dataBytes))).order(h.order());
        block.limit(0);
        float[] row = new float[layout.neuronsPerRecord()];
        for (int r = 0; r < layout.records(); r++) {
            if (r % CANCEL_CHECK_RECORDS == 0) {
                checkCanceled(monitor);
            }
            for (int j = 0; j < row.length; j++) {
                if (!block.hasRemaining()) {
                    int want = (int) Math.min(block.capacity(), left);
                    int got = in.readNBytes(block.array(), 0, want);
                    if (got < want) {
                        throw new MalformedDataException(path, where + ": truncated: the header declares shape "
                                + Arrays.toString(h.shape()) + " (" + dataBytes + " bytes) but the entry holds "
                                + (dataBytes - left + got));
                    }
                    left -= got;
                    block.position(0).limit(got);
                }
                row[j] = h.type().decode(block, block.position());
                block.position(block.position() + size);
            }
            if (series.appendAdopting(r, row) && r + 1 < layout.records()) {
                row = new float[row.length]; // a large record became storage as it is (no second copy)
            }
        }
        return series;
    }

    private static NpyArrayHeader header(InputStream in, Path path, String where) throws IOException {
        // Version 1.0 prefixes are 10 bytes and 2.0/3.0 ones 12: read no further than the prefix, or
        // the first data bytes of a short 1.0 header would be lost to the header.
        byte[] prefix = in.readNBytes(10);
        if (prefix.length == 10 && (prefix[6] == 2 || prefix[6] == 3)) {
            prefix = Arrays.copyOf(prefix, NpyArrayHeader.PREFIX_BYTES);
            int more = in.readNBytes(prefix, 10, 2);
            prefix = Arrays.copyOf(prefix, 10 + more);
        }
        try {
            int length = NpyArrayHeader.headerLength(prefix, prefix.length);
            byte[] bytes = Arrays.copyOf(prefix, Math.max(length, prefix.length));
            int rest = length - prefix.length;
            if (rest > 0 && in.readNBytes(bytes, prefix.length, rest) < rest) {
                throw new MalformedDataException(path, where + ": truncated npy header");
            }
            return NpyArrayHeader.parse(bytes, length);
        } catch (NpyArrayHeader.Problem p) {
            throw new MalformedDataException(path, where + " at byte " + p.offset() + ": " + p.getMessage());
        }
    }
}
