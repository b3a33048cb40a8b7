package org.trainscope.recorders.dl4j.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fashion-MNIST from its four IDX files (Debian package {@code dataset-fashion-mnist}). The files
 * are read once per directory and kept, since every demo run uses them.
 */
public final class FashionMnist {
    /** Where Debian installs the files. */
    public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    /** The class names, by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final Map<Path, FashionMnist> CACHE = new ConcurrentHashMap<>();

    private final Split train;
    private final Split test;

    /** Images (N x 28 x 28 unsigned bytes) and their labels (N values 0..9). */
    public record Split(IdxArray images, IdxArray labels) {
        public int size() {
            return images.count();
        }

        public int label(int i) {
            return labels.value(i, 0);
        }

        /** Pixel {@code j} of image {@code i}, scaled to [0, 1]. */
        public float pixel(int i, int j) {
            return images.value(i, j) / 255f;
        }
    }

    private FashionMnist(Split train, Split test) {
        this.train = train;
        this.test = test;
    }

    public Split train() {
        return train;
    }

    public Split test() {
        return test;
    }

    /** Loads (or returns the loaded) data set in {@code directory}; file names as Debian installs them. */
    public static FashionMnist load(Path directory) throws IOException {
        Path key = directory.toAbsolutePath().normalize();
        FashionMnist cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        FashionMnist loaded = new FashionMnist(split(key, "train"), split(key, "t10k"));
        CACHE.put(key, loaded);
        return loaded;
    }

    private static Split split(Path directory, String prefix) throws IOException {
        Path imageFile = directory.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labelFile = directory.resolve(prefix + "-labels-idx1-ubyte.gz");
        IdxArray images = IdxReader.read(imageFile);
        IdxArray labels = IdxReader.read(labelFile);
        if (images.dims().length != 3 || images.dims()[1] != 28 || images.dims()[2] != 28) {
            throw new IdxFormatException(imageFile, "expected N x 28 x 28 images, found dimensions "
                    + java.util.Arrays.toString(images.dims()));
        }
        if (labels.dims().length != 1) {
            throw new IdxFormatException(labelFile, "expected one dimension of labels, found "
                    + java.util.Arrays.toString(labels.dims()));
        }
        if (labels.count() != images.count()) {
            throw new IdxFormatException(labelFile, labels.count() + " labels for " + images.count() + " images in " + imageFile.getFileName());
        }
        for (int i = 0; i < labels.count(); i++) {
            if (labels.value(i, 0) > 9) {
                throw new IdxFormatException(labelFile, "label " + labels.value(i, 0) + " at index " + i + " is not a class 0..9");
            }
        }
        return new Split(images, labels);
    }
}
