package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.algorithms.sampling.provider.DynamicsChartModel;
import org.trainscope.algorithms.sampling.provider.DynamicsChartPainter;
import org.trainscope.algorithms.sampling.provider.DynamicsChartProvider;
import org.trainscope.algorithms.sampling.provider.DynamicsColours;
import org.trainscope.algorithms.sampling.provider.DynamicsRequest;
import org.trainscope.algorithms.sampling.provider.NeuronGrouping;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoResult;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;

/**
 * The training-dynamics provider and painter without a workbench, as the command line uses them:
 * the demo run {@code vae-unstable} recorded small from real Fashion-MNIST (every tensor turns NaN
 * from iteration 14 on), opened with the trace adapter and not through the workbench's RunManager.
 */
class DynamicsChartProviderTest {

    private static final String TENSOR = "e0.leakyrelu.act";
    @TempDir
    static Path directory;
    private static DemoResult demo;
    private static TraceRun run;
    private static TensorSeries activations;

    @BeforeAll
    static void record() throws IOException {
        demo = DemoRuns.record(DemoKind.VAE_UNSTABLE, directory, 42, new DemoSize(4096, 50, 64, 16, 1),
                DemoRuns.dataDirectory(), null);
        run = TraceRun.open(demo.trace());
        activations = run.tensor(TENSOR).orElseThrow();
    }

    @AfterAll
    static void close() throws IOException {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void theModelHoldsTheSampleTheAxesAndTheNonFiniteOnsets() throws IOException {
        DynamicsRequest request = DynamicsRequest.of(run, activations);
        DynamicsChartModel chart = DynamicsChartProvider.compute(request, new NullProgressMonitor());
        int units = request.layout().unitCount();
        assertEquals(units, chart.polylines().neuronCount(), "one polyline per unit (mean over the probe inputs)");
        assertEquals(Math.min(units, DynamicsRequest.DEFAULT_SAMPLE_COUNT), chart.sampled().length);
        assertEquals(activations.iterationCount(), chart.length());
        assertEquals(800 * 400, chart.densityImage().length);
        assertTrue(chart.linesAsVectors());
        assertNull(chart.linesImage());
        // the sample's indices, sorted and in selection order, are the same set
        int[] order = chart.selectionOrder().clone();
        Arrays.sort(order);
        assertArrayEquals(chart.sampled(), order);
        // every polyline turns NaN: all of them counted at one iteration, every sampled one has an onset
        assertEquals(chart.polylines().neuronCount(), chart.scan().nonFinitePolylines());
        assertFalse(chart.nonFiniteMarks().isEmpty());
        assertEquals(chart.polylines().neuronCount(),
                chart.nonFiniteMarks().stream().mapToInt(DynamicsChartModel.NonFiniteMark::count).sum());
        for (int i = 0; i < chart.sampled().length; i++) {
            assertTrue(chart.onset(i) > 0, "sampled polyline " + i + " has no non-finite onset");
        }
        // ticks inside the plot, labelled, iterations of the run
        assertTrue(chart.valueTicks().size() >= 2, chart.valueTicks().toString());
        assertTrue(chart.valueTicks().stream().allMatch(t -> t.pixel() >= 0 && t.pixel() < 400 && !t.label().isEmpty()));
        assertTrue(chart.iterationTicks().size() >= 2, chart.iterationTicks().toString());
        assertTrue(chart.iterationTicks().stream().allMatch(t -> t.pixel() >= 0 && t.pixel() < 800));
        assertTrue(chart.figures().stream().anyMatch(f -> f.text().startsWith("radius ")), chart.quality());
    }

    /**
     * The dead-ReLU demo: every unit of the first layer is 0 at every iteration. Its lines were drawn
     * along the chart's bottom edge, under the iteration axis, on an axis from 0 to 1: a researcher saw
     * an empty chart. A constant gets a band around it, with ticks on both sides of its line.
     */
    @Test
    void aLayerOfDeadUnitsIsDrawnMidHeight(@TempDir Path elsewhere) throws IOException {
        DemoResult dead = DemoRuns.record(DemoKind.MLP_DEAD_RELU, elsewhere, 42, new DemoSize(1024, 20, 64, 16, 1),
                DemoRuns.dataDirectory(), null);
        try (TraceRun deadRun = TraceRun.open(dead.trace())) {
            TensorSeries relu = deadRun.tensor("dense0.relu.act").orElseThrow();
            DynamicsChartModel chart = DynamicsChartProvider.compute(DynamicsRequest.of(deadRun, relu), null);
            assertEquals(0, chart.scan().min(), "the demo's first layer is dead");
            assertEquals(0, chart.scan().max(), "the demo's first layer is dead");
            assertTrue(chart.axis().min() < 0 && chart.axis().max() > 0, chart.axis().toString());
            assertEquals(0.5, chart.axis().position(0), 1e-9);
            int zeroRow = (int) Math.round((1 - chart.axis().position(0)) * (chart.height() - 1));
            assertTrue(chart.valueTicks().stream().anyMatch(t -> t.pixel() < zeroRow - 10), chart.valueTicks().toString());
            assertTrue(chart.valueTicks().stream().anyMatch(t -> t.pixel() > zeroRow + 10), chart.valueTicks().toString());
            assertTrue(chart.valueTicks().stream().anyMatch(t -> t.label().equals("0")), chart.valueTicks().toString());
        }
    }

    @Test
    void sampleGivesTheChartsSelectionOrderAndDependsOnTheSeed() throws IOException {
        DynamicsRequest request = DynamicsRequest.of(run, activations).withSampler(DynamicsRequest.BLUE_NOISE, 40, 7,
                Map.of());
        int[] order = DynamicsChartProvider.sample(request, null).selectionOrder();
        assertEquals(40, order.length);
        assertArrayEquals(order, DynamicsChartProvider.compute(request, null).selectionOrder());
        int[] otherSeed = DynamicsChartProvider.sample(request.withSampler(DynamicsRequest.BLUE_NOISE, 40, 8, Map.of()),
                null).selectionOrder();
        assertFalse(Arrays.equals(order, otherSeed));
        // a declared parameter of the sampler is passed through, checked against its declaration
        DynamicsRequest weighted = request.withSampler(DynamicsRequest.BLUE_NOISE, 40, 7,
                Map.of("directionWeight", "0"));
        assertFalse(Arrays.equals(order, DynamicsChartProvider.sample(weighted, null).selectionOrder()));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> DynamicsChartProvider
                .sample(request.withSampler(DynamicsRequest.BLUE_NOISE, 40, 7, Map.of("directionWeight", "-1")),
                        null));
        assertTrue(bad.getMessage().contains("directionWeight"), bad.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> DynamicsChartProvider
                .sample(request.withSampler(DynamicsRequest.BLUE_NOISE, 40, 7, Map.of("stride", "2")), null));
        assertTrue(unknown.getMessage().contains("stride"), unknown.getMessage());
        IOException missing = assertThrows(IOException.class, () -> DynamicsChartProvider
                .sample(request.withSampler("no.such.sampler", 40, 7, Map.of()), null));
        assertTrue(missing.getMessage().contains(DynamicsRequest.BLUE_NOISE), missing.getMessage());
        assertEquals(Math.round(0.1 * request.layout().unitCount()), DynamicsChartProvider.sampleCountForRate(request,
                0.1));
    }

