package org.trainscope.algorithms.clustering.tests.provider;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;
import org.trainscope.algorithms.clustering.provider.CnnVisProvider;
import org.trainscope.algorithms.clustering.provider.CnnVisRequest;
import org.trainscope.core.summary.Anomaly;
import org.trainscope.core.summary.AnomalyFinder;
import org.trainscope.core.summary.AnomalyKind;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoResult;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;

/**
 * CNNVis's case study "a training that does not converge" on the real runs: {@code cnn-stalled}
 * (the deeper CNN with sigmoid activations and plain SGD) and {@code cnn-stalled-fixed} (the same
 * with ReLU and He initialisation), recorded small from real Fashion-MNIST as the workbench tests
 * record them (1,280 training images: 20 iterations, weights and gradients at 0 and 10). The
 * debugging facts of the layer groups must show where the gradient vanishes; the assertions are
 * ratios between groups and between the two runs, not values.
 */
class StalledCnnDiagnosisTest {
    private static final double LN10 = Math.log(10);
    @TempDir
    static Path directory;
    private static DemoResult stalledDemo;
    private static DemoResult fixedDemo;
    private static TraceRun stalled;
    private static TraceRun fixed;

    @BeforeAll
    static void record() throws IOException {
        DemoSize small = new DemoSize(1280, 640, 64, 20, 1);
        stalledDemo = DemoRuns.record(DemoKind.CNN_STALLED, directory, 42, small, DemoRuns.dataDirectory(), null);
        fixedDemo = DemoRuns.record(DemoKind.CNN_STALLED_FIXED, directory, 42, small, DemoRuns.dataDirectory(), null);
        stalled = TraceRun.open(stalledDemo.trace());
        fixed = TraceRun.open(fixedDemo.trace());
        System.out.printf(Locale.ROOT, "cnn-stalled: %.1f s, accuracy %.4f; cnn-stalled-fixed: %.1f s, accuracy %.4f%n",
                stalledDemo.duration().toMillis() / 1000.0, stalledDemo.testAccuracy(),
                fixedDemo.duration().toMillis() / 1000.0, fixedDemo.testAccuracy());
    }

    @AfterAll
    static void close() throws Exception {
        if (stalled != null) {
            stalled.close();
        }
        if (fixed != null) {
            fixed.close();
        }
    }

    /** The stalled loss stays at chance (ln 10) from the start; the fixed one falls well below. */
    @Test
    void theStalledRunStaysAtLn10AndTheFixedOneLearns() {
        double[] s = stalled.metric("loss").orElseThrow().values();
        double[] f = fixed.metric("loss").orElseThrow().values();
        System.out.println("cnn-stalled loss " + Arrays.toString(s));
        System.out.println("cnn-stalled-fixed loss " + Arrays.toString(f));
        for (int i = 0; i < s.length; i++) {
            assertTrue(Math.abs(s[i] / LN10 - 1) < 0.03, "cnn-stalled loss at " + i + ": " + s[i]);
        }
        double stalledEnd = meanOfLast(s, 5);
        double fixedEnd = meanOfLast(f, 5);
        assertTrue(Math.abs(stalledEnd / LN10 - 1) < 0.02, "cnn-stalled ends at " + stalledEnd);
        assertTrue(fixedEnd < 0.85 * LN10, "cnn-stalled-fixed ends at " + fixedEnd);
        assertTrue(fixedDemo.testAccuracy() > 2 * stalledDemo.testAccuracy(),
                fixedDemo.testAccuracy() + " vs " + stalledDemo.testAccuracy());
    }

    /**
     * Mean |gradient| falls from group to group towards the input in the stalled run, by orders of
     * magnitude from the output layer to the first convolution; in the fixed run it does not. The
     * first groups' weights hardly change in the stalled run.
     */
    @Test
    void theDebuggingFactsShowWhereTheGradientVanishes() throws IOException {
        List<CnnVisModel.LayerFacts> s = facts(stalled);
        List<CnnVisModel.LayerFacts> f = facts(fixed);
        print("cnn-stalled", s);
        print("cnn-stalled-fixed", f);
        int last = s.size() - 1;
        for (int i = 0; i < last; i++) {
            assertTrue(s.get(i).meanAbsGradient() < s.get(i + 1).meanAbsGradient(),
                    "cnn-stalled: group " + i + " gets less gradient than group " + (i + 1));
        }
        double stalledFall = s.get(last).meanAbsGradient() / s.get(0).meanAbsGradient();
        double fixedFall = f.get(last).meanAbsGradient() / f.get(0).meanAbsGradient();
        assertTrue(stalledFall > 100, "cnn-stalled: last/first mean |gradient| " + stalledFall);
        assertTrue(fixedFall < 10, "cnn-stalled-fixed: last/first mean |gradient| " + fixedFall);
        // relative change of weights: the first two groups of the stalled run hardly move, against the fixed run's and
        // against the stalled run's own output layer
        for (int i = 0; i < 2; i++) {
            double sc = s.get(i).relativeChange();
            assertTrue(sc > 0, "cnn-stalled group " + i + " did change: " + sc);
            assertTrue(sc < f.get(i).relativeChange() / 20, "group " + i + ": " + sc + " vs fixed " + f.get(i).relativeChange());
            assertTrue(sc < s.get(last).relativeChange() / 5, "group " + i + ": " + sc + " vs output " + s.get(last).relativeChange());
        }
    }

    /** The anomaly finder names the stalled loss a plateau and finds none in the fixed run. */
    @Test
    void theAnomalyFinderReportsThePlateau() throws IOException {
        List<Anomaly> s = new AnomalyFinder().find(stalled, new NullProgressMonitor());
        List<Anomaly> f = new AnomalyFinder().find(fixed, new NullProgressMonitor());
        System.out.println("cnn-stalled anomalies: " + s.stream().map(Anomaly::description).toList());
        System.out.println("cnn-stalled-fixed anomalies: " + f.stream().map(Anomaly::description).toList());
        assertTrue(s.stream().anyMatch(a -> a.kind() == AnomalyKind.PLATEAU && a.subject().equals("loss")), s.toString());
        assertFalse(f.stream().anyMatch(a -> a.kind() == AnomalyKind.PLATEAU), f.toString());
    }

    private static List<CnnVisModel.LayerFacts> facts(TraceRun run) throws IOException {
        CnnVisModel model = new CnnVisProvider().compute(CnnVisRequest.of(run, 1200, 700), new NullProgressMonitor());
        return model.groups().stream().map(CnnVisModel.Group::facts).toList();
    }

    private static void print(String name, List<CnnVisModel.LayerFacts> facts) {
        StringBuilder b = new StringBuilder(name).append(" (first to last group): ");
        for (CnnVisModel.LayerFacts f : facts) {
            b.append(String.format(Locale.ROOT, "[|grad| %.3g, change %.3g] ", f.meanAbsGradient(), f.relativeChange()));
        }
        System.out.println(b);
    }

    private static double meanOfLast(double[] v, int n) {
        return Arrays.stream(v, v.length - n, v.length).average().orElseThrow();
    }
}
