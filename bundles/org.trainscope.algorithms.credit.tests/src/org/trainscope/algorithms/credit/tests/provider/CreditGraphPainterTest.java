package org.trainscope.algorithms.credit.tests.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.algorithms.credit.CreditResult.Direction;
import org.trainscope.algorithms.credit.provider.CreditColours;
import org.trainscope.algorithms.credit.provider.CreditGraph;
import org.trainscope.algorithms.credit.provider.CreditGraphModel;
import org.trainscope.algorithms.credit.provider.CreditGraphPainter;
import org.trainscope.algorithms.credit.provider.CreditGraphProvider;
import org.trainscope.algorithms.credit.provider.CreditGraphRequest;
import org.trainscope.algorithms.credit.provider.CreditTarget;
import org.trainscope.algorithms.credit.provider.InputCredit;
import org.trainscope.algorithms.credit.provider.RunParameterSource;

/** The credit figure written without a display, as SVG and PNG, from a real PyTorch trace. */
class CreditGraphPainterTest {
    @TempDir
    static Path dir;

    private static TraceRun run;
    private static CreditGraphModel model;

    @BeforeAll
    static void explain() throws Exception {
        run = PyTorchFixture.record(dir);
        // plain Java, as the javadoc of CreditGraphProvider shows: no workbench
        CreditTarget target = CreditTarget.ofNode(run, "4", 1);
        long iteration = RunParameterSource.lastFiniteIteration(run);
        model = new CreditGraphProvider().compute(CreditGraphRequest.of(target, Direction.FORWARD, "epsilonGammaBox",
                iteration, 3), new NullProgressMonitor());
    }

    @AfterAll
    static void close() {
        run.close();
    }

    @Test
    void theSvgNamesTheRunTheNeuronTheLayersAndTheInputs() throws Exception {
        Path svg = dir.resolve("credit.svg");
        CreditGraphPainter.write(model, svg);
        String doc = Files.readString(svg, StandardCharsets.UTF_8);
        assertTrue(doc.contains("unit 1 of 4"), "the neuron in the title");
        for (CreditGraph.Node n : model.graph().nodes()) {
            assertTrue(doc.contains(escape(n.layerLabel())), "layer " + n.layerLabel() + " named");
        }
        assertTrue(doc.contains("Inputs by relevance"));
        assertTrue(doc.contains("input " + model.inputs().get(0).input()), "the strongest input listed");
        // an edge in the colour of its sign, and the target's box in the target colour
        CreditGraph.Edge e = model.graph().edges().get(0);
        assertTrue(doc.contains(String.format("stroke=\"#%06x\"", CreditColours.of(e.weight()))), "edge colour");
        assertTrue(doc.contains(String.format("fill=\"#%06x\"", CreditColours.TARGET)), "target box");
        assertTrue(doc.contains("data:image/png;base64,"), "input pictures embedded");
    }

    @Test
    void thePngShowsTheRelevanceColoursAtTheInputStrip() throws Exception {
        Path png = dir.resolve("credit.png");
        CreditGraphPainter.write(model, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        CreditGraphPainter.Placement at = CreditGraphPainter.place(model);
        assertEquals(at.width(), image.getWidth());
        assertEquals(at.height(), image.getHeight());
        InputCredit first = model.inputs().get(0);
        assertNotNull(first.picture(), "8x8 probe images are pictures");
        assertNotNull(first.picture().heat(), "forward credit has a relevance map");
        int x0 = (int) Math.round(at.stripX());
        int y0 = (int) Math.round(at.stripY());
        int p = (int) CreditGraphPainter.PICTURE;
        int coloured = 0;
        int greyOnly = 0;
        for (int y = y0 + 2; y < y0 + p - 2; y++) {
            for (int x = x0 + 2; x < x0 + p - 2; x++) {
                greyOnly += isGrey(image.getRGB(x, y)) ? 1 : 0;
                int heat = image.getRGB(x + p + 8, y); // the relevance map beside the picture
                coloured += isRedOrBlue(heat) ? 1 : 0;
            }
        }
        int area = (p - 4) * (p - 4);
        assertEquals(area, greyOnly, "the input picture is grey");
        assertTrue(coloured > area / 10, "relevance in red and blue: " + coloured + " of " + area + " pixels");
        // the graph: some pixel in an edge colour left of the strip
        boolean edge = false;
        for (int y = 0; y < image.getHeight() && !edge; y++) {
            for (int x = 0; x < x0 - 10 && !edge; x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                edge = rgb == CreditColours.POSITIVE || rgb == CreditColours.NEGATIVE;
            }
        }
        assertTrue(edge, "edges drawn in the credit colours");
    }

    @Test
    void aGivenSizeShrinksTheGraphButNeverTheStrip() {
        CreditGraphPainter.Placement natural = CreditGraphPainter.place(model);
        CreditGraphPainter.Placement small = CreditGraphPainter.place(model, natural.width() / 2 + 150, 0);
        assertEquals(1.0, natural.scale());
        assertTrue(small.scale() < 1, "scale " + small.scale());
        assertEquals(natural.width() - natural.stripX(), small.width() - small.stripX(), 1e-9);
        assertFalse(small.graphX() + small.graph().width() * small.scale() > small.stripX(), "graph left of the strip");
    }

    private static boolean isGrey(int argb) {
        int r = argb >> 16 & 0xFF;
        int g = argb >> 8 & 0xFF;
        int b = argb & 0xFF;
        return r == g && g == b;
    }

    private static boolean isRedOrBlue(int argb) {
        int r = argb >> 16 & 0xFF;
        int g = argb >> 8 & 0xFF;
        int b = argb & 0xFF;
        return r > g + 30 && r > b + 30 || b > g + 30 && b > r + 30;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
