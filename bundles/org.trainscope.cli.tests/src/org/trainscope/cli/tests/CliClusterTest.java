package org.trainscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.internal.Cli;
import org.trainscope.trace.json.JsonParser;
import org.w3c.dom.Document;

/**
 * {@code cluster} and {@code export --view cnnvis} on real runs: the five CNN demo runs and the
 * MLP recorded small from real Fashion-MNIST by {@code record-demo} (1,280 training images), the
 * unstable VAE recorded until its loss turns NaN (2,560 images), and the CNN, VAE and GAN the
 * PyTorch recorder writes (recorders/python/tests/make_workbench_runs.py). The JSON is parsed and
 * its figures checked against each other; the pictures are read back.
 */
class CliClusterTest {
    private static final List<String> DEMOS = List.of("cnn", "cnn-shallow", "cnn-deep", "cnn-narrow", "cnn-wide", "mlp");

    @TempDir
    static Path runs;

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    @BeforeAll
    static void record() throws Exception {
        Path script = Path.of("../../recorders/python/tests/make_workbench_runs.py").toAbsolutePath().normalize();
        Path pyLog = runs.resolve("pytorch.log");
        Process python = new ProcessBuilder("/usr/bin/python3", script.toString(), runs.resolve("pytorch").toString())
                .redirectErrorStream(true).redirectOutput(pyLog.toFile()).start();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(log, true, StandardCharsets.UTF_8);
        assertEquals(ExitCode.OK, new Cli(p, p).run("record-demo", "--kind", String.join(",", DEMOS), "--train", "1280",
                runs.resolve("demo").toString()), log.toString(StandardCharsets.UTF_8));
        assertEquals(ExitCode.OK, new Cli(p, p).run("record-demo", "--kind", "vae-unstable", "--train", "2560",
                runs.resolve("demo").toString()), log.toString(StandardCharsets.UTF_8));
        assertTrue(python.waitFor(600, TimeUnit.SECONDS), "the PyTorch recorder did not finish");
        assertEquals(0, python.exitValue(), "python3 with torch, numpy and dataset-fashion-mnist is required "
                + "(releng/scripts/install-deps.sh):\n" + Files.readString(pyLog, StandardCharsets.UTF_8));
    }

    private static Path run(String name) {
        return name.startsWith("pytorch-") ? runs.resolve("pytorch").resolve(name.substring(8))
                : runs.resolve("demo").resolve(name);
    }

    private static List<Map<?, ?>> maps(Object list) {
        return ((List<?>) list).stream().<Map<?, ?>>map(o -> (Map<?, ?>) o).toList();
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.parseDouble((String) v);
    }

