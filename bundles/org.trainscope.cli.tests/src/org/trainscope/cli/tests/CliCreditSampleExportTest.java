package org.trainscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.numpy.NumpyArrays;
import org.trainscope.algorithms.credit.CreditResult.Direction;
import org.trainscope.algorithms.credit.provider.CreditGraphModel;
import org.trainscope.algorithms.credit.provider.CreditGraphProvider;
import org.trainscope.algorithms.credit.provider.CreditGraphRequest;
import org.trainscope.algorithms.credit.provider.CreditTarget;
import org.trainscope.algorithms.credit.provider.RunParameterSource;
import org.trainscope.algorithms.sampling.provider.DynamicsChartModel;
import org.trainscope.algorithms.sampling.provider.DynamicsChartProvider;
import org.trainscope.algorithms.sampling.provider.DynamicsRequest;
import org.trainscope.cli.CliRuns;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.internal.Cli;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.trace.NpyArrayFile;
import org.trainscope.trace.json.JsonParser;

/**
 * {@code credit}, {@code sample} and {@code export} on a real DL4J demo run (the CNN on 2048
 * Fashion-MNIST images, recorded by {@code record-demo}), checked against the data providers
 * they call: the same numbers, the same indices, the same picture's texts, and bad input refused
 * with its exit code and message, leaving no file behind.
 */
