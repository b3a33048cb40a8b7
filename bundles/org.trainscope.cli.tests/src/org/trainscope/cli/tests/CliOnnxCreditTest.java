package org.trainscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.numpy.NumpyArrays;
import org.trainscope.cli.ExitCode;
import org.trainscope.core.operators.FloatTensor;

/**
 * {@code credit} and {@code export --view credit} on PyTorch-exported ONNX CNNs
 * (recorders/python/tests/make_onnx_models.py: trained a few iterations on Fashion-MNIST), which
 * record no activations and no probe inputs: the user brings the inputs as one .npy, a folder of
 * .npy files (written by numpy) or a folder of PNG images. The input relevance written by
 * {@code --relevance-out} is checked against the LRP rules computed layer by layer in PyTorch.
 * Requires /usr/bin/python3 with torch and Fashion-MNIST: the test fails, never skips, without.
 */
class CliOnnxCreditTest {
    /** Agreement asked of float32 Java against float64 PyTorch: max |difference| / max |reference|. */
    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path models;
    private static Path model;
    private static Path inputs;
    private static Path npyFolder;
    private static Path unbatchedFolder;
    private static Path pngFolder;
    private static String target;
    private static int neuron;

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    @BeforeAll
    static void exportAndSplit() throws Exception {
        python(Path.of("../../recorders/python/tests/make_onnx_models.py").toAbsolutePath().normalize().toString(),
                models.toString());
        model = models.resolve("cnn-bn-avg.onnx");
        inputs = models.resolve("cnn-bn-avg.inputs.npy");
        String json = Files.readString(models.resolve("cnn-bn-avg.json"));
        target = text(json, "target");
        neuron = Integer.parseInt(text(json, "neuron"));
        npyFolder = Files.createDirectories(models.resolve("npy-folder"));
        unbatchedFolder = Files.createDirectories(models.resolve("unbatched"));
        pngFolder = Files.createDirectories(models.resolve("png-folder"));
        // each input on its own: a batch of one, one input without the batch axis, an 8-bit grey PNG
        python("-c", """
                import sys, numpy as np, zlib, struct
                x = np.load(sys.argv[1])
                for i, a in enumerate(x):
                    np.save('%s/input%d.npy' % (sys.argv[2], i), a[None])
                    np.save('%s/input%d.npy' % (sys.argv[4], i), a)
                    pix = np.clip(np.rint(a[0] * 255), 0, 255).astype(np.uint8)
                    raw = b''.join(b'\\x00' + row.tobytes() for row in pix)
                    def chunk(t, d):
                        c = t + d
                        return struct.pack('>I', len(d)) + c + struct.pack('>I', zlib.crc32(c) & 0xffffffff)
                    png = (b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 28, 28, 8, 0, 0, 0, 0))
                           + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
                    open('%s/input%d.png' % (sys.argv[3], i), 'wb').write(png)
                """, inputs.toString(), npyFolder.toString(), pngFolder.toString(),
                unbatchedFolder.toString());
    }

