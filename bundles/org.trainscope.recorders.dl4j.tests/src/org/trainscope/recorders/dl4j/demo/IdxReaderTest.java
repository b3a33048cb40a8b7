package org.trainscope.recorders.dl4j.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path tmp;

    private static final byte[] VALUES = {1, 2, 3, 4, 5, 6, (byte) 200, (byte) 255, 0, 9, 8, 7};

    @Test
    void readsPlainAndGzippedFiles() throws Exception {
        for (boolean gzip : new boolean[] {false, true}) {
            Path file = tmp.resolve("images" + gzip);
            IdxFiles.write(file, IdxFiles.idx(new int[] {3, 2, 2}, VALUES), gzip);
            IdxArray a = IdxReader.read(file);
            assertArrayEquals(new int[] {3, 2, 2}, a.dims());
            assertEquals(3, a.count());
            assertEquals(4, a.itemSize());
            assertEquals(200, a.value(1, 2), "unsigned");
            assertEquals(255, a.value(1, 3));
            assertArrayEquals(VALUES, a.data());
        }
    }

    @Test
    void badFilesGiveErrorsNamingTheFileAndTheProblem() throws Exception {
        byte[] good = IdxFiles.idx(new int[] {3, 2, 2}, VALUES);
        assertProblem(Arrays.copyOf(good, good.length - 2), "truncated: the header declares 12 values but only 10 follow");
        assertProblem(Arrays.copyOf(good, 6), "truncated: the file ends inside dimension 0");
        assertProblem(Arrays.copyOf(good, good.length + 1), "has data after the 12 values");
        byte[] text = "hello, world".getBytes();
        assertProblem(text, "not an IDX file");
        byte[] floats = good.clone();
        floats[2] = 0x0D;
        assertProblem(floats, "element type 0x0d is not supported");
        IdxFormatException missing = assertThrows(IdxFormatException.class, () -> IdxReader.read(tmp.resolve("nope")));
        assertTrue(missing.getMessage().endsWith("nope: does not exist"), missing.getMessage());
        Path brokenGzip = tmp.resolve("broken.gz");
        Files.write(brokenGzip, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        assertThrows(java.io.IOException.class, () -> IdxReader.read(brokenGzip));
    }

    @Test
    void fashionMnistChecksShapesAndLabels() throws Exception {
        Path dir = IdxFiles.fakeFashionMnist(tmp.resolve("fm"), 20, 10, 1);
        FashionMnist data = FashionMnist.load(dir);
        assertEquals(20, data.train().size());
        assertEquals(10, data.test().size());
        assertTrue(data.train().pixel(0, 0) >= 0 && data.train().pixel(0, 0) <= 1);

        Path bad = tmp.resolve("bad");
        IdxFiles.fakeFashionMnist(bad, 20, 10, 1);
        IdxFiles.write(bad.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.idx(new int[] {9}, new byte[9]), true);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(bad));
        assertTrue(e.getMessage().contains("9 labels for 10 images"), e.getMessage());
    }

    private void assertProblem(byte[] content, String expected) throws Exception {
        Path file = tmp.resolve("bad-" + expected.hashCode());
        IdxFiles.write(file, content, false);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
