package org.trainscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.internal.Cli;
import org.trainscope.trace.json.JsonParser;

/**
 * {@code info --json} and {@code anomalies} on real DL4J demo runs on Fashion-MNIST, recorded by
 * the {@code record-demo} command (contributed by org.trainscope.recorders.dl4j): the VAE that
 * fails with a NaN loss and its fixed version, 4096 training images each.
 */
class CliDemoRunsTest {
    @TempDir
    static Path demos;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void recordTheVaes() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(log, true, StandardCharsets.UTF_8);
        assertEquals(ExitCode.OK, new Cli(p, p).run("record-demo", "--kind", "vae-unstable,vae-fixed", "--train", "4096",
                demos.toString()), log.toString(StandardCharsets.UTF_8));
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8)).run(args);
    }

    private Map<?, ?> json(String... args) throws Exception {
        assertEquals(ExitCode.OK, run(args), err.toString(StandardCharsets.UTF_8));
        return (Map<?, ?>) JsonParser.parse(out.toString(StandardCharsets.UTF_8), 32);
    }

    private static List<Map<?, ?>> anomalies(Map<?, ?> doc, String kind) {
        return ((List<?>) doc.get("anomalies")).stream().<Map<?, ?>>map(a -> (Map<?, ?>) a).filter(a -> a.get("kind").equals(kind))
                .toList();
    }

    @Test
    void theUnstableVaesNaNIsFoundWhereInfoSaysTheLossTurns() throws Exception {
        Path run = demos.resolve("vae-unstable");
        Map<?, ?> info = (Map<?, ?>) ((List<?>) json("info", "--json", run.toString()).get("runs")).get(0);
        Map<?, ?> loss = ((List<?>) info.get("metrics")).stream().<Map<?, ?>>map(m -> (Map<?, ?>) m)
                .filter(m -> m.get("name").equals("loss")).findFirst().orElseThrow();
        long lossNaN = (Long) loss.get("firstNonFiniteIteration");

        Map<?, ?> doc = json("anomalies", "--json", run.toString());
        assertEquals(Boolean.TRUE, doc.get("tensorsScanned"));
        List<Map<?, ?>> metricNaN = anomalies(doc, "non-finite-metric").stream()
                .filter(a -> a.get("subject").equals("loss")).toList();
        assertEquals(1, metricNaN.size(), doc.toString());
        assertEquals(lossNaN, metricNaN.get(0).get("iteration"));
        assertTrue(List.of("NaN", "Infinity", "-Infinity").contains(metricNaN.get(0).get("value")), metricNaN.toString());
        // the recorder's per-node counts name pXZ's gradient first (FirstNonFiniteDemoTest), no later than the loss
        // (several nodes count NaN/Inf in that same backward; the run's origin names pXZ)
        Map<?, ?> firstNode = anomalies(doc, "non-finite-node").get(0);
        Map<?, ?> pXZ = anomalies(doc, "non-finite-node").stream().filter(a -> a.get("subject").equals("pXZ"))
                .findFirst().orElseThrow(() -> new AssertionError(doc.toString()));
        assertEquals(firstNode.get("iteration"), pXZ.get("iteration"), doc.toString());
        assertTrue((Long) firstNode.get("iteration") <= lossNaN, doc.toString());
        // the loss explodes before it overflows: spikes come first (Adam 1e-2 without clipping)
        assertTrue(anomalies(doc, "spike").stream().anyMatch(a -> (Long) a.get("iteration") < lossNaN), doc.toString());
        assertTrue(((String) doc.get("firstNonFinite")).contains("pXZ"), doc.toString());
        // once NaN flows, recorded tensors hold it, and none before the node counted it
        List<Map<?, ?>> tensors = anomalies(doc, "non-finite-tensor");
        assertTrue(!tensors.isEmpty(), doc.toString());
        for (Map<?, ?> t : tensors) {
            assertTrue((Long) t.get("iteration") >= (Long) firstNode.get("iteration"), t.toString());
        }
        // the text form says the same, one line per anomaly
        assertEquals(ExitCode.OK, run("anomalies", run.toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("loss turns NaN at iteration " + lossNaN) || text.contains("loss turns +Inf at iteration "
                + lossNaN), text);
        assertEquals(((List<?>) doc.get("anomalies")).size(), text.lines().filter(l -> l.startsWith("   ")).count(), text);
    }

    @Test
    void theFixedVaeHasNoNaN() throws Exception {
        Map<?, ?> doc = json("anomalies", "--json", demos.resolve("vae-fixed").toString());
        for (String kind : List.of("non-finite-metric", "non-finite-tensor", "non-finite-node")) {
            assertEquals(List.of(), anomalies(doc, kind), kind);
        }
        assertEquals(JsonParser.NULL, doc.get("firstNonFinite"));
        Map<?, ?> metricsOnly = json("anomalies", "--metrics-only", "--json", demos.resolve("vae-fixed").toString());
        assertEquals(Boolean.FALSE, metricsOnly.get("tensorsScanned"));
    }

    @Test
    void infoJsonListsTheNetworkTensorsAndMetrics() throws Exception {
        Map<?, ?> info = (Map<?, ?>) ((List<?>) json("info", "--json", demos.resolve("vae-fixed").toString())
                .get("runs")).get(0);
        assertEquals("vae", info.get("modelType"));
        assertTrue(((String) info.get("recordingStatus")).startsWith("closed"), info.toString());
        List<Map<?, ?>> nodes = ((List<?>) info.get("nodes")).stream().<Map<?, ?>>map(n -> (Map<?, ?>) n).toList();
        Map<?, ?> z = nodes.stream().filter(n -> n.get("id").equals("z")).findFirst().orElseThrow();
        assertEquals("random_variable", z.get("kind"));
        assertTrue(((List<?>) z.get("inputs")).containsAll(List.of("mu", "logvar")), z.toString());
        assertTrue(nodes.stream().anyMatch(n -> n.get("kind").equals("parameter")), nodes.toString());
        assertTrue(nodes.stream().anyMatch(n -> n.get("kind").equals("operator") && !"".equals(n.get("operatorType"))));
        List<Map<?, ?>> tensors = ((List<?>) info.get("tensors")).stream().<Map<?, ?>>map(t -> (Map<?, ?>) t).toList();
        Map<?, ?> zAct = tensors.stream().filter(t -> t.get("node").equals("z") && t.get("kind").equals("activation"))
                .findFirst().orElseThrow();
        assertEquals(2, ((List<?>) zAct.get("shape")).size());
        assertTrue((Long) zAct.get("records") > 1, zAct.toString());
        assertTrue(((List<?>) info.get("metrics")).stream().anyMatch(m -> ((Map<?, ?>) m).get("name").equals("loss")));
    }

    @Test
    void anomaliesRejectsBadInput() {
        assertEquals(ExitCode.USAGE, run("anomalies"));
        assertEquals(ExitCode.USAGE, run("anomalies", "a", "b"));
        assertEquals(ExitCode.USAGE, run("anomalies", "--tensors-only", demos.resolve("vae-fixed").toString()));
        Path missing = demos.resolve("no-such-run");
        assertEquals(ExitCode.BAD_DATA, run("anomalies", missing.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(missing.toString()));
    }
}