    @ParameterizedTest
    @ValueSource(strings = { "cnn", "cnn-shallow", "cnn-deep", "cnn-narrow", "cnn-wide", "mlp", "vae-unstable",
            "pytorch-cnn", "pytorch-vae" })
    void everyGroupsClustersCoverItsNeuronsAndThePurityAgreesWithTheClusters(String name) throws Exception {
        Map<?, ?> doc = cli.json("cluster", run(name).toString(), "--json");
        assertEquals(run(name).toString(), doc.get("run"));
        Map<?, ?> clusterer = (Map<?, ?>) doc.get("clusterer");
        assertEquals("org.trainscope.algorithms.clustering.kMeans", clusterer.get("id"));
        assertEquals("8", ((Map<?, ?>) clusterer.get("parameters")).get("kMax"));
        assertEquals("0", ((Map<?, ?>) clusterer.get("parameters")).get("k"));
        Object labels = doc.get("labels");
        assertTrue(labels instanceof Map<?, ?> && ((List<?>) ((Map<?, ?>) labels).get("classes")).size() >= 2,
                name + " has class labels: " + doc);
        List<Map<?, ?>> groups = maps(doc.get("layerGroups"));
        assertTrue(groups.size() >= 2, name + ": " + groups.size() + " groups");
        StringBuilder table = new StringBuilder(name + ":");
        for (Map<?, ?> g : groups) {
            long neurons = (Long) g.get("neurons");
            String kind = (String) g.get("neuronKind");
            Set<Long> seen = new HashSet<>();
            double weightedPurity = 0;
            long classed = 0;
            long nonFinite = 0;
            for (Map<?, ?> c : maps(g.get("clusters"))) {
                List<?> indices = (List<?>) c.get("indices");
                List<?> members = (List<?>) c.get("members");
                assertEquals(c.get("size"), (long) indices.size());
                for (int i = 0; i < indices.size(); i++) {
                    assertTrue(seen.add((Long) indices.get(i)), name + " " + g.get("id") + ": neuron twice");
                    assertEquals(kind + " " + indices.get(i), members.get(i), "named as NeuronLayout names it");
                }
                long cClassed = (Long) c.get("size") - (Long) c.get("nonFiniteNeurons") - (Long) c.get("indifferentNeurons");
                if (cClassed > 0) {
                    double purity = number(c.get("purity"));
                    assertTrue(purity > 0 && purity <= 1, name + " " + c);
                    weightedPurity += purity * cClassed;
                    classed += cClassed;
                } else {
                    assertEquals("NaN", c.get("purity"), name + " " + c);
                }
                nonFinite += (Long) c.get("nonFiniteNeurons");
                if (Boolean.TRUE.equals(c.get("nonFinite"))) {
                    assertEquals(c.get("size"), c.get("nonFiniteNeurons"), "the non-finite cluster: " + c);
                }
            }
            assertEquals(neurons, seen.size(), name + " " + g.get("id") + ": every neuron in a cluster");
            Map<?, ?> p = (Map<?, ?>) g.get("purity");
            assertEquals(Boolean.TRUE, p.get("labelled"));
            assertEquals(nonFinite, p.get("nonFiniteNeurons"), "non-finite neurons counted, not dropped");
            double chance = Double.NaN;
            if (classed > 0) {
                assertEquals(weightedPurity / classed, number(p.get("purity")), 1e-9, name + " " + g.get("id"));
                chance = number(p.get("chancePurity"));
                assertTrue(chance > 0 && chance <= 1, name + " " + p);
            } else {
                // every neuron non-finite or indifferent (the failing VAE's last record): no purity, said so
                assertEquals("NaN", p.get("purity"), name + " " + p);
                assertEquals("NaN", p.get("chancePurity"), name + " " + p);
            }
            if ((Long) p.get("pairs") > 0) {
                double r = number(p.get("redundancy"));
                assertTrue(r >= -1 - 1e-9 && r <= 1 + 1e-9, name + " " + p);
            }
            // k suggested: the clusterer's criterion and its scores are given
            assertEquals(Boolean.FALSE, g.get("kGiven"));
            assertEquals(g.get("k"), g.get("suggestedK"));
            assertEquals(g.get("clustering"), g.get("criterion"), "the clusterer states how it chose k");
            Map<?, ?> scores = (Map<?, ?>) g.get("scoreByK");
            if (neurons - nonFinite > 3) {
                assertTrue(((String) g.get("criterion")).contains("silhouette"), name + " " + g.get("criterion"));
                assertTrue(scores.containsKey(Long.toString((Long) g.get("k"))), name + " " + g.get("id") + " " + scores);
                double best = number(scores.get(Long.toString((Long) g.get("k"))));
                for (Object s : scores.values()) {
                    assertTrue(number(s) <= best, "the suggested k has the best score: " + scores);
                }
            }
            table.append(String.format(Locale.ROOT, "%n  %-40s %4d %-7s k=%-2d purity %.3f chance %.3f redundancy %s"
                    + " all pairs %s non-finite %d", g.get("label"), neurons, kind, g.get("k"), number(p.get("purity")),
                    chance, p.get("redundancy"), p.get("groupCorrelation"), p.get("nonFiniteNeurons")));
        }
        System.out.println(table);
    }

