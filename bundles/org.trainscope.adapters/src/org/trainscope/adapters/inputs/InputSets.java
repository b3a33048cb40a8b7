package org.trainscope.adapters.inputs;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.trainscope.adapters.MalformedDataException;
import org.trainscope.adapters.numpy.NumpyArrays;
import org.trainscope.core.model.ProbeImageLayout;
import org.trainscope.core.operators.FloatTensor;

/**
 * Loads the inputs a user brings ({@link InputSet}) from
 * <ul>
 * <li>an {@code .npy} array: a batch {@code [N, ...]} or one input without the batch axis;</li>
 * <li>an {@code .npz} archive: its only array, or the one named {@code inputs} or {@code x};</li>
 * <li>a PNG or JPEG image, or a folder of them (in name order): each resized to the network's
 * input height and width and normalised as {@link ImageOptions} says, channels first (NCHW), or
 * flat rows when the network takes flat rows;</li>
 * <li>a folder of {@code .npy} files (in name order), each a batch or one input, concatenated.</li>
 * </ul>
 * The batch is given the network's input shape when it holds as many values per input (flat rows
 * for an image network are read C-order). NaN and Inf in arrays are kept: they are data. Every
 * problem is a {@link MalformedDataException} naming the file and what is wrong.
 */
public final class InputSets {
    private InputSets() {
    }

    /**
     * @param path the file or folder
     * @param images how images are resized and normalised (ignored for arrays)
     * @param sampleShape the shape of one input the network takes (without the batch axis), or null
     *        when the run does not say (arrays are then taken as they are; images cannot be read)
     */
    public static InputSet load(Path path, ImageOptions images, int[] sampleShape) throws IOException {
        if (Files.isDirectory(path)) {
            return folder(path, images, sampleShape);
        }
        if (!Files.isRegularFile(path)) {
            throw new MalformedDataException(path, "no such file or folder");
        }
        String name = lower(path);
        if (name.endsWith(".npy")) {
            return new InputSet(batch(NumpyArrays.readNpy(path), path, sampleShape), path.getFileName().toString());
        }
        if (name.endsWith(".npz")) {
            Map<String, FloatTensor> arrays = NumpyArrays.readNpz(path);
            String key = arrays.size() == 1 ? arrays.keySet().iterator().next()
                    : arrays.containsKey("inputs") ? "inputs" : arrays.containsKey("x") ? "x" : null;
            if (key == null) {
                throw new MalformedDataException(path, "the archive holds the arrays " + arrays.keySet()
                        + ": name the inputs 'inputs' or 'x', or save them alone");
            }
            return new InputSet(batch(arrays.get(key), path, sampleShape), path.getFileName() + ": " + key);
        }
        if (isImage(path)) {
            return new InputSet(images(List.of(path), images, sampleShape), path.getFileName().toString());
        }
        throw new MalformedDataException(path, "not an input file: give an .npy or .npz array, a PNG or JPEG image, "
                + "or a folder of them");
    }