    @Test
    void aCancelledComputationStops() {
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        assertThrows(OperationCanceledException.class,
                () -> DynamicsChartProvider.compute(DynamicsRequest.of(run, activations), cancelled));
    }

    /**
     * The exported figure: SVG with the axes' labels as text and one polyline per finite run of a
     * sampled polyline; PNG (headless AWT) with the red of the non-finite marks and the plot's
     * density.
     */
    @Test
    void exportWritesTheViewsPictureAsSvgAndPng() throws IOException {
        DynamicsRequest request = DynamicsRequest.of(run, activations).withSize(600, 300);
        DynamicsChartModel chart = DynamicsChartProvider.compute(request, null);
        Path svg = directory.resolve("dynamics.svg");
        DynamicsChartPainter.write(chart, svg);
        String document = Files.readString(svg);
        assertTrue(document.contains("width=\"" + DynamicsChartPainter.figureWidth(chart) + "\""));
        Set<String> texts = texts(document);
        for (DynamicsChartModel.AxisTick tick : chart.valueTicks()) {
            assertTrue(texts.contains(tick.label()), "value label " + tick.label() + " missing: " + texts);
        }
        for (DynamicsChartModel.AxisTick tick : chart.iterationTicks()) {
            assertTrue(texts.contains(tick.label()), "iteration label " + tick.label() + " missing: " + texts);
        }
        assertTrue(texts.stream().anyMatch(t -> t.endsWith(" non-finite")), texts.toString());
        assertEquals(finiteRuns(chart), count(document, "<polyline "), "one polyline per finite run of the sample");
        assertTrue(document.contains("stroke=\"#" + String.format("%06x", DynamicsColours.LINE) + "\""));
        assertEquals(1, count(document, "<image "), "the density, embedded");

        Path png = directory.resolve("dynamics.png");
        DynamicsChartPainter.write(chart, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(DynamicsChartPainter.figureWidth(chart), image.getWidth());
        assertEquals(DynamicsChartPainter.figureHeight(chart), image.getHeight());
        int red = 0;
        for (int y = 0; y < DynamicsChartPainter.TOP; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                red += (image.getRGB(x, y) & 0xffffff) == DynamicsColours.ONSET ? 1 : 0;
            }
        }
        assertTrue(red >= 10, "the non-finite triangles above the plot: " + red + " pixels of their red");
        long onsetRed = 0;
        for (int y = DynamicsChartPainter.TOP; y < DynamicsChartPainter.TOP + chart.height(); y++) {
            for (int x = DynamicsChartPainter.LEFT; x < DynamicsChartPainter.LEFT + chart.width(); x++) {
                onsetRed += (image.getRGB(x, y) & 0xffffff) == DynamicsColours.ONSET ? 1 : 0;
            }
        }
        assertTrue(onsetRed >= 20, "the onset dots of the sampled lines: " + onsetRed + " red pixels");
    }

