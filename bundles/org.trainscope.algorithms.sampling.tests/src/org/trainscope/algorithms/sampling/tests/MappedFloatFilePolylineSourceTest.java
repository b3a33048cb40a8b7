package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.algorithms.sampling.MappedFloatFilePolylineSource;

class MappedFloatFilePolylineSourceTest {

    @Test
    void readsRowMajorLittleEndianBlocks(@TempDir Path directory) throws Exception {
        int count = 50;
        int length = 7;
        ByteBuffer bytes = ByteBuffer.allocate(count * length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count * length; i++) {
            bytes.putFloat(i * 0.5f);
        }
        Path file = directory.resolve("p.f32");
        Files.write(file, bytes.array());
        MappedFloatFilePolylineSource source = new MappedFloatFilePolylineSource(file, count, length);
        float[] out = new float[3 * length];
        source.read(20, 3, out);
        float[] expected = new float[3 * length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (20 * length + i) * 0.5f;
        }
        assertArrayEquals(expected, out);
    }
}
