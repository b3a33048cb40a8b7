package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.algorithms.sampling.TensorSeriesPolylines;
import org.trainscope.algorithms.sampling.provider.DynamicsChartModel;
import org.trainscope.algorithms.sampling.provider.DynamicsChartProvider;
import org.trainscope.algorithms.sampling.provider.DynamicsRequest;
import org.trainscope.algorithms.sampling.provider.NeuronGrouping;
import org.trainscope.algorithms.sampling.summary.SampleCache;
import org.trainscope.algorithms.sampling.summary.SummaryCache;
import org.trainscope.algorithms.sampling.summary.TensorSummaries;
import org.trainscope.algorithms.sampling.summary.TensorSummary;
import org.trainscope.core.model.InMemoryTensorSeries;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoResult;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;

/**
 * Issue 16: the density drawn from a tensor summary equals the exact density of all polylines
 * within the summary's stated error ({@link TensorSummary#rowError}), for the whole chart, a zoomed
 * record range and a zoomed value window, on linear and symmetric-log axes; the value range,
 * exponent histogram and non-finite onsets equal the exact scan. On real demo runs recorded from
 * Fashion-MNIST (vae-unstable: every tensor NaN from iteration 14; cnn: probe activations of
 * 156,800 neurons, more than the subset that fixes the bulk range) and on a synthetic tensor with
 * diverging, spiking, NaN and infinite polylines beyond the bulk range.
 */
class TensorSummaryTest {
    private static final int W = 400;
    private static final int H = 200;

    @TempDir
    static Path directory;
    private static TraceRun vae;
    private static TraceRun cnn;

    @BeforeAll
    static void record() throws IOException {
        DemoResult v = DemoRuns.record(DemoKind.VAE_UNSTABLE, directory.resolve("vae"), 42,
                new DemoSize(2048, 50, 64, 16, 1), DemoRuns.dataDirectory(), null);
        vae = TraceRun.open(v.trace());
        DemoResult c = DemoRuns.record(DemoKind.CNN, directory.resolve("cnn"), 42, new DemoSize(3200, 50, 64, 20, 1),
                DemoRuns.dataDirectory(), null);
        cnn = TraceRun.open(c.trace());
    }

    @AfterAll
    static void close() {
        if (vae != null) {
            vae.close();
        }
        if (cnn != null) {
            cnn.close();
        }
    }

    @Test
    void vaeUnstableSummariesMatchTheExactDensity() throws IOException {
        List<TensorSeries> tensors = vae.tensors().stream().filter(t -> t.kind() == TensorKind.ACTIVATION)
                .filter(t -> t.iterationCount() >= 4).toList();
        assertTrue(tensors.size() >= 3, "vae-unstable records activations");
        for (TensorSeries t : tensors) {
            checkAgainstExact(t);
        }
    }

    @Test
    void cnnProbeActivationsMatchTheExactDensity() throws IOException {
        cnn.tensors().forEach(t -> System.out.println("cnn tensor " + t.id() + " " + t.kind() + " "
                + t.neuronCount() + " x " + t.iterationCount()));
        List<TensorSeries> tensors = cnn.tensors().stream().filter(t -> t.kind() == TensorKind.ACTIVATION)
                .filter(t -> t.iterationCount() >= 4).toList();
        assertTrue(tensors.stream().anyMatch(t -> t.neuronCount() > 16 * 1024), "a tensor beyond the subset");
        for (TensorSeries t : tensors) {
            checkAgainstExact(t);
        }
    }

    @Test
    void syntheticTensorWithExcursionsNanAndInfinity() throws IOException {
        InMemoryTensorSeries t = Synthetic.tensor(40_000, 30);
        TensorSummary s = checkAgainstExact(t);
        // three quarters of the planted polylines leave the bulk range; the last quarter turns NaN within it
        assertTrue(s.excursionCount() >= 3 * Synthetic.PLANTED / 4, "the planted polylines leave the bulk range: "
                + s.excursionCount());
        assertEquals(0, s.clampedCount());
    }

