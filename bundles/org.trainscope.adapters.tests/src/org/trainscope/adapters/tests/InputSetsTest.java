package org.trainscope.adapters.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.MalformedDataException;
import org.trainscope.adapters.inputs.ImageOptions;
import org.trainscope.adapters.inputs.InputSet;
import org.trainscope.adapters.inputs.InputSets;
import org.trainscope.adapters.numpy.NumpyArrays;
import org.trainscope.core.operators.FloatTensor;

/**
 * Inputs users bring, against files numpy wrote and values numpy and PyTorch computed
 * (scripts/make_input_fixtures.py, run with /usr/bin/python3: the test fails, never skips, without
 * numpy and torch).
 */
class InputSetsTest {
    private static final int[] IMAGE = { 1, 4, 4 };

    @TempDir
    static Path dir;

    @BeforeAll
    static void makeFixtures() throws IOException, InterruptedException {
        Path script = Path.of("scripts/make_input_fixtures.py").toAbsolutePath();
        assertTrue(Files.exists(script), "fixture script missing (run the tests from the bundle folder): " + script);
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), dir.toString()).redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the fixture script did not finish");
        assertEquals(0, p.exitValue(), "/usr/bin/python3 with numpy and torch is required:\n" + log);
    }

    private static float[] expected(String name) throws IOException {
        return NumpyArrays.readNpy(dir.resolve(name)).data();
    }

    @Test
    void anNpyBatchIsReadAsNumpyWroteItNaNAndInfIncluded() throws IOException {
        InputSet set = InputSets.load(dir.resolve("batch.npy"), ImageOptions.SCALED, IMAGE);
        assertArrayEquals(new int[] { 3, 1, 4, 4 }, set.values().shape());
        assertArrayEquals(expected("expected_batch.npy"), set.values().data()); // float64 rounded to float
        assertTrue(Float.isNaN(set.values().data()[1 * 4 + 2]), "NaN is data");
        assertEquals(Float.POSITIVE_INFINITY, set.values().data()[2 * 16 + 15]);
        assertEquals("batch.npy", set.source());
    }

    @Test
    void flatRowsAndASingleInputTakeTheNetworksShape() throws IOException {
        InputSet rows = InputSets.load(dir.resolve("rows.npy"), ImageOptions.SCALED, IMAGE);
        assertArrayEquals(new int[] { 3, 1, 4, 4 }, rows.values().shape());
        assertArrayEquals(expected("expected_batch.npy"), rows.values().data());
        InputSet one = InputSets.load(dir.resolve("one.npy"), ImageOptions.SCALED, IMAGE);
        assertArrayEquals(new int[] { 1, 1, 4, 4 }, one.values().shape());
        // without a known input shape (an ONNX model with no probe) the array is taken as it is
        assertArrayEquals(new int[] { 3, 16 }, InputSets.load(dir.resolve("rows.npy"), ImageOptions.SCALED, null)
                .values().shape());
    }

    @Test
    void anNpzGivesItsInputsArrayInAnyDtypeAndByteOrder() throws IOException {
        InputSet set = InputSets.load(dir.resolve("pair.npz"), ImageOptions.SCALED, IMAGE);
        assertEquals("pair.npz: x", set.source());
        assertArrayEquals(expected("expected_batch.npy"), set.values().data()); // big-endian float32
        FloatTensor ints = NumpyArrays.readNpy(dir.resolve("int16.npy"));
        assertEquals(31f, ints.data()[31]);
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> InputSets.load(dir.resolve("ambiguous.npz"), ImageOptions.SCALED, IMAGE));
        assertTrue(e.getMessage().contains("ambiguous.npz") && e.getMessage().contains("[a, b]"), e.getMessage());
    }

    @Test
    void greyPngsAreScaledAndNormalisedAsTheUserSays() throws IOException {
        InputSet set = InputSets.load(dir.resolve("grey"), new ImageOptions(ImageOptions.Colour.GREY,
                new float[] { 0.5f }, new float[] { 0.25f }), IMAGE);
        assertArrayEquals(new int[] { 2, 1, 4, 4 }, set.values().shape());
        assertArrayEquals(expected("expected_grey.npy"), set.values().data(), 1e-6f);
        assertEquals("grey (2 images)", set.source());
    }

    @Test
    void rgbPngsAreResizedLikePyTorchsBilinearAndNormalisedPerChannel() throws IOException {
        InputSet set = InputSets.load(dir.resolve("rgb"), new ImageOptions(ImageOptions.Colour.AS_NETWORK,
                new float[] { 0.485f, 0.456f, 0.406f }, new float[] { 0.229f, 0.224f, 0.225f }), new int[] { 3, 4, 4 });
        assertArrayEquals(new int[] { 3, 3, 4, 4 }, set.values().shape());
        assertArrayEquals(expected("expected_rgb.npy"), set.values().data(), 1e-5f);
        // the same images as flat rows of 3·4·4 values, channel by channel
        InputSet flat = InputSets.load(dir.resolve("rgb"), new ImageOptions(ImageOptions.Colour.RGB,
                new float[] { 0.485f, 0.456f, 0.406f }, new float[] { 0.229f, 0.224f, 0.225f }), new int[] { 48 });
        assertArrayEquals(set.values().data(), flat.values().data());
    }

    @Test
    void aJpegIsReadToo() throws IOException {
        Path jpegs = Files.createDirectories(dir.resolve("jpeg"));
        BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                grey.setRGB(x, y, 0x808080);
            }
        }
        assertTrue(ImageIO.write(grey, "jpeg", jpegs.resolve("a.jpg").toFile()));
        InputSet set = InputSets.load(jpegs, ImageOptions.SCALED, IMAGE);
        for (float v : set.values().data()) {
            assertEquals(128 / 255f, v, 0.02f);
        }
    }

    @Test
    void badInputsSayWhichFileAndWhatIsWrong() {
        MalformedDataException wrong = assertThrows(MalformedDataException.class,
                () -> InputSets.load(dir.resolve("wrong.npy"), ImageOptions.SCALED, IMAGE));
        assertTrue(wrong.getMessage().contains("wrong.npy") && wrong.getMessage().contains("wrong shape [3, 5]")
                && wrong.getMessage().contains("[1, 4, 4]"), wrong.getMessage());
        MalformedDataException truncated = assertThrows(MalformedDataException.class,
                () -> InputSets.load(dir.resolve("truncated.npy"), ImageOptions.SCALED, IMAGE));
        assertTrue(truncated.getMessage().contains("truncated.npy") && truncated.getMessage().contains("truncated"),
                truncated.getMessage());
        MalformedDataException dtype = assertThrows(MalformedDataException.class,
                () -> InputSets.load(dir.resolve("complex.npy"), ImageOptions.SCALED, IMAGE));
        assertTrue(dtype.getMessage().contains("complex.npy") && dtype.getMessage().contains("unsupported dtype"),
                dtype.getMessage());
        MalformedDataException text = assertThrows(MalformedDataException.class,
                () -> InputSets.load(dir.resolve("notanimage.png"), ImageOptions.SCALED, IMAGE));
        assertTrue(text.getMessage().contains("notanimage.png") && text.getMessage().contains("not a readable PNG"),
                text.getMessage());
        MalformedDataException channels = assertThrows(MalformedDataException.class,
                () -> InputSets.load(dir.resolve("grey"), new ImageOptions(ImageOptions.Colour.RGB, new float[] { 0 },
                        new float[] { 1 }), IMAGE));
        assertTrue(channels.getMessage().contains("takes 1 channel"), channels.getMessage());
        assertThrows(MalformedDataException.class, () -> InputSets.load(dir.resolve("missing.npy"), ImageOptions.SCALED,
                IMAGE));
    }
}