    /** A sample larger than the vector limit comes rasterised; the export then has no polylines. */
    @Test
    void aLargeSampleIsRasterisedWithTheDensity() throws IOException {
        DynamicsRequest all = DynamicsRequest.of(run, activations);
        // one polyline per unit and probe input: more of them than the vector limit
        NeuronGrouping grouping = all.layout().hasProbeAxis() ? NeuronGrouping.PROBE_UNITS : NeuronGrouping.UNITS;
        DynamicsRequest request = all.withGrouping(grouping).withSampler("org.trainscope.algorithms.sampling.random", DynamicsChartProvider.MAX_VECTOR_LINES + 1,
                        42, Map.of());
        DynamicsChartModel chart = DynamicsChartProvider.compute(request, null);
        assertTrue(chart.polylines().neuronCount() > DynamicsChartProvider.MAX_VECTOR_LINES,
                "too few polylines for the test: " + chart.polylines().neuronCount());
        assertEquals(DynamicsChartProvider.MAX_VECTOR_LINES + 1, chart.sampled().length);
        assertFalse(chart.linesAsVectors());
        int[] lines = chart.linesImage();
        long drawn = Arrays.stream(lines).filter(p -> (p >>> 24) != 0).count();
        assertTrue(drawn > 1000, drawn + " pixels of sampled lines");
        Path svg = directory.resolve("large.svg");
        DynamicsChartPainter.write(chart, svg);
        String document = Files.readString(svg);
        assertEquals(0, count(document, "<polyline "));
        assertEquals(2, count(document, "<image "));
    }

    private static int finiteRuns(DynamicsChartModel chart) {
        int runs = 0;
        for (int i = 0; i < chart.sampled().length; i++) {
            int n = 0;
            for (int j = 0; j <= chart.length(); j++) {
                if (j < chart.length() && Float.isFinite(chart.value(i, j))) {
                    n++;
                } else {
                    runs += n >= 2 ? 1 : 0;
                    n = 0;
                }
            }
        }
        return runs;
    }

    private static Set<String> texts(String svg) {
        Set<String> texts = new HashSet<>();
        Matcher m = Pattern.compile("<text[^>]*>([^<]*)</text>").matcher(svg);
        while (m.find()) {
            texts.add(m.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"));
        }
        return texts;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * Anomalous neuron groups on the failing VAE, for every activation tensor: the polylines (of
     * all, not only the sampled) that turn NaN/Inf first are in the sample, and one group holds all
     * of the sampled ones, named by that kind and iteration.
     */
    @Test
    void aGroupHoldsTheNeuronsThatTurnNonFiniteFirst() throws IOException {
        int checked = 0;
        for (TensorSeries tensor : run.tensors()) {
            if (tensor.kind() != org.trainscope.core.model.TensorKind.ACTIVATION || tensor.iterationCount() < 2) {
                continue;
            }
            DynamicsChartModel chart = DynamicsChartProvider.compute(DynamicsRequest.of(run, tensor),
                    new NullProgressMonitor());
            TensorSeries polylines = chart.polylines();
            int first = Integer.MAX_VALUE;
            Set<Integer> earliest = new HashSet<>();
            float[] row = new float[polylines.iterationCount()];
            for (int p = 0; p < polylines.neuronCount(); p++) {
                polylines.readPolyline(p, 0, row.length, row);
                int onset = DynamicsChartModel.onset(row, 0, row.length);
                if (onset >= 0 && onset < first) {
                    first = onset;
                    earliest.clear();
                }
                if (onset >= 0 && onset == first) {
                    earliest.add(p);
                }
            }
            if (earliest.isEmpty()) {
                continue;
            }
            checked++;
            int[] sampledEarliest = earliest.stream().filter(chart::isSampled).mapToInt(Integer::intValue).toArray();
            assertTrue(sampledEarliest.length > 0, tensor.id() + ": the first to fail are sampled");
            long at = chart.iteration(first);
            String groups = chart.groups().toString();
            org.trainscope.algorithms.sampling.provider.NeuronGroup group = chart.groups().stream()
                    .filter(g -> g.pattern().nonFinite() && g.iteration() == at).findFirst()
                    .orElseThrow(() -> new AssertionError(tensor.id() + ": no group fails at " + at + ": " + groups));
            Set<Integer> members = new HashSet<>();
            Arrays.stream(group.polylines()).forEach(members::add);
            for (int p : sampledEarliest) {
                assertTrue(members.contains(p), tensor.id() + ": " + chart.describe(p) + " fails first, not in " + group);
            }
            assertTrue(group.description().endsWith("from it. " + at), group.description());
            assertEquals(group, chart.groups().stream().filter(g -> g.pattern().nonFinite()).findFirst().orElseThrow(),
                    "the first failing group is listed before the later ones: " + groups);
        }
        assertTrue(checked >= 3, "activation tensors that fail: " + checked);
    }
}
