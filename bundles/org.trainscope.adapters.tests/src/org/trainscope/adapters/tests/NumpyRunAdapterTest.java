package org.trainscope.adapters.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trainscope.adapters.numpy.NumpyRunAdapter;
import org.trainscope.core.adapters.IRunAdapter;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;

/** Fixtures come from {@code scripts/make_numpy_fixtures.py}. */
class NumpyRunAdapterTest {
    private final NumpyRunAdapter adapter = new NumpyRunAdapter();

    private Run open(String name) throws IOException {
        return adapter.open(Fixtures.data("numpy/" + name), new NullProgressMonitor());
    }

    @Test
    void aStackedArrayIsASeriesAlongItsFirstAxisWithNonFiniteValuesExact() throws IOException {
        assertEquals(IRunAdapter.CERTAIN, adapter.validate(Fixtures.data("numpy/activations.npy")));
        try (Run run = open("activations.npy")) {
            TensorSeries t = run.tensor("activations").orElseThrow();
            assertArrayEquals(new int[] {2, 3}, t.shape());
            assertArrayEquals(new long[] {0, 1, 2, 3}, t.iterations());
            float[] snap = new float[6];
            t.readSnapshot(0, snap);
            assertArrayEquals(new float[] {-3, -2.5f, -2, -1.5f, -1, -0.5f}, snap);
            t.readSnapshot(1, snap);
            assertTrue(Float.isNaN(snap[0]));
            assertEquals(Float.POSITIVE_INFINITY, snap[1]);
            assertEquals(Float.NEGATIVE_INFINITY, snap[2]);
            t.readSnapshot(2, snap);
            assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(snap[5]));
            t.readSnapshot(3, snap);
            assertEquals(0x7FC00123, Float.floatToRawIntBits(snap[4]), "NaN payload kept");
            float[] poly = new float[4];
            t.readPolyline(3, 0, 4, poly);
            assertEquals(-1.5f, poly[0]);
            assertEquals(1.5f, poly[1]);
        }
    }

    @ParameterizedTest
    @CsvSource({"vector_f64.npy, vector_f64, 3, 1.5", "bigendian_i4.npy, bigendian_i4, 2, 1",
            "half.npy, half, 3, 0.5", "scalar_u1.npy, scalar_u1, 1, 200"})
    void otherDtypesAndByteOrdersAreConvertedToFloat(String file, String id, int neurons, float first) throws IOException {
        try (Run run = open(file)) {
            TensorSeries t = run.tensor(id).orElseThrow();
            assertEquals(neurons, t.neuronCount());
            float[] snap = new float[neurons];
            t.readSnapshot(0, snap);
            assertEquals(first, snap[0]);
        }
    }

    @Test
    void bigEndianValuesAreDecoded() throws IOException {
        try (Run run = open("bigendian_i4.npy")) {
            float[] poly = new float[2];
            run.tensors().get(0).readPolyline(1, 0, 2, poly);
            assertArrayEquals(new float[] {-2, 40000}, poly);
        }
    }

    @Test
    void npzArchivesStoredAndCompressed() throws IOException {
        assertEquals(90, adapter.validate(Fixtures.data("numpy/arrays.npz")));
        try (Run run = open("arrays.npz")) {
            TensorSeries w = run.tensor("weights").orElseThrow();
            assertEquals(TensorKind.WEIGHT, w.kind());
            assertEquals(3, w.iterationCount());
            TensorSeries b = run.tensor("bias").orElseThrow();
            assertEquals(TensorKind.BIAS, b.kind());
            float[] v = new float[3];
            b.readSnapshot(0, v);
            assertArrayEquals(new float[] {1, 2, 3}, v);
        }
        try (Run run = open("compressed.npz")) {
            TensorSeries g = run.tensor("grads").orElseThrow();
            assertEquals(TensorKind.GRADIENT, g.kind());
            float[] v = new float[4];
            g.readSnapshot(2, v);
            assertEquals(1f, v[3]);
        }
    }

    @Test
    void aFolderOfArraysIsOneRun(@TempDir Path dir) throws IOException {
        Fixtures.copy(Fixtures.data("numpy/activations.npy"), dir);
        Fixtures.copy(Fixtures.data("numpy/arrays.npz"), dir);
        Fixtures.copy(Fixtures.data("numpy/truncated.npy"), dir);
        assertEquals(60, adapter.validate(dir));
        try (Run run = adapter.open(dir, new NullProgressMonitor())) {
            assertEquals(3, run.tensors().size());
            assertEquals(3, run.graph().size());
            assertTrue(run.warnings().stream().anyMatch(w -> w.contains("truncated.npy")), run.warnings()::toString);
        }
    }

    @Test
    void badFilesAreClearErrors() {
        Fixtures.assertOpenFails(adapter, Fixtures.data("numpy/truncated.npy"), "truncated");
        Fixtures.assertOpenFails(adapter, Fixtures.data("numpy/wrong_magic.npy"), "magic");
        Fixtures.assertOpenFails(adapter, Fixtures.data("numpy/huge_claim.npy"), "truncated", "1048576");
        Fixtures.assertOpenFails(adapter, Fixtures.data("numpy/fortran.npy"), "Fortran");
        Fixtures.assertOpenFails(adapter, Fixtures.data("numpy/bad_header_type.npy"), "fortran_order");
        Fixtures.assertOpenFails(adapter, Fixtures.data("numpy/bomb.npz"), "bomb.npy");
        // refused from its npy header's shape, whatever the zip headers claim, before a byte is inflated
        Fixtures.assertOpenFails(adapter, Fixtures.data("numpy/bomb_lying.npz"), "bomb.npy", "78643200 values exceed");
    }

    @Test
    void foreignFilesAreNotMine(@TempDir Path dir) throws IOException {
        assertEquals(0, adapter.validate(dir));
        Path fake = Files.write(dir.resolve("x.npy"), new byte[] {1, 2, 3});
        assertEquals(0, adapter.validate(fake));
        assertEquals(0, adapter.validate(dir.resolve("nothing.npy")));
    }
}