    private static void python(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, p.exitValue(), "/usr/bin/python3 with torch and numpy, and dataset-fashion-mnist, are "
                + "required (releng/scripts/install-deps.sh installs them):\n" + log);
    }

    private static String text(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": \"?([^\",}]*)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return m.group(1);
    }

    /** max |actual - expected| / max |expected|. */
    private static double relativeError(float[] actual, float[] expected) {
        assertEquals(expected.length, actual.length);
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < actual.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return diff / scale;
    }

    private FloatTensor relevance(Path inputsPath, String rule, String... more) throws Exception {
        Path out = dir.resolve(rule + "-" + inputsPath.getFileName() + ".npy");
        List<String> args = new java.util.ArrayList<>(List.of("credit", model.toString(), "--node", target, "--neuron",
                "" + neuron, "--rule", rule, "--epsilon", "0.01", "--inputs", inputsPath.toString(), "--relevance-out",
                out.toString()));
        args.addAll(List.of(more));
        assertEquals(ExitCode.OK, cli.run(args.toArray(String[]::new)), cli.err());
        return NumpyArrays.readNpy(out);
    }

    @Test
    void inputRelevanceOfAnOnnxModelOnAnNpyIsPyTorchsLrp() throws Exception {
        for (String rule : List.of("lrp0", "epsilon")) {
            FloatTensor r = relevance(inputs, rule);
            FloatTensor torch = NumpyArrays.readNpy(models.resolve("cnn-bn-avg." + rule + ".npy"));
            assertArrayEquals(new int[] { 8, 1, 28, 28 }, r.shape(), "one row per input, in the input's shape");
            double error = relativeError(r.data(), torch.data());
            assertTrue(error < TOLERANCE, rule + ": relative difference to PyTorch " + error);
        }
    }

    @Test
    void aFolderOfNpyGivesTheSameAsOneArray() throws Exception {
        FloatTensor whole = relevance(inputs, "lrp0");
        FloatTensor folder = relevance(npyFolder, "lrp0");
        assertArrayEquals(whole.shape(), folder.shape());
        assertArrayEquals(whole.data(), folder.data());
        // an ONNX model does not say what its input takes: inputs without the batch axis need the shape
        FloatTensor unbatched = relevance(unbatchedFolder, "lrp0", "--image-size", "28x28", "--grey");
        assertArrayEquals(whole.shape(), unbatched.shape());
        assertArrayEquals(whole.data(), unbatched.data());
        Map<?, ?> doc = cli.json("credit", model.toString(), "--node", target, "--neuron", "" + neuron, "--inputs",
                npyFolder.toString(), "--json");
        assertEquals("npy-folder (8 arrays)", doc.get("inputSource"));
        assertEquals(8, ((List<?>) doc.get("inputs")).size());
        assertTrue(((List<?>) doc.get("inputs")).stream().allMatch(i -> ((Map<?, ?>) i).get("label")
                == org.trainscope.trace.json.JsonParser.NULL), "user inputs have no labels");
    }

    @Test
    void pngImagesAreResizedAndNormalisedAsTheUserSays() throws Exception {
        FloatTensor fromNpy = relevance(inputs, "lrp0");
        FloatTensor fromPng = relevance(pngFolder, "lrp0", "--image-size", "28x28", "--grey");
        assertArrayEquals(fromNpy.shape(), fromPng.shape());
        // 8-bit pixels: the same pictures up to rounding, so nearly the same relevance
        assertTrue(relativeError(fromPng.data(), fromNpy.data()) < 0.05, "" + relativeError(fromPng.data(),
                fromNpy.data()));
        FloatTensor normalised = relevance(pngFolder, "lrp0", "--image-size", "28x28", "--grey", "--mean", "0.5",
                "--std", "0.25");
        assertTrue(relativeError(normalised.data(), fromNpy.data()) > 0.05, "--mean and --std change the inputs");

        // the model's graph input declares [1, 28, 28]: the images are resized and read as grey to it
        FloatTensor declared = relevance(pngFolder, "lrp0");
        assertArrayEquals(fromPng.data(), declared.data(), 0f);
        // the declared input shape also says how many channels: --grey/--rgb are not needed
        assertEquals(ExitCode.OK, cli.run("credit", model.toString(), "--node", target, "--neuron", "0",
                "--inputs", pngFolder.toString(), "--image-size", "28x28"), cli.err());
        assertEquals(ExitCode.USAGE, cli.run("credit", model.toString(), "--node", target, "--neuron", "0",
                "--inputs", pngFolder.toString(), "--image-size", "28by28", "--grey"));
    }

    @Test
    void backwardAndTheFigureWorkWithoutRecordedActivations() throws Exception {
        Map<?, ?> doc = cli.json("credit", model.toString(), "--node", target, "--neuron", "" + neuron, "--direction",
                "backward", "--inputs", inputs.toString(), "--json");
        assertEquals("backward", doc.get("direction"));
        assertEquals(8, ((List<?>) doc.get("inputs")).size());
        Path png = dir.resolve("onnx-credit.png");
        assertEquals(ExitCode.OK, cli.run("export", model.toString(), "--view", "credit", "--node", target, "--neuron",
                "" + neuron, "--inputs", inputs.toString(), "--out", png.toString()), cli.err());
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 200 && image.getHeight() > 200, image.toString());
        Path svg = dir.resolve("onnx-credit.svg");
        assertEquals(ExitCode.OK, cli.run("export", model.toString(), "--view", "credit", "--node", target, "--neuron",
                "" + neuron, "--inputs", inputs.toString(), "--out", svg.toString()), cli.err());
        assertTrue(Files.readString(svg).contains("cnn-bn-avg.inputs.npy"), "the figure names the inputs");
    }

    @Test
    void badInputIsNamedWithExitCode2AndNothingIsWritten() throws Exception {
        Path out = dir.resolve("r.npy");
        // an operator with no credit rule (GELU exported as Div/Erf/Mul)
        assertEquals(ExitCode.BAD_DATA, cli.run("credit", models.resolve("unsupported.onnx").toString(), "--node",
                target, "--neuron", "0", "--inputs", models.resolve("unsupported.inputs.npy").toString(),
                "--relevance-out", out.toString()));
        assertTrue(cli.err().matches("(?s).*node \\S+ \\(ONNX (Div|Erf|Mul)\\) cannot be explained: .+"), cli.err());
        // inputs of the wrong shape
        Path wrong = dir.resolve("wrong");
        python("-c", "import sys, numpy as np; np.save(sys.argv[1], np.ones((2, 5), np.float32))", wrong.toString());
        assertEquals(ExitCode.BAD_DATA, cli.run("credit", model.toString(), "--node", target, "--neuron", "0",
                "--inputs", wrong + ".npy", "--relevance-out", out.toString()));
        assertTrue(cli.err().contains("[2, 5]"), cli.err());
        // a neuron out of range (10 logits), known only once the network ran
        assertEquals(ExitCode.BAD_DATA, cli.run("credit", model.toString(), "--node", target, "--neuron", "10",
                "--inputs", inputs.toString(), "--relevance-out", out.toString()));
        assertTrue(cli.err().contains("10") && cli.err().contains(target), cli.err());
        // no inputs for a model that has none recorded
        assertEquals(ExitCode.BAD_DATA, cli.run("credit", model.toString(), "--node", target, "--neuron", "0"));
        assertTrue(cli.err().contains("no recorded probe inputs"), cli.err());
        // an unknown node
        assertEquals(ExitCode.BAD_DATA, cli.run("export", model.toString(), "--view", "credit", "--node", "/fc/Nope",
                "--neuron", "0", "--inputs", inputs.toString(), "--out", dir.resolve("x.svg").toString()));
        assertTrue(cli.err().contains("has no node '/fc/Nope'"), cli.err());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("x.svg")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.filter(p -> !p.getFileName().toString().equals("wrong.npy")).toList());
        }
    }
}
