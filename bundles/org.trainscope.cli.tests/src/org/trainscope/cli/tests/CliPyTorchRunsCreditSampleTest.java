package org.trainscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.cli.ExitCode;

/**
 * {@code credit}, {@code sample} and {@code export} on the runs the PyTorch recorder wrote
 * (recorders/python/tests/make_workbench_runs.py: a CNN, a VAE and a GAN on Fashion-MNIST): the
 * network's last recorded activation is explained both ways, its first recorded activation with
 * several records sampled and drawn. The node and tensor are found through {@code info --json}, as
 * a script would.
 */
class CliPyTorchRunsCreditSampleTest {
    @TempDir
    static Path runs;

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    @BeforeAll
    static void recordWithPyTorch() throws Exception {
        Path script = Path.of("../../recorders/python/tests/make_workbench_runs.py").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), runs.toString()).redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the PyTorch recorder did not finish");
        assertEquals(0, p.exitValue(), "python3 with torch, numpy and dataset-fashion-mnist is required "
                + "(releng/scripts/install-deps.sh):\n" + log);
    }

    private List<Map<?, ?>> activations(Path run) throws Exception {
        Map<?, ?> info = (Map<?, ?>) ((List<?>) cli.json("info", "--json", run.toString()).get("runs")).get(0);
        return ((List<?>) info.get("tensors")).stream().<Map<?, ?>>map(t -> (Map<?, ?>) t)
                .filter(t -> t.get("kind").equals("activation")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = { "cnn", "vae", "gan" })
    void theLastActivationIsExplainedBothWays(String name) throws Exception {
        Path run = runs.resolve(name);
        List<Map<?, ?>> activations = activations(run);
        String node = (String) activations.get(activations.size() - 1).get("node");
        for (String direction : List.of("forward", "backward")) {
            Map<?, ?> doc = cli.json("credit", run.toString(), "--node", node, "--neuron", "0", "--direction",
                    direction, "--json");
            assertEquals(direction, doc.get("direction"));
            assertEquals(node, ((Map<?, ?>) doc.get("target")).get("node"));
            assertTrue(!((List<?>) doc.get("inputs")).isEmpty(), doc.toString());
            assertTrue(!((List<?>) doc.get("layers")).isEmpty() || direction.equals("backward"), doc.toString());
        }
        Path npy = dir.resolve(name + ".npy");
        assertEquals(ExitCode.OK, cli.run("credit", run.toString(), "--node", node, "--neuron", "0",
                "--relevance-out", npy.toString()), cli.err());
        assertTrue(Files.size(npy) > 128);
    }

    @ParameterizedTest
    @ValueSource(strings = { "cnn", "vae", "gan" })
    void theFirstActivationIsSampledAndDrawn(String name) throws Exception {
        Path run = runs.resolve(name);
        Map<?, ?> tensor = activations(run).stream().filter(t -> (Long) t.get("records") > 1).findFirst()
                .orElseThrow();
        String id = (String) tensor.get("id");
        Map<?, ?> doc = cli.json("sample", run.toString(), "--tensor", id, "--rate", "0.5", "--json");
        long polylines = (Long) doc.get("polylines");
        assertEquals(Math.max(1, Math.round(0.5 * polylines)), doc.get("count"));
        assertEquals(doc.get("count"), (long) ((List<?>) doc.get("indices")).size());
        assertEquals(polylines / 2, ((List<?>) doc.get("indices")).stream().distinct().count(), 1.0);
        Path png = dir.resolve(name + ".png");
        assertEquals(ExitCode.OK, cli.run("export", run.toString(), "--view", "dynamics", "--tensor", id, "--out",
                png.toString()), cli.err());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(876, image.getWidth());
        assertEquals(444, image.getHeight());
    }

    /**
     * {@code credit --batch}: the neuron on the training batch (trace format 4.8), its samples ranked
     * by |activation| with their training-set indices, in JSON and text; a batch at an iteration
     * that has none, and --batch with --inputs, are refused.
     */
    @ParameterizedTest
    @ValueSource(strings = { "vae-unstable", "gan" })
    void theTrainingBatchIsRankedWithItsTrainingIndices(String name) throws Exception {
        Path run = runs.resolve(name);
        List<Map<?, ?>> activations = activations(run);
        String node = (String) activations.get(activations.size() - 1).get("node");
        Map<?, ?> doc = cli.json("credit", run.toString(), "--node", node, "--neuron", "0", "--batch", "--json");
        Map<?, ?> batch = (Map<?, ?>) doc.get("batch");
        assertEquals(doc.get("iteration"), batch.get("iteration"));
        List<?> samples = (List<?>) batch.get("samples");
        assertEquals(64, samples.size());
        assertTrue(((String) doc.get("inputSource")).startsWith("the training batch of iteration "), doc.toString());
        double previous = Double.POSITIVE_INFINITY;
        double shares = 0;
        for (Object o : samples) {
            Map<?, ?> sample = (Map<?, ?>) o;
            double score = Math.abs(((Number) sample.get("score")).doubleValue());
            assertTrue(score <= previous, "ranked by |score|: " + samples);
            previous = score;
            assertTrue(sample.get("trainingIndex") instanceof Long, "the batch indices are recorded: " + sample);
            shares += ((Number) sample.get("share")).doubleValue();
        }
        assertEquals(1.0, shares, 1e-6);

        assertEquals(ExitCode.OK, cli.run("credit", run.toString(), "--node", node, "--neuron", "0", "--batch"),
                cli.err());
        assertTrue(cli.out().contains("training index"), cli.out());

        assertEquals(ExitCode.BAD_DATA, cli.run("credit", run.toString(), "--node", node, "--neuron", "0", "--batch",
                "--iteration", "5"));
        assertTrue(cli.err().contains("no training batch at iteration 5") && cli.err().contains("it did at 0, 1, 2 ..."),
                cli.err());
        assertEquals(ExitCode.USAGE, cli.run("credit", run.toString(), "--node", node, "--neuron", "0", "--batch",
                "--inputs", dir.resolve("x.npy").toString()));
    }
}
