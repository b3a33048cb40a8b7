package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.algorithms.sampling.provider.MetricOverviewModel;
import org.trainscope.algorithms.sampling.provider.MetricOverviewPainter;
import org.trainscope.algorithms.sampling.provider.MetricOverviewProvider;
import org.trainscope.algorithms.sampling.provider.MetricOverviewRequest;
import org.trainscope.core.summary.Anomaly;
import org.trainscope.core.summary.AnomalyFinder;
import org.trainscope.core.summary.AnomalyKind;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoResult;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;

/**
 * The training overview on the demo run {@code vae-unstable}, recorded small from real
 * Fashion-MNIST (as {@link VaeUnstableDemoRunTest}: its loss turns infinite at iteration 14): the
 * column of the loss's first non-finite value is marked, the anomaly sits in that column, and the
 * painted figure has the red mark there.
 */
class MetricOverviewVaeTest {
    @TempDir
    static Path directory;
    private static DemoResult demo;
    private static TraceRun run;

    @BeforeAll
    static void record() throws IOException {
        demo = DemoRuns.record(DemoKind.VAE_UNSTABLE, directory, 42, new DemoSize(4096, 50, 64, 16, 1),
                DemoRuns.dataDirectory(), null);
        run = TraceRun.open(demo.trace());
    }

    @AfterAll
    static void close() throws IOException {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void theFirstNonFiniteLossColumnIsMarkedWhereAnomalyFinderPutsIt() throws IOException {
        Anomaly nonFinite = new AnomalyFinder().inMetrics(run.metrics()).stream()
                .filter(a -> a.kind() == AnomalyKind.NON_FINITE_METRIC && a.subject().equals("loss")).findFirst()
                .orElseThrow(() -> new AssertionError("vae-unstable's loss must turn non-finite: " + demo));
        MetricOverviewModel model = new MetricOverviewProvider().compute(
                MetricOverviewRequest.of(List.of(run), List.of("loss"), 800, 300).withSymlog(true)
                        .withTensorScan(true), null);
        MetricOverviewModel.Series loss = model.series(run, "loss").orElseThrow();
        int column = model.columnOf(nonFinite.iteration());
        assertTrue(column >= 0, "in range: " + nonFinite);
        assertEquals(column, loss.firstNonFiniteColumn(), "the first marked column");
        assertTrue(loss.nonFinite(column) != 0);
        MetricOverviewModel.MarkedAnomaly marked = model.anomalies().stream()
                .filter(a -> a.anomaly().equals(nonFinite)).findFirst().orElseThrow();
        assertEquals(column, marked.column());
        // the tensors were scanned too: some recorded tensor holds NaN/Inf no later than the loss
        assertTrue(model.anomalies().stream().anyMatch(a -> a.anomaly().kind() == AnomalyKind.NON_FINITE_TENSOR
                && a.anomaly().iteration() <= nonFinite.iteration()), "tensor anomalies: " + model.anomalies());
        // every finite loss before it is drawn: the columns before hold finite values only
        for (int c = 0; c < column; c++) {
            assertEquals(0, loss.nonFinite(c), "column " + c);
        }

        Path png = directory.resolve("overview.png");
        MetricOverviewPainter.write(model, nonFinite.iteration(), png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(MetricOverviewPainter.figureWidth(model), image.getWidth());
        int x = MetricOverviewPainter.LEFT + column;
        int alerts = 0;
        for (int y = MetricOverviewPainter.TOP; y < MetricOverviewPainter.TOP + model.height(); y++) {
            int rgb = image.getRGB(x, y) & 0xffffff;
            alerts += rgb == MetricOverviewPainter.ALERT || rgb == MetricOverviewPainter.CURRENT ? 1 : 0;
        }
        assertTrue(alerts > model.height() / 2, "a line down the plot at the failing column: " + alerts);
        assertTrue(Files.size(png) > 1000);
    }
}
