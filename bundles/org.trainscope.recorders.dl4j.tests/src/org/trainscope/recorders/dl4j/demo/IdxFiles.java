package org.trainscope.recorders.dl4j.demo;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files and a fake Fashion-MNIST directory for tests. */
final class IdxFiles {
    private IdxFiles() {
    }

    static byte[] idx(int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {0, 0, 0x08, (byte) dims.length});
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    static void write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
    }

    /**
     * A Fashion-MNIST-shaped directory with {@code train} and {@code test} images: each class is a
     * bright horizontal band at its own height plus noise, so a network learns it in a few steps.
     */
    static Path fakeFashionMnist(Path dir, int train, int test, long seed) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        split(dir, "train", train, random);
        split(dir, "t10k", test, random);
        return dir;
    }

    private static void split(Path dir, String prefix, int n, Random random) throws IOException {
        byte[] images = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(10);
            labels[i] = (byte) label;
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                int value = random.nextInt(60) + (row / 3 == label ? 180 : 0);
                images[i * 784 + p] = (byte) Math.min(255, value);
            }
        }
        write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), idx(new int[] {n, 28, 28}, images), true);
        write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), idx(new int[] {n}, labels), true);
    }
}