    /**
     * Progressive: while a big tensor (184,320 polylines) is summarised, a first picture of the
     * stratified subset comes first (density, no sample); once the summary is cached, none.
     */
    @Test
    void aFirstPictureComesFirstOnlyWhileSummarising() throws IOException {
        TensorSeries big = cnn.tensor("conv2d0.relu.act").orElseThrow();
        TensorSummaries.clearMemory();
        Path cache = SummaryCache.of(cnn.location()).directory();
        if (Files.isDirectory(cache)) {
            try (var files = Files.walk(cache)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        DynamicsRequest request = new DynamicsRequest(cnn, big, NeuronLayout.of(cnn, big),
                NeuronGrouping.PROBE_UNITS, 0, big.iterationCount(), DynamicsRequest.BLUE_NOISE, 50, 42, Map.of(),
                false, 200, 100, Double.NaN, Double.NaN);
        List<DynamicsChartModel> previews = new ArrayList<>();
        DynamicsChartModel done = DynamicsChartProvider.compute(request, previews::add, null);
        // the subset's density while the pass runs, then every polyline's density while the sampler runs
        assertEquals(2, previews.size());
        DynamicsChartModel first = previews.get(0);
        assertTrue(first.isPreview());
        assertEquals(0, first.sampled().length);
        assertTrue(Arrays.stream(first.densityImage()).distinct().count() > 2, "the subset's density is drawn");
        assertTrue(first.figures().get(0).text().startsWith("first picture from "), first.figures().toString());
        DynamicsChartModel summarised = previews.get(1);
        assertTrue(summarised.isPreview() && summarised.sampled().length == 0);
        assertEquals("density of all " + summarised.polylines().neuronCount() + " polylines",
                summarised.figures().get(0).text());
        assertTrue(!done.isPreview() && done.sampled().length == 50);
        assertArrayEquals(done.densityImage(), summarised.densityImage(), "the final chart's density is the one shown before");
        previews.clear();
        TensorSummaries.clearMemory();
        DynamicsChartProvider.compute(request, previews::add, null);
        assertEquals(List.of(), previews, "a cached summary and sample need no first picture");

        // the next session: nothing in memory, the summary and the sample come from beside the trace
        TensorSummaries.clearMemory();
        DynamicsChartProvider.clearSampleMemory();
        Path samples = SampleCache.of(cnn.location()).directory();
        assertEquals(1, jsonFiles(samples).size(), "one sample on disk: " + jsonFiles(samples));
        DynamicsChartModel again = DynamicsChartProvider.compute(request, previews::add, null);
        assertEquals(List.of(), previews, "no sampler ran: the sample came from disk");
        assertArrayEquals(done.sampled(), again.sampled());
        assertArrayEquals(done.densityImage(), again.densityImage());
        assertEquals(done.figures(), again.figures(), "the sampler's figures (radius, passes) are kept too");
        // the sampled polylines' values are kept with the sample: equal to the trace's
        long valueFiles;
        try (var files = Files.list(samples)) {
            valueFiles = files.filter(f -> f.getFileName().toString().endsWith(".values.npy")).count();
        }
        assertEquals(1, valueFiles, "the sampled values beside the sample");
        float[] fromTrace = new float[done.sampled().length * big.iterationCount()];
        TensorSeries drawn = done.polylines();
        drawn.readPolylines(done.sampled(), 0, big.iterationCount(), fromTrace);
        for (int i = 0; i < done.sampled().length; i++) {
            for (int p = 0; p < big.iterationCount(); p++) {
                assertEquals(fromTrace[i * big.iterationCount() + p], again.value(i, p), "polyline " + i + " point " + p);
            }
        }

        // a damaged entry is a miss: the sampler runs again and rewrites it
        Path entry = jsonFiles(samples).get(0);
        Files.writeString(entry, "{ \"key\": ");
        DynamicsChartProvider.clearSampleMemory();
        DynamicsChartModel redrawn = DynamicsChartProvider.compute(request, previews::add, null);
        assertEquals(1, previews.size(), "the density of all polylines while the sampler runs again");
        assertArrayEquals(done.sampled(), redrawn.sampled());
        assertTrue(Files.readString(entry).contains("\"samplerId\""), "the entry is written again");
    }

    private static List<Path> jsonFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    /** A sample's polylines read record file by record file equal those read one by one. */
    @Test
    void sampledPolylinesReadInDiskOrder() throws IOException {
        TensorSeries big = cnn.tensor("conv2d0.relu.act").orElseThrow();
        int[] neurons = { 3, 4, 5, 77, 4095, 4096, 100_000, 184_319 };
        int from = 1;
        int to = big.iterationCount();
        float[] together = new float[neurons.length * (to - from)];
        big.readPolylines(neurons, from, to, together);
        float[] one = new float[to - from];
        for (int i = 0; i < neurons.length; i++) {
            big.readPolyline(neurons[i], from, to, one);
            assertArrayEquals(one, Arrays.copyOfRange(together, i * (to - from), (i + 1) * (to - from)));
        }
    }

    /** Compares everything a chart takes from the summary with the exact computation. */
    static TensorSummary checkAgainstExact(TensorSeries t) throws IOException {
        TensorSummary s = TensorSummaries.compute(t, null);
        int records = t.iterationCount();
        List<int[]> ranges = List.of(new int[] { 0, records }, new int[] { records / 4, Math.max(records / 4 + 2,
                3 * records / 4) });
        for (int[] range : ranges) {
            TensorSeriesPolylines source = new TensorSeriesPolylines(t, range[0], range[1]);
            PolylineDensity.Scan exact = PolylineDensity.scan(source, null);
            PolylineDensity.Scan summarised = s.scan(range[0], range[1]);
            String what = t.id() + " records " + range[0] + ".." + range[1];
            assertEquals(exact.empty(), summarised.empty(), what);
            if (exact.empty()) {
                continue;
            }
            assertEquals(exact.min(), summarised.min(), what);
            assertEquals(exact.max(), summarised.max(), what);
            assertArrayEquals(exact.magnitudes(), summarised.magnitudes(), what);
            assertEquals(exact.nonFinitePolylines(), summarised.nonFinitePolylines(), what);
            assertArrayEquals(exact.firstNonFinitePerPoint(), summarised.firstNonFinitePerPoint(), what);
            double zone = exact.magnitudeQuantile(0.1);
            double hi = exact.max() > exact.min() ? exact.max() : exact.min() + 1;
            List<PolylineDensity.YAxis> axes = new ArrayList<>();
            axes.add(new PolylineDensity.YAxis(exact.min(), hi, false, zone));
            axes.add(new PolylineDensity.YAxis(exact.min(), hi, true, zone));
            // a value window: the middle half of the 5-95 % band of the range's first record
            float low = s.quantile(range[0], range[0] + 1, 0.05)[0];
            float high = s.quantile(range[0], range[0] + 1, 0.95)[0];
            if (high > low) {
                double quarter = (high - low) / 4;
                axes.add(new PolylineDensity.YAxis(low + quarter, high - quarter, false, zone));
                axes.add(new PolylineDensity.YAxis(low + quarter, high - quarter, true, zone));
            }
            for (PolylineDensity.YAxis axis : axes) {
                int[] want = PolylineDensity.density(source, axis, W, H, null);
                int[] got = s.density(axis, W, H, range[0], range[1]);
                double allowed = s.rowError(axis, H);
                Comparison c = compare(want, got, W, H);
                String message = what + " " + axis + ": mean column shift " + c.meanShift + " rows, worst "
                        + c.worstShift + ", mass " + c.mass + " of " + c.exactMass + ", allowed " + allowed;
                System.out.println("summary density " + message);
                assertTrue(c.meanShift <= allowed, message);
                assertTrue(Math.abs(c.mass - c.exactMass) <= 2 * allowed / H * c.exactMass + W, message);
            }
        }
        return s;
    }

    record Comparison(double meanShift, double worstShift, long mass, long exactMass) {
    }

    /**
     * Per column, the earth mover's distance in rows between the two normalised column profiles
     * (how far, on average, the drawn polylines moved), averaged over the columns either draws in.
     */
    static Comparison compare(int[] exact, int[] approx, int w, int h) {
        double total = 0;
        double worst = 0;
        int columns = 0;
        long mass = 0;
        long exactMass = 0;
        for (int x = 0; x < w; x++) {
            long a = 0;
            long b = 0;
            for (int y = 0; y < h; y++) {
                a += exact[y * w + x];
                b += approx[y * w + x];
            }
            exactMass += a;
            mass += b;
            if (a == 0 && b == 0) {
                continue;
            }
            double shift;
            if (a == 0 || b == 0) {
                shift = h;
            } else {
                double fa = 0;
                double fb = 0;
                shift = 0;
                for (int y = 0; y < h; y++) {
                    fa += exact[y * w + x] / (double) a;
                    fb += approx[y * w + x] / (double) b;
                    shift += Math.abs(fa - fb);
                }
            }
            total += shift;
            worst = Math.max(worst, shift);
            columns++;
        }
        return new Comparison(columns > 0 ? total / columns : 0, worst, mass, exactMass);
    }
}