class CliCreditSampleExportTest {
    /** The command line's default --top-k. */
    private static final int TOP_K = 5;
    @TempDir
    static Path demos;
    private static Path cnn;
    /** The output layer (a dense layer with recorded activations) and a convolution. */
    private static String output;
    private static String conv;
    private static String convActivation;
    private static int outputUnits;

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    @BeforeAll
    static void recordTheCnn() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(log, true, StandardCharsets.UTF_8);
        assertEquals(ExitCode.OK, new Cli(p, p).run("record-demo", "--kind", "cnn", "--train", "2048",
                demos.toString()), log.toString(StandardCharsets.UTF_8));
        cnn = demos.resolve("cnn");
        try (Run run = open()) {
            List<TensorSeries> activations = run.tensors().stream()
                    .filter(t -> t.kind() == TensorKind.ACTIVATION).toList();
            // the last recorded activation (the output layer's softmax) and the first convolution's
            output = activations.get(activations.size() - 1).nodeId();
            outputUnits = CreditTarget.ofNode(run, output, 0).layout().unitCount();
            TensorSeries c = activations.stream().filter(t -> t.nodeId().startsWith("conv2d")).findFirst()
                    .orElseThrow(() -> new AssertionError(activations.toString()));
            conv = c.nodeId();
            convActivation = c.id();
        }
    }

    private static Run open() throws Exception {
        return CliRuns.open(cnn, new NullProgressMonitor());
    }

    private static CreditGraphModel provider(Direction direction, String node, int unit, String rule, int topK)
            throws Exception {
        try (Run run = open()) {
            CreditGraphRequest r = CreditGraphRequest.of(CreditTarget.ofNode(run, node, unit), direction, rule,
                    RunParameterSource.lastFiniteIteration(run), topK);
            return new CreditGraphProvider().compute(r, new NullProgressMonitor());
        }
    }

    private static List<Map<?, ?>> maps(Object list) {
        return ((List<?>) list).stream().<Map<?, ?>>map(m -> (Map<?, ?>) m).toList();
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.parseDouble((String) o);
    }

    // ---- credit ----

    @Test
    void creditForwardJsonIsTheProvidersModel() throws Exception {
        Map<?, ?> doc = cli.json("credit", cnn.toString(), "--node", output, "--neuron", "3", "--top-k", "4",
                "--json");
        CreditGraphModel expected = provider(Direction.FORWARD, output, 3, "epsilonGammaBox", 4);
        assertEquals(cnn.toString(), doc.get("run"));
        Map<?, ?> target = (Map<?, ?>) doc.get("target");
        assertEquals(output, target.get("node"));
        assertEquals(3L, target.get("neuron"));
        assertEquals("unit 3", target.get("unit"));
        assertEquals(expected.graph().target().value(), num(target.get("value")), 1e-6);
        assertEquals("forward", doc.get("direction"));
        assertEquals("epsilonGammaBox", doc.get("rule"));
        assertEquals(expected.method(), doc.get("method"));
        assertEquals(expected.request().iteration(), doc.get("iteration"));
        assertEquals(4L, doc.get("topK"));
        assertEquals("the recorded probe inputs", doc.get("inputSource"));
        List<Map<?, ?>> layers = maps(doc.get("layers"));
        assertFalse(layers.isEmpty());
        assertTrue(layers.stream().anyMatch(l -> ((String) l.get("node")).startsWith("conv2d")), layers.toString());
        int shown = 0;
        for (Map<?, ?> layer : layers) {
            List<Map<?, ?>> neurons = maps(layer.get("neurons"));
            assertTrue(neurons.size() <= 4 && !neurons.isEmpty(), layer.toString());
            for (Map<?, ?> n : neurons) {
                String id = layer.get("node") + "#" + n.get("neuron");
                float value = expected.graph().nodes().stream().filter(g -> g.id().equals(id)).findFirst()
                        .orElseThrow(() -> new AssertionError(id)).value();
                assertEquals(value, num(n.get("credit")), 1e-6 * Math.max(1, Math.abs(value)), id);
                shown++;
            }
        }
        assertEquals(expected.graph().nodes().size() - 1, shown);
        assertEquals(expected.graph().edges().size(), ((List<?>) doc.get("edges")).size());
        List<Map<?, ?>> inputs = maps(doc.get("inputs"));
        assertEquals(expected.inputs().size(), inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            assertEquals((long) expected.inputs().get(i).input(), inputs.get(i).get("input"));
            assertEquals((long) expected.inputs().get(i).label(), inputs.get(i).get("label"));
            assertEquals(expected.inputs().get(i).score(), num(inputs.get(i).get("score")), 1e-5);
        }
    }

    @Test
    void creditForwardTextListsTargetLayersAndInputs() throws Exception {
        assertEquals(ExitCode.OK, cli.run("credit", cnn.toString(), "--node", output, "--neuron", "3", "--rule",
                "epsilon", "--epsilon", "0.1"), cli.err());
        String text = cli.out();
        assertTrue(text.contains("target:     unit 3 of " + output), text);
        assertTrue(text.contains("method:     LRP, ε-rule everywhere (epsilon)"), text);
        assertTrue(text.contains("top 5 per layer, by |credit|:"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("  conv2d")), text);
        assertTrue(text.contains("inputs, most driving first"), text);
        assertTrue(text.lines().filter(l -> l.startsWith("  input ")).count() > 1, text);
    }

    @Test
    void creditBackwardDecomposesTheGradientOverLaterLayers() throws Exception {
        Map<?, ?> doc = cli.json("credit", cnn.toString(), "--node", conv, "--neuron", "10", "--direction", "backward",
                "--json");
        CreditGraphModel expected = provider(Direction.BACKWARD, conv, 10, null, TOP_K);
        assertEquals("backward", doc.get("direction"));
        assertEquals(JsonParser.NULL, doc.get("rule"));
        assertTrue(((String) doc.get("method")).startsWith("gradient decomposition"), doc.toString());
        assertEquals(expected.graph().target().value(), num(((Map<?, ?>) doc.get("target")).get("value")), 1e-9);
        assertTrue(maps(doc.get("layers")).stream().anyMatch(l -> ((String) l.get("node")).startsWith("dense")),
                doc.toString());
        assertTrue(maps(doc.get("inputs")).stream().allMatch(i -> i.get("relevanceSum") == JsonParser.NULL));
    }

    @Test
    void relevanceOutIsTheProvidersInputRelevanceOneRowPerInput() throws Exception {
        Path npy = dir.resolve("relevance.npy");
        assertEquals(ExitCode.OK, cli.run("credit", cnn.toString(), "--node", output, "--neuron", "7", "--rule",
                "zPlus", "--relevance-out", npy.toString()), cli.err());
        FloatTensor written = NumpyArrays.readNpy(npy);
        CreditGraphModel expected = provider(Direction.FORWARD, output, 7, "zPlus", TOP_K);
        float[][] rows = expected.relevanceRows();
        int[] one = expected.inputs().get(0).shape();
        int[] shape = new int[one.length + 1];
        shape[0] = rows.length;
        System.arraycopy(one, 0, shape, 1, one.length);
        assertArrayEquals(shape, written.shape());
        assertTrue(rows.length > 1, "every probe input is a row");
        float[] flat = new float[written.size()];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[i].length, rows[i].length);
        }
        assertArrayEquals(flat, written.data());
        assertTrue(Arrays.stream(rows).anyMatch(r -> Arrays.stream(toDoubles(r)).anyMatch(v -> v != 0)));
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void creditRefusesBadInputWithItsExitCodeAndWritesNothing() throws Exception {
        Path npy = dir.resolve("r.npy");
        String run = cnn.toString();
        assertEquals(ExitCode.BAD_DATA, cli.run("credit", run, "--node", "nope", "--neuron", "0", "--relevance-out",
                npy.toString()));
        assertTrue(cli.err().contains("has no node 'nope'"), cli.err());
        assertEquals(ExitCode.BAD_DATA, cli.run("credit", run, "--node", output, "--neuron", "" + outputUnits,
                "--relevance-out", npy.toString()));
        assertTrue(cli.err().contains("unit " + outputUnits + " is outside the " + outputUnits + " units of " + output),
                cli.err());
        Path wrong = dir.resolve("wrong.npy");
        NpyArrayFile.writeFloat32(wrong, new int[] { 2, 5 }, new float[10]);
        assertEquals(ExitCode.BAD_DATA, cli.run("credit", run, "--node", output, "--neuron", "1", "--inputs",
                wrong.toString(), "--relevance-out", npy.toString()));
        assertTrue(cli.err().contains("wrong.npy") && cli.err().contains("wrong shape [2, 5]"), cli.err());
        assertEquals(ExitCode.BAD_DATA, cli.run("credit", run, "--node", output, "--neuron", "1", "--inputs",
                dir.resolve("missing.npy").toString()));
        assertTrue(cli.err().contains("missing.npy"), cli.err());
        assertEquals(ExitCode.USAGE, cli.run("credit", run, "--node", output));
        assertTrue(cli.err().contains("--neuron is required"), cli.err());
        assertEquals(ExitCode.USAGE, cli.run("credit", run, "--node", output, "--neuron", "1", "--rule", "magic"));
        assertTrue(cli.err().contains("unknown rule or composite 'magic'"), cli.err());
        assertEquals(ExitCode.USAGE, cli.run("credit", run, "--node", output, "--neuron", "1", "--direction", "up"));
        assertEquals(ExitCode.USAGE, cli.run("credit", run, "--node", output, "--neuron", "1", "--colour", "red"));
        assertTrue(cli.err().contains("unknown option '--colour'"), cli.err());
        assertEquals(ExitCode.USAGE, cli.run("credit", run, "--node", output, "--neuron", "1", "--direction",
                "backward", "--relevance-out", npy.toString()));
        assertEquals(ExitCode.USAGE, cli.run("credit", run, "--node", output, "--neuron", "1", "--grey"));
        assertTrue(cli.err().contains("--grey only applies with --inputs"), cli.err());
        assertEquals(ExitCode.BAD_DATA, cli.run("credit", dir.resolve("no-run").toString(), "--node", output,
                "--neuron", "1"));
        assertFalse(Files.exists(npy), "nothing written on failure");
        assertEquals(List.of(), leftovers());
    }

    private List<Path> leftovers() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }

    // ---- sample ----

    private static int[] providerSample(String tensor, int count, long seed, String sampler, Map<String, String> params)
            throws Exception {
        try (Run run = open()) {
            TensorSeries t = run.tensors().stream().filter(s -> s.id().equals(tensor)).findFirst().orElseThrow();
            DynamicsRequest r = DynamicsRequest.of(run, t).withSampler(sampler, count, seed, params);
            return DynamicsChartProvider.sample(r, null).selectionOrder();
        }
    }

    private static int[] lines(String text) {
        return text.lines().mapToInt(Integer::parseInt).toArray();
    }

    @Test
    void sampleIndicesAreTheProvidersInSelectionOrder() throws Exception {
        assertEquals(ExitCode.OK, cli.run("sample", cnn.toString(), "--tensor", convActivation, "--count", "40",
                "--seed", "7"), cli.err());
        int[] printed = lines(cli.out());
        assertArrayEquals(providerSample(convActivation, 40, 7, DynamicsRequest.BLUE_NOISE, Map.of()), printed);
        assertEquals(40, Arrays.stream(printed).distinct().count());
        assertFalse(Arrays.equals(printed, Arrays.stream(printed).sorted().toArray()), "selection order, not sorted");

        assertEquals(ExitCode.OK, cli.run("sample", cnn.toString(), "--tensor", convActivation, "--count", "40",
                "--seed", "8"), cli.err());
        assertFalse(Arrays.equals(printed, lines(cli.out())), "another seed, another sample");
    }

    @Test
    void sampleTakesTheSamplersDeclaredParametersAndARate() throws Exception {
        Path file = dir.resolve("indices.txt");
        assertEquals(ExitCode.OK, cli.run("sample", cnn.toString(), "--tensor", convActivation, "--count", "30",
                "--param", "directionWeight=0", "--param", "positionWeight=2", "--out", file.toString()), cli.err());
        assertEquals("", cli.out());
        int[] withParams = lines(Files.readString(file));
        assertArrayEquals(providerSample(convActivation, 30, DynamicsRequest.DEFAULT_SEED, DynamicsRequest.BLUE_NOISE,
                Map.of("directionWeight", "0", "positionWeight", "2")), withParams);
        assertNotEquals(Arrays.toString(providerSample(convActivation, 30, DynamicsRequest.DEFAULT_SEED,
                DynamicsRequest.BLUE_NOISE, Map.of())), Arrays.toString(withParams), "the parameters change the sample");

        Map<?, ?> doc = cli.json("sample", cnn.toString(), "--tensor", convActivation, "--rate", "0.01", "--method",
                "random", "--json");
        long polylines = (Long) doc.get("polylines");
        assertEquals(Math.max(1, Math.round(0.01 * polylines)), doc.get("count"));
        assertEquals("org.trainscope.algorithms.sampling.random", doc.get("sampler"));
        int[] indices = ((List<?>) doc.get("indices")).stream().mapToInt(i -> ((Long) i).intValue()).toArray();
        assertArrayEquals(providerSample(convActivation, indices.length, DynamicsRequest.DEFAULT_SEED,
                "org.trainscope.algorithms.sampling.random", Map.of()), indices);
    }

    @Test
    void sampleRefusesBadInput() throws Exception {
        Path file = dir.resolve("indices.txt");
        String run = cnn.toString();
        assertEquals(ExitCode.USAGE, cli.run("sample", run, "--tensor", convActivation, "--count", "3", "--rate", "0.5",
                "--out", file.toString()));
        assertTrue(cli.err().contains("give --count or --rate, not both"), cli.err());
        assertEquals(ExitCode.USAGE, cli.run("sample", run, "--tensor", convActivation, "--rate", "1.5"));
        assertEquals(ExitCode.USAGE, cli.run("sample", run, "--tensor", convActivation, "--count"));
        assertTrue(cli.err().contains("--count needs a value"), cli.err());
        assertEquals(ExitCode.USAGE, cli.run("sample", run, "--tensor", convActivation, "--param", "nope=1"));
        assertTrue(cli.err().contains("unknown parameter 'nope'"), cli.err());
        assertEquals(ExitCode.USAGE, cli.run("sample", run, "--tensor", convActivation, "--param",
                "positionWeight=-1"));
        assertEquals(ExitCode.USAGE, cli.run("sample", run, "--tensor", convActivation, "--method", "kmeans"));
        assertTrue(cli.err().contains("no sampler 'kmeans' is installed"), cli.err());
        assertEquals(ExitCode.BAD_DATA, cli.run("sample", run, "--tensor", "no-such-tensor", "--out",
                file.toString()));
        assertTrue(cli.err().contains("has no tensor 'no-such-tensor'") && cli.err().contains(convActivation),
                cli.err());
        assertFalse(Files.exists(file));
        assertEquals(List.of(), leftovers());
    }

    // ---- export ----

    @Test
    void exportDynamicsDrawsTheProvidersAxesAsSvgAndPngOfTheAskedSize() throws Exception {
        Path svg = dir.resolve("dynamics.svg");
        assertEquals(ExitCode.OK, cli.run("export", cnn.toString(), "--view", "dynamics", "--tensor", convActivation,
                "--count", "50", "--out", svg.toString()), cli.err());
        String document = Files.readString(svg);
        assertTrue(document.startsWith("<svg") || document.startsWith("<?xml"), document.substring(0, 40));
        DynamicsChartModel chart;
        try (Run run = open()) {
            TensorSeries t = run.tensors().stream().filter(s -> s.id().equals(convActivation)).findFirst()
                    .orElseThrow();
            chart = DynamicsChartProvider.compute(DynamicsRequest.of(run, t).withSampler(DynamicsRequest.BLUE_NOISE,
                    50, DynamicsRequest.DEFAULT_SEED, Map.of()), null);
        }
        assertFalse(chart.iterationTicks().isEmpty());
        for (DynamicsChartModel.AxisTick tick : chart.iterationTicks()) {
            assertTrue(document.contains(">" + tick.label() + "<"), "iteration tick " + tick.label());
        }
        for (DynamicsChartModel.AxisTick tick : chart.valueTicks()) {
            assertTrue(document.contains(">" + tick.label() + "<"), "value tick " + tick.label());
        }
        Path png = dir.resolve("dynamics.png");
        assertEquals(ExitCode.OK, cli.run("export", cnn.toString(), "--view", "dynamics", "--tensor", convActivation,
                "--rate", "0.05", "--symlog", "--width", "640", "--height", "300", "--out", png.toString()), cli.err());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(640, image.getWidth());
        assertEquals(300, image.getHeight());
    }

    @Test
    void exportCreditDrawsTheLayersAsSvgAndPng() throws Exception {
        Path svg = dir.resolve("credit.svg");
        assertEquals(ExitCode.OK, cli.run("export", cnn.toString(), "--view", "credit", "--node", output, "--neuron",
                "2", "--top-k", "3", "--out", svg.toString()), cli.err());
        String document = Files.readString(svg);
        CreditGraphModel expected = provider(Direction.FORWARD, output, 2, "epsilonGammaBox", 3);
        assertTrue(document.contains(expected.target()), expected.target());
        for (var node : expected.graph().nodes()) {
            String firstWord = node.layerLabel().split(" ")[0];
            assertTrue(document.contains(firstWord), "layer " + node.layerLabel());
        }
        assertTrue(document.contains("Inputs by relevance"), "the input strip");
        Path png = dir.resolve("credit.png");
        assertEquals(ExitCode.OK, cli.run("export", cnn.toString(), "--view", "credit", "--node", conv, "--neuron",
                "5", "--direction", "backward", "--width", "900", "--height", "500", "--out", png.toString()),
                cli.err());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(500, image.getHeight());
    }

    @Test
    void exportRefusesBadInputAndWritesNothing() throws Exception {
        String run = cnn.toString();
        Path png = dir.resolve("x.png");
        assertEquals(ExitCode.USAGE, cli.run("export", run, "--view", "dynamics", "--tensor", convActivation, "--out",
                dir.resolve("x.pdf").toString()));
        assertTrue(cli.err().contains("give a file ending in .svg or .png"), cli.err());
        assertEquals(ExitCode.USAGE, cli.run("export", run, "--view", "overview", "--out", png.toString()));
        assertEquals(ExitCode.USAGE, cli.run("export", run, "--view", "dynamics", "--tensor", convActivation,
                "--node", output, "--out", png.toString()));
        assertTrue(cli.err().contains("--node does not apply to --view dynamics"), cli.err());
        assertEquals(ExitCode.USAGE, cli.run("export", run, "--view", "dynamics", "--tensor", convActivation,
                "--width", "500", "--out", png.toString()));
        assertEquals(ExitCode.BAD_DATA, cli.run("export", run, "--view", "dynamics", "--tensor", "nope", "--out",
                png.toString()));
        assertEquals(ExitCode.BAD_DATA, cli.run("export", run, "--view", "credit", "--node", output, "--neuron",
                "99", "--out", png.toString()));
        assertTrue(cli.err().contains("unit 99 is outside"), cli.err());
        assertEquals(ExitCode.BAD_DATA, cli.run("export", run, "--view", "credit", "--node", output, "--neuron",
                "1", "--out", dir.resolve("no-folder").resolve("c.svg").toString()));
        assertTrue(cli.err().contains("c.svg"), cli.err());
        assertFalse(Files.exists(png));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void everyNewCommandHasHelp() {
        for (String command : List.of("credit", "sample", "export")) {
            assertEquals(ExitCode.OK, cli.run(command, "--help"));
            assertTrue(cli.out().startsWith("usage: trainscope-cli " + command), cli.out());
        }
        assertEquals(ExitCode.OK, cli.run("--help"));
        assertTrue(cli.out().contains("  credit ") && cli.out().contains("  sample ") && cli.out().contains("  export "),
                cli.out());
    }
}
