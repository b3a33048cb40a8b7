package org.trainscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.internal.Cli;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeNames;
import org.w3c.dom.Document;

/**
 * {@code export --view snapshot} on real runs recorded by {@code record-demo} on Fashion-MNIST: the
 * failing VAE just before its loss turns NaN (its abnormal nodes marked) and the CNN at its last
 * iteration; SVG parses with title, every node and the legend; PNG is a picture.
 */
class CliSnapshotExportTest {
    @TempDir
    static Path runs;

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    @BeforeAll
    static void record() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(log, true, StandardCharsets.UTF_8);
        assertEquals(ExitCode.OK, new Cli(p, p).run("record-demo", "--kind", "cnn", "--train", "1280",
                runs.toString()), log.toString(StandardCharsets.UTF_8));
        assertEquals(ExitCode.OK, new Cli(p, p).run("record-demo", "--kind", "vae-unstable", "--train", "2560",
                runs.toString()), log.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theFailingVaeBeforeItFailsIsExportedWithItsAbnormalNodesMarked() throws Exception {
        Path vae = runs.resolve("vae-unstable");
        long failing;
        Set<String> names = new HashSet<>();
        try (TraceRun run = TraceRun.open(vae)) {
            failing = run.metric("loss").orElseThrow().firstNonFiniteIteration();
            for (Node n : run.graph().nodes()) {
                names.add(NodeNames.name(n));
            }
        }
        assertTrue(failing > 0, "the unstable VAE fails");
        Path svg = dir.resolve("vae.svg");
        assertEquals(ExitCode.OK, cli.run("export", vae.toString(), "--view", "snapshot", "--iteration",
                Long.toString(failing - 1), "--out", svg.toString()), cli.err());
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", xml.getDocumentElement().getTagName());
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        assertTrue(text.contains("snapshot at iteration " + (failing - 1)), "title");
        assertTrue(text.contains("Most abnormal: #1 "), "the marked nodes are named in the title");
        assertTrue(text.contains("values: mean, 5–95 % band") && text.contains("gradients (own scale)")
                && text.contains("NaN/Inf"), "legend");
        for (String name : names) {
            String shown = name.length() > 14 ? name.substring(0, 10) : name; // long names are shortened with …
            assertTrue(text.contains(shown.replace("&", "&amp;").replace("<", "&lt;")), "node " + name + " drawn");
        }

        Path png = dir.resolve("vae.png");
        assertEquals(ExitCode.OK, cli.run("export", vae.toString(), "--view", "snapshot", "--iteration",
                Long.toString(failing - 1), "--out", png.toString()), cli.err());
        assertTrue(Files.size(png) > 1000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 700 && image.getHeight() > 200, image.getWidth() + "x" + image.getHeight());
        assertTrue(distinctColours(image) > 20, "a picture, not a blank page");
    }

    @Test
    void theCnnIsExportedAtItsLastIterationAndWrongOptionsAreRefused() throws Exception {
        Path cnn = runs.resolve("cnn");
        Path svg = dir.resolve("cnn.svg");
        assertEquals(ExitCode.OK, cli.run("export", cnn.toString(), "--view", "snapshot", "--out", svg.toString()),
                cli.err());
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        String title;
        try (TraceRun run = TraceRun.open(cnn)) {
            long last = run.tensors().stream().mapToLong(t -> t.iterationCount() == 0 ? -1
                    : t.iterations()[t.iterationCount() - 1]).max().orElseThrow();
            title = run.name() + ": snapshot at iteration " + last;
        }
        assertTrue(text.contains(title.replace("&", "&amp;").replace("<", "&lt;")), "title " + title);
        assertEquals(ExitCode.USAGE, cli.run("export", cnn.toString(), "--view", "snapshot", "--width", "800",
                "--height", "600", "--out", dir.resolve("x.svg").toString()));
        assertEquals(ExitCode.USAGE, cli.run("export", cnn.toString(), "--view", "dynamics", "--tensor", "x",
                "--iteration", "3", "--out", dir.resolve("y.svg").toString()));
        assertTrue(!Files.exists(dir.resolve("x.svg")) && !Files.exists(dir.resolve("y.svg")), "nothing written");
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