    private static InputSet folder(Path dir, ImageOptions options, int[] sampleShape) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<Path> pictures = files.stream().filter(InputSets::isImage).toList();
        List<Path> arrays = files.stream().filter(f -> lower(f).endsWith(".npy")).toList();
        if (!pictures.isEmpty() && !arrays.isEmpty()) {
            throw new MalformedDataException(dir, "the folder mixes images and .npy arrays: keep one kind");
        }
        if (!pictures.isEmpty()) {
            return new InputSet(images(pictures, options, sampleShape), dir.getFileName() + " (" + pictures.size()
                    + " images)");
        }
        if (arrays.isEmpty()) {
            throw new MalformedDataException(dir, "the folder holds no PNG or JPEG images and no .npy arrays");
        }
        List<FloatTensor> parts = new ArrayList<>();
        for (Path f : arrays) {
            parts.add(batch(NumpyArrays.readNpy(f), f, sampleShape));
        }
        int[] per = Arrays.copyOfRange(parts.get(0).shape(), 1, parts.get(0).rank());
        int n = 0;
        for (int i = 0; i < parts.size(); i++) {
            int[] s = Arrays.copyOfRange(parts.get(i).shape(), 1, parts.get(i).rank());
            if (!Arrays.equals(s, per)) {
                throw new MalformedDataException(arrays.get(i), "inputs of shape " + Arrays.toString(s) + ", but "
                        + arrays.get(0).getFileName() + " holds inputs of shape " + Arrays.toString(per));
            }
            n += parts.get(i).dim(0);
        }
        float[] all = new float[n * (parts.get(0).size() / parts.get(0).dim(0))];
        int at = 0;
        for (FloatTensor t : parts) {
            System.arraycopy(t.data(), 0, all, at, t.size());
            at += t.size();
        }
        int[] shape = new int[per.length + 1];
        shape[0] = n;
        System.arraycopy(per, 0, shape, 1, per.length);
        return new InputSet(new FloatTensor(shape, all), dir.getFileName() + " (" + arrays.size() + " arrays)");
    }

    /** {@code a} as a batch [N] + sampleShape: a batch, or one input without its batch axis. */
    static FloatTensor batch(FloatTensor a, Path file, int[] sampleShape) throws MalformedDataException {
        if (sampleShape == null) {
            return a.rank() >= 2 ? a : a.reshape(1, a.size());
        }
        int per = Arrays.stream(sampleShape).reduce(1, (x, y) -> x * y);
        int[] shape = new int[sampleShape.length + 1];
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        if (a.size() == per) {
            shape[0] = 1; // one input without the batch axis
            return a.reshape(shape);
        }
        if (a.rank() >= 2 && a.dim(0) > 0 && a.size() == a.dim(0) * per) {
            shape[0] = a.dim(0);
            return a.reshape(shape);
        }
        throw new MalformedDataException(file, "wrong shape " + Arrays.toString(a.shape()) + ": the network's input "
                + "takes " + Arrays.toString(sampleShape) + " per input (" + per + " values), so give [N, "
                + Arrays.toString(sampleShape).substring(1) + " or rows of " + per + " values");
    }

    private static FloatTensor images(List<Path> files, ImageOptions options, int[] sampleShape) throws IOException {
        Path first = files.get(0);
        if (sampleShape == null) {
            throw new MalformedDataException(first, "the run does not say what shape its input takes, so images "
                    + "cannot be resized to it: give an .npy array of the right shape instead");
        }
        int[] batchShape = new int[sampleShape.length + 1];
        batchShape[0] = files.size();
        System.arraycopy(sampleShape, 0, batchShape, 1, sampleShape.length);
        ProbeImageLayout layout = ProbeImageLayout.of(batchShape).filter(l -> l.channels() == 1 || l.channels() == 3)
                .orElseThrow(() -> new MalformedDataException(first, "the network's input "
                        + Arrays.toString(sampleShape) + " is not a grey or RGB image, so images cannot be fed to it"));
        int channels = layout.channels();
        if (options.colour() == ImageOptions.Colour.GREY && channels != 1
                || options.colour() == ImageOptions.Colour.RGB && channels != 3) {
            throw new MalformedDataException(first, "you chose " + options.colour() + " images, but the network's "
                    + "input " + Arrays.toString(sampleShape) + " takes " + channels + " channel" + (channels == 1 ? "" : "s"));
        }
        if (options.mean().length != 1 && options.mean().length != channels
                || options.std().length != 1 && options.std().length != channels) {
            throw new MalformedDataException(first, "give 1 or " + channels + " values for mean and std (" + options + ")");
        }
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        float[] values = new float[files.size() * layout.valuesPerSample()];
        for (int p = 0; p < files.size(); p++) {
            float[][] rgb = resize(pixels(files.get(p)), layout.height(), layout.width());
            int hw = layout.height() * layout.width();
            for (int i = 0; i < hw; i++) {
                int y = i / layout.width();
                int x = i % layout.width();
                if (channels == 1) {
                    float grey = rgb.length == 1 ? rgb[0][i] : 0.299f * rgb[0][i] + 0.587f * rgb[1][i] + 0.114f * rgb[2][i];
                    values[layout.index(p, 0, y, x)] = (grey - options.mean(0)) / options.std(0);
                } else {
                    for (int k = 0; k < 3; k++) {
                        float v = rgb.length == 1 ? rgb[0][i] : rgb[k][i];
                        values[layout.index(p, k, y, x)] = (v - options.mean(k)) / options.std(k);
                    }
                }
            }
        }
        return new FloatTensor(batchShape, values);
    }

    /** An image's pixels. */
    private record Pixels(int height, int width, float[][] bands) {
    }

    /**
     * The stored samples of an image scaled to [0, 1], one plane per colour band (grey: 1, colour:
     * 3; alpha dropped). Read from the raster, not through AWT's colour conversion, which would
     * change a grey PNG's levels; palette images are looked up in their palette.
     */
    private static Pixels pixels(Path file) throws IOException {
        BufferedImage image = read(file);
        int w = image.getWidth();
        int h = image.getHeight();
        java.awt.image.Raster raster = image.getRaster();
        boolean palette = image.getColorModel() instanceof java.awt.image.IndexColorModel;
        int bands = palette ? 3 : raster.getNumBands() >= 3 ? 3 : 1;
        float[][] out = new float[bands][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (palette) {
                    int rgb = image.getRGB(x, y);
                    out[0][y * w + x] = (rgb >> 16 & 0xFF) / 255f;
                    out[1][y * w + x] = (rgb >> 8 & 0xFF) / 255f;
                    out[2][y * w + x] = (rgb & 0xFF) / 255f;
                } else {
                    for (int b = 0; b < bands; b++) {
                        int bits = raster.getSampleModel().getSampleSize(b);
                        out[b][y * w + x] = raster.getSample(x, y, b) / (float) ((1L << bits) - 1);
                    }
                }
            }
        }
        return new Pixels(h, w, out);
    }

    /**
     * Bilinear resize of every band to h x w, sampling at pixel centres (as PyTorch's
     * {@code interpolate(mode="bilinear", align_corners=False)} does, without antialiasing); an
     * image of the right size is taken as it is.
     */
    private static float[][] resize(Pixels in, int h, int w) {
        if (in.height() == h && in.width() == w) {
            return in.bands();
        }
        float[][] out = new float[in.bands().length][h * w];
        double sy = in.height() / (double) h;
        double sx = in.width() / (double) w;
        for (int y = 0; y < h; y++) {
            double fy = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) fy, in.height() - 1);
            int y1 = Math.min(y0 + 1, in.height() - 1);
            double dy = fy - y0;
            for (int x = 0; x < w; x++) {
                double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                int x0 = Math.min((int) fx, in.width() - 1);
                int x1 = Math.min(x0 + 1, in.width() - 1);
                double dx = fx - x0;
                for (int b = 0; b < out.length; b++) {
                    float[] p = in.bands()[b];
                    int W = in.width();
                    double top = p[y0 * W + x0] * (1 - dx) + p[y0 * W + x1] * dx;
                    double bottom = p[y1 * W + x0] * (1 - dx) + p[y1 * W + x1] * dx;
                    out[b][y * w + x] = (float) (top * (1 - dy) + bottom * dy);
                }
            }
        }
        return out;
    }

    private static BufferedImage read(Path file) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new MalformedDataException(file, -1, "not a readable PNG or JPEG image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new MalformedDataException(file, "not a readable PNG or JPEG image (no image reader recognises it)");
        }
        return image;
    }

    private static boolean isImage(Path f) {
        String n = lower(f);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    private static String lower(Path f) {
        return f.getFileName().toString().toLowerCase(Locale.ROOT);
    }
}
