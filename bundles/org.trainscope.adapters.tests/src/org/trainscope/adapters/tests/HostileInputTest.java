package org.trainscope.adapters.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.internal.io.ReadOnlyFile;
import org.trainscope.adapters.internal.io.UniqueNames;
import org.trainscope.adapters.internal.numpy.NpyFiles;
import org.trainscope.adapters.internal.numpy.NpzArchives;
import org.trainscope.adapters.internal.tensorboard.Histogram;
import org.trainscope.adapters.internal.tensorboard.SummaryCollector;
import org.trainscope.adapters.numpy.NumpyRunAdapter;
import org.trainscope.adapters.onnx.OnnxRunAdapter;
import org.trainscope.core.model.InMemoryTensorSeries;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;

/**
 * The shapes of the inputs an independent fuzzing campaign found slow or fatal (issue 17), each
 * rebuilt here. No timings: each test asserts what bounds the cost (storage copies, distinct ids,
 * cancellation honoured, budgets charged per run), which the old code would have failed or taken
 * minutes over.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    /** A version 1.0 npy of {@code descr} and {@code shape} followed by {@code data}. */
    static byte[] npy(String descr, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = (10 + dict.length() + 1 + 63) / 64 * 64;
        String padded = dict + " ".repeat(total - 10 - dict.length() - 1) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (padded.length() & 0xff), (byte) (padded.length() >> 8)});
        out.writeBytes(padded.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    static Path npz(Path file, List<String> names, List<byte[]> arrays) throws IOException {
        try (OutputStream f = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(f)) {
            for (int i = 0; i < names.size(); i++) {
                zip.putNextEntry(new ZipEntry(names.get(i)));
                zip.write(arrays.get(i));
                zip.closeEntry();
            }
        }
        return file;
    }

    /** Fault 2: a valid npz of about 1 KB holding 300,000 one-value records along the first axis. */
    @Test
    void anNpzEntryOf300000RecordsIsReadWithLogarithmicallyManyCopies() throws IOException {
        int records = 300_000;
        byte[] data = new byte[records];
        for (int i = 0; i < records; i++) {
            data[i] = (byte) (i % 7);
        }
        Path file = npz(dir.resolve("long.npz"), List.of("loss.npy"), List.of(npy("|u1", "(" + records + ", 1)", data)));
        assertTrue(Files.size(file) < 2048, "the archive is " + Files.size(file) + " bytes");
        try (Run run = new NumpyRunAdapter().open(file, new NullProgressMonitor())) {
            TensorSeries t = run.tensor("loss").orElseThrow();
            assertEquals(records, t.iterations().length);
            float[] line = new float[records];
            t.readPolyline(0, 0, records, line);
            assertEquals(6f, line[299_998]);
            assertEquals(299_999 % 7, (int) line[299_999]);
            InMemoryTensorSeries stored = (InMemoryTensorSeries) t;
            // doubling: about log2(300,000) = 18 iteration-array growths plus a few per block
            assertTrue(stored.storageCopies() < 200, "storage was copied " + stored.storageCopies() + " times");
        }
    }

    /** Fault 2, cancel: the decoding loop looks at the monitor while it works through the records. */
    @Test
    void decodingANpzOfManyRecordsHonoursCancel() throws IOException {
        int records = 1 << 20;
        Path file = npz(dir.resolve("long.npz"), List.of("x.npy"), List.of(npy("|u1", "(" + records + ", 1)", new byte[records])));
        CancelAfter monitor = new CancelAfter(3);
        assertThrows(OperationCanceledException.class, () -> new NumpyRunAdapter().open(file, monitor).close());
        assertTrue(monitor.queries > 3, "the monitor was asked " + monitor.queries + " times");
    }

    /** Fault 5: 4,000 entries sharing one name get distinct ids. */
    @Test
    void fourThousandNpzEntriesWithTheSameNameGetDistinctIds() throws IOException {
        int n = 4000;
        List<String> names = new java.util.ArrayList<>();
        List<byte[]> arrays = new java.util.ArrayList<>();
        byte[] one = npy("|u1", "(1,)", new byte[] {1});
        for (int i = 0; i < n; i++) {
            names.add(String.format("w%04d.npy", i));
            arrays.add(one);
        }
        Path file = npz(dir.resolve("dups.npz"), names, arrays);
        // rename every entry to "wwwww.npy" in the local headers and the central directory alike
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        text = text.replaceAll("w\\d{4}\\.npy", "wwwww.npy");
        Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
        try (Run run = new NumpyRunAdapter().open(file, new NullProgressMonitor())) {
            Set<String> ids = new HashSet<>();
            run.tensors().forEach(t -> ids.add(t.id()));
            assertEquals(n, run.tensors().size());
            assertEquals(n, ids.size());
            assertTrue(ids.contains("wwwww") && ids.contains("dups/wwwww") && ids.contains("dups/wwwww#" + (n - 1)),
                    "ids lack wwwww, dups/wwwww or dups/wwwww#" + (n - 1));
        }
    }

    @Test
    void uniqueNamesSkipSuffixesAlreadyTakenAndNeverRepeat() {
        UniqueNames names = new UniqueNames();
        assertEquals("a", names.claim("a"));
        assertEquals("a#3", names.claim("a#3"));
        assertEquals("a#2", names.claim("a"));
        assertEquals("a#4", names.claim("a"));
        assertTrue(names.tryClaim("b"));
        assertTrue(!names.tryClaim("a#4"));
        assertEquals("b#2", names.claim("b"));
    }

    /** Fault 8: an entry named ".npy" costs only itself, with a warning. */
    @Test
    void anNpzEntryWithoutANameCostsOnlyThatEntry() throws IOException {
        byte[] one = npy("<f4", "(2,)", new byte[8]);
        Path file = npz(dir.resolve("blank.npz"), List.of(".npy", "ok.npy"), List.of(one, one));
        try (Run run = new NumpyRunAdapter().open(file, new NullProgressMonitor())) {
            assertEquals(List.of("ok"), run.tensors().stream().map(TensorSeries::id).toList());
            assertTrue(run.warnings().stream().anyMatch(w -> w.contains("entry .npy has no array name")), run.warnings().toString());
        }
    }

    /**
     * Fault 6: the value budget belongs to the run. Each archive holds 40 Mi one-byte values (under
     * the 64 Mi budget alone), so the second exceeds what is left and is skipped with a warning
     * naming it, before any of its values is allocated.
     */
    @Test
    void theValueBudgetIsSharedByTheArchivesOfAFolder() throws IOException {
        int values = 40 << 20;
        Path folder = Files.createDirectory(dir.resolve("run"));
        byte[] array = npy("|u1", "(" + values + ",)", new byte[values]);
        npz(folder.resolve("a.npz"), List.of("a.npy"), List.of(array));
        npz(folder.resolve("b.npz"), List.of("b.npy"), List.of(array));
        array = null;
        try (Run run = new NumpyRunAdapter().open(folder, new NullProgressMonitor())) {
            assertEquals(List.of("a"), run.tensors().stream().map(TensorSeries::id).toList());
            assertTrue(run.warnings().stream().anyMatch(w -> w.contains("b.npz") && w.contains("values exceed the "
                    + (NpzArchives.MAX_TOTAL_VALUES - values) + " left of the " + NpzArchives.MAX_TOTAL_VALUES)),
                    run.warnings().toString());
        }
    }

    /** Fault 3: one histogram tag of 120,000 steps becomes one series with few storage copies. */
    @Test
    void aHistogramTagOf120000StepsIsCollectedWithFewCopies() {
        SummaryCollector c = new SummaryCollector();
        int steps = 120_000;
        for (int s = 0; s < steps; s++) {
            c.histogram("w", s, new Histogram(0, 1, 1, 0.5, 0.25, new double[] {1}, new double[] {1}));
        }
        List<TensorSeries> tensors = c.tensors(new NullProgressMonitor());
        InMemoryTensorSeries t = (InMemoryTensorSeries) tensors.get(0);
        assertEquals(steps, t.iterations().length);
        assertTrue(t.storageCopies() < 1000, "storage was copied " + t.storageCopies() + " times");
        assertThrows(OperationCanceledException.class, () -> c.tensors(new CancelAfter(0)));
    }

    /** Fault 4: 10,000 ONNX nodes sharing a name get distinct ids, and the open honours cancel. */
    @Test
    void tenThousandOnnxNodesWithOneNameGetDistinctIdsAndCancelIsHonoured() throws IOException {
        int n = 10_000;
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            ByteArrayOutputStream node = new ByteArrayOutputStream();
            field(node, 2, "v" + i); // output
            field(node, 3, "dup"); // name
            field(node, 4, "Relu"); // op_type
            field(graph, 1, node.toByteArray());
        }
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        field(model, 7, graph.toByteArray());
        Path file = Files.write(dir.resolve("dups.onnx"), model.toByteArray());
        try (Run run = new OnnxRunAdapter().open(file, new NullProgressMonitor())) {
            Set<String> ids = new HashSet<>();
            for (Node node : run.graph().nodes()) {
                ids.add(node.id());
            }
            assertEquals(n, ids.size());
            assertTrue(ids.contains("dup") && ids.contains("dup#2") && ids.contains("dup#" + n));
        }
        CancelAfter monitor = new CancelAfter(4);
        assertThrows(OperationCanceledException.class, () -> new OnnxRunAdapter().open(file, monitor).close());
    }

    /** Fault 7: an npy of 2^23 one-byte records; a polyline over all of them is read in blocks of records. */
    @Test
    void aPolylineOverTwoToTheTwentyThreeRecordsIsReadInBlocks() throws IOException {
        int records = 1 << 23;
        byte[] data = new byte[records];
        for (int i = 0; i < records; i++) {
            data[i] = (byte) (i % 251);
        }
        Path file = Files.write(dir.resolve("long.npy"), npy("|u1", "(" + records + ", 1)", data));
        data = null;
        try (ReadOnlyFile f = ReadOnlyFile.open(file)) {
            TensorSeries t = NpyFiles.open(f, "long");
            long before = f.readCount();
            float[] line = new float[records];
            t.readPolyline(0, 0, records, line);
            long reads = f.readCount() - before;
            assertTrue(reads <= 64, reads + " reads for one polyline"); // 8 MiB in 256 KiB blocks: 32
            for (int i : new int[] {0, 1, 250, 251, 262_143, 262_144, records - 1}) {
                assertEquals(i % 251, (int) line[i], "record " + i);
            }
            float[] part = new float[3];
            t.readPolyline(0, 262_143, 262_146, part); // across a block boundary
            assertEquals(262_143 % 251, (int) part[0]);
            assertEquals(262_145 % 251, (int) part[2]);
        }
    }

    /** Wide records: a polyline fetches only its neuron of each record, not whole records. */
    @Test
    void aPolylineOfWideRecordsFetchesOnlyItsNeuron() throws IOException {
        int records = 16;
        int neurons = 100_000;
        byte[] data = new byte[records * neurons];
        for (int r = 0; r < records; r++) {
            data[r * neurons + 77_777] = (byte) r;
        }
        Path file = Files.write(dir.resolve("wide.npy"), npy("|u1", "(" + records + ", " + neurons + ")", data));
        try (ReadOnlyFile f = ReadOnlyFile.open(file)) {
            TensorSeries t = NpyFiles.open(f, "wide");
            float[] line = new float[records];
            t.readPolyline(77_777, 0, records, line);
            for (int r = 0; r < records; r++) {
                assertEquals(r, (int) line[r]);
            }
        }
    }

    private static void field(ByteArrayOutputStream out, int number, String text) {
        field(out, number, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
        varint(out, number << 3 | 2);
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Reports cancelled from its (after+1)-th query on, so cancel lands while the work is under way. */
    static final class CancelAfter extends NullProgressMonitor {
        private final int after;
        int queries;

        CancelAfter(int after) {
            this.after = after;
        }

        @Override
        public boolean isCanceled() {
            return queries++ >= after;
        }
    }
}