    /**
     * The failing VAE's last record holds NaN activations: their neurons are counted apart (in the
     * non-finite cluster and the group's count), and the purity is over the others.
     */
    @Test
    void theFailingVaesNonFiniteNeuronsAreCountedApart() throws Exception {
        Map<?, ?> doc = cli.json("cluster", run("vae-unstable").toString(), "--json");
        long nonFinite = 0;
        for (Map<?, ?> g : maps(doc.get("layerGroups"))) {
            Map<?, ?> p = (Map<?, ?>) g.get("purity");
            nonFinite += (Long) p.get("nonFiniteNeurons");
            if ((Long) p.get("nonFiniteNeurons") > 0) {
                assertTrue(maps(g.get("clusters")).stream().anyMatch(c -> Boolean.TRUE.equals(c.get("nonFinite"))),
                        "the non-finite neurons are their own cluster: " + g);
            }
        }
        assertTrue(nonFinite > 0, "the unstable VAE's last activations hold NaN/Inf: " + doc);
        assertTrue(((List<?>) doc.get("warnings")).stream().anyMatch(w -> ((String) w).contains("NaN/Inf activations")),
                doc.get("warnings").toString());
        // before the loss turned NaN the same groups have finite activations and a purity
        Map<?, ?> first = cli.json("cluster", run("vae-unstable").toString(), "--iteration", "0", "--json");
        assertEquals(0L, first.get("iteration"));
        for (Map<?, ?> g : maps(first.get("layerGroups"))) {
            Map<?, ?> p = (Map<?, ?>) g.get("purity");
            assertEquals(0L, p.get("nonFiniteNeurons"), g.get("label").toString());
        }
        assertTrue(maps(first.get("layerGroups")).stream()
                .anyMatch(g -> Double.isFinite(number(((Map<?, ?>) g.get("purity")).get("purity")))), first.toString());
    }

    @Test
    void aGanWithoutLabelsSaysThereIsNoPurityButGivesRedundancy() throws Exception {
        Map<?, ?> doc = cli.json("cluster", run("pytorch-gan").toString(), "--json");
        assertEquals(JsonParser.NULL, doc.get("labels"));
        assertTrue(((List<?>) doc.get("warnings")).stream().anyMatch(w -> ((String) w).contains("no class labels")),
                doc.get("warnings").toString());
        for (Map<?, ?> g : maps(doc.get("layerGroups"))) {
            Map<?, ?> p = (Map<?, ?>) g.get("purity");
            assertEquals(Boolean.FALSE, p.get("labelled"));
            assertEquals("NaN", p.get("purity"));
            assertTrue(maps(g.get("clusters")).stream().allMatch(c -> c.get("majorityClass") == JsonParser.NULL));
            if ((Long) p.get("pairs") > 0) {
                assertTrue(Double.isFinite(number(p.get("redundancy"))), p.toString());
            }
        }
        assertEquals(ExitCode.OK, cli.run("cluster", run("pytorch-gan").toString()), cli.err());
        assertTrue(cli.out().contains("no class labels"), cli.out());
    }

    @Test
    void aGivenKIsKeptWithoutASuggestionAndOneGroupCanBeAsked() throws Exception {
        Path cnn = run("cnn");
        Map<?, ?> all = cli.json("cluster", cnn.toString(), "--method", "kMeans", "--k", "3", "--param", "seed=7",
                "--json");
        for (Map<?, ?> g : maps(all.get("layerGroups"))) {
            assertEquals(Math.min(3L, (Long) g.get("neurons")), g.get("k"), g.get("id").toString());
            assertEquals(Boolean.TRUE, g.get("kGiven"));
            assertEquals(JsonParser.NULL, g.get("suggestedK"));
            assertEquals(JsonParser.NULL, g.get("criterion"));
            assertTrue(((Map<?, ?>) g.get("scoreByK")).isEmpty());
        }
        assertEquals("3", ((Map<?, ?>) ((Map<?, ?>) all.get("clusterer")).get("parameters")).get("k"));
        assertEquals("7", ((Map<?, ?>) ((Map<?, ?>) all.get("clusterer")).get("parameters")).get("seed"));
        String second = (String) maps(all.get("layerGroups")).get(1).get("id");
        Map<?, ?> one = cli.json("cluster", cnn.toString(), "--layer-group", second, "--k", "3", "--json");
        assertEquals(1, ((List<?>) one.get("layerGroups")).size());
        assertEquals(second, maps(one.get("layerGroups")).get(0).get("id"));

        Map<?, ?> shift = cli.json("cluster", cnn.toString(), "--method", "meanShift", "--param",
                "features=fullActivation", "--json");
        assertEquals("fullActivation", shift.get("features"));
        for (Map<?, ?> g : maps(shift.get("layerGroups"))) {
            assertTrue(((String) g.get("criterion")).startsWith("mean shift"), g.get("criterion").toString());
        }
        assertEquals(ExitCode.OK, cli.run("cluster", cnn.toString(), "--k", "2"), cli.err());
        assertTrue(cli.out().contains("purity") && cli.out().contains("channel"), cli.out());
    }

    @Test
    void anUnknownGroupOrClustererIsBadDataListingTheValidOnes() throws Exception {
        Path cnn = run("cnn");
        String first = (String) maps(cli.json("cluster", cnn.toString(), "--json").get("layerGroups")).get(0).get("id");
        assertEquals(ExitCode.BAD_DATA, cli.run("cluster", cnn.toString(), "--layer-group", "no-such-group"));
        assertTrue(cli.err().contains("no-such-group") && cli.err().contains(first), cli.err());
        assertEquals(ExitCode.BAD_DATA, cli.run("cluster", cnn.toString(), "--method", "dbscan"));
        assertTrue(cli.err().contains("org.trainscope.algorithms.clustering.kMeans")
                && cli.err().contains("org.trainscope.algorithms.clustering.meanShift"), cli.err());
        assertEquals(ExitCode.USAGE, cli.run("cluster", cnn.toString(), "--method", "meanShift", "--k", "3"));
        assertTrue(cli.err().contains("declares no k"), cli.err());
        assertEquals(ExitCode.USAGE, cli.run("cluster", cnn.toString(), "--param", "nonsense=1"));
        assertEquals(ExitCode.USAGE, cli.run("cluster", cnn.toString(), "--k", "0"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "cnn", "cnn-wide", "mlp", "vae-unstable", "pytorch-cnn", "pytorch-gan" })
    void exportCnnVisWritesAValidSvgAndAPngWithTitleAndLegend(String name) throws Exception {
        Path svg = dir.resolve(name + ".svg");
        assertEquals(ExitCode.OK, cli.run("export", run(name).toString(), "--view", "cnnvis", "--out", svg.toString()),
                cli.err());
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", xml.getDocumentElement().getTagName());
        assertTrue(text.contains("CNNVis: "), "title");
        assertTrue(text.contains("weights of edges"), "the legend names the encoding and its range");
        assertTrue(text.contains("avg |gradient|"), "debugging facts");
        assertTrue(text.contains(name.equals("pytorch-gan") ? "no labels" : "(chance "), "each group's purity");
        List<String> labels = new ArrayList<>();
        for (Map<?, ?> g : maps(cli.json("cluster", run(name).toString(), "--json").get("layerGroups"))) {
            labels.add(((String) g.get("label")).split(" ")[0]);
        }
        for (String l : labels) {
            assertTrue(text.contains(l), "group " + l + " is labelled");
        }

        Path png = dir.resolve(name + ".png");
        assertEquals(ExitCode.OK, cli.run("export", run(name).toString(), "--view", "cnnvis", "--encoding", "gradient",
                "--width", "900", "--height", "500", "--out", png.toString()), cli.err());
        assertTrue(Files.size(png) > 1000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertTrue(image.getHeight() > 500, "title and legend are added to the network part");
        assertTrue(distinctColours(image) > 20, "a picture, not a blank page");
    }

    @Test
    void exportCnnVisTakesTheEncodingAndFacetAndRefusesOtherViewsOptions() throws Exception {
        Path cnn = run("cnn");
        Path svg = dir.resolve("g.svg");
        assertEquals(ExitCode.OK, cli.run("export", cnn.toString(), "--view", "cnnvis", "--encoding", "relative-change",
                "--facet", "activations", "--k", "3", "--out", svg.toString()), cli.err());
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        assertTrue(text.contains("relative change of weights"), "legend of the chosen encoding");
        assertTrue(text.contains("activation matrix"), "legend of the chosen facet");
        assertEquals(ExitCode.USAGE, cli.run("export", cnn.toString(), "--view", "cnnvis", "--tensor", "x", "--out",
                dir.resolve("x.svg").toString()));
        assertEquals(ExitCode.USAGE, cli.run("export", cnn.toString(), "--view", "cnnvis", "--encoding", "colour",
                "--out", dir.resolve("x.svg").toString()));
        assertEquals(ExitCode.USAGE, cli.run("export", cnn.toString(), "--view", "dynamics", "--tensor", "x", "--k", "3",
                "--out", dir.resolve("x.svg").toString()));
        assertFalse(Files.exists(dir.resolve("x.svg")));
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
