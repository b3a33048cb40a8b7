package org.trainscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.internal.Cli;
import org.trainscope.trace.json.JsonParser;

class CliTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8)).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void infoSummarisesARunIncludingTheFirstNaN() throws IOException {
        Path f = Files.writeString(dir.resolve("a.clistub"), "2.3\n1.7\nNaN\n");
        assertEquals(ExitCode.OK, run("info", f.toString()));
        assertTrue(out().contains("adapter:    CLI test stub adapter"), out());
        assertTrue(out().contains("loss  3 values, last NaN, first non-finite at iteration 2"), out());
    }

    @Test
    void badDataNamesTheFileAndGivesExitCode2() throws IOException {
        Path f = Files.writeString(dir.resolve("b.clistub"), "2.3\nbanana\n");
        assertEquals(ExitCode.BAD_DATA, run("info", f.toString()));
        assertTrue(err().contains("b.clistub") && err().contains("line 2 is not a number"), err());
    }

    @Test
    void aFileNoAdapterReadsIsExplained() throws IOException {
        Path f = Files.writeString(dir.resolve("c.txt"), "hello");
        assertEquals(ExitCode.BAD_DATA, run("info", f.toString()));
        assertTrue(err().contains("No installed adapter can read") && err().contains("CLI test stub adapter"), err());
    }

    @Test
    void oneBadRunDoesNotStopTheOthers() throws IOException {
        Path good = Files.writeString(dir.resolve("good.clistub"), "1\n");
        Path bad = Files.writeString(dir.resolve("bad.clistub"), "x\n");
        assertEquals(ExitCode.BAD_DATA, run("info", bad.toString(), good.toString()));
        assertTrue(out().contains("good.clistub"), out());
    }

    @Test
    void recordDemoTrainsWithDl4jAndTheTraceOpensAgain() {
        // A small MLP on 256 Fashion-MNIST images (Debian's dataset-fashion-mnist), end to end:
        // DL4J training -> recorder -> trace on disk -> native adapter -> summary.
        Path out = dir.resolve("demos");
        assertEquals(ExitCode.OK, run("record-demo", "--kind", "mlp", "--train", "256", out.toString()), err());
        assertTrue(out().contains("mlp") && out().contains("accuracy 0."), out());
        assertEquals(ExitCode.OK, run("info", out.resolve("mlp").toString()), err());
        assertTrue(out().contains("adapter:    TrainScope trace"), out());
        assertTrue(out().contains("loss") && out().contains("testAccuracy"), out());
        // the network in data-flow order: input first, each layer group after the one feeding it
        assertTrue(out().contains("layer groups dense0 > dense1 > output2"), out());
        String network = out().substring(out().indexOf("network:"), out().indexOf("tensors:"));
        assertTrue(network.indexOf("\n  input") < network.indexOf("\n  dense0: "), network);
        assertTrue(network.indexOf("\n  dense0: ") < network.indexOf("\n  dense1: ")
                && network.indexOf("\n  dense1: ") < network.indexOf("\n  output2: "), network);
        // one name per node: the id (which the tensors are named after), DL4J's label as an alias
        assertTrue(network.contains("dense0 (dense, also layer0)") && network.contains("dense0.W (parameter)"),
                network);
        assertTrue(out().contains("  dense0.W.grad  gradient"), out());
    }

    @Test
    void recordDemoHelpComesFirstAndNothingIsRecorded() {
        assertEquals(ExitCode.OK, run("record-demo", "--kind", "mlp", "--help", dir.resolve("out").toString()));
        assertTrue(out().contains("--train"), out());
        assertTrue(!Files.exists(dir.resolve("out")));
    }

    @Test
    void aMissingFileIsBadDataNamingIt() {
        Path missing = dir.resolve("nothing-here");
        assertEquals(ExitCode.BAD_DATA, run("info", missing.toString()));
        assertEquals("trainscope-cli info: " + missing + ": no such file or folder\n", err());
    }

    @Test
    void infoJsonListsTheMetricsWithNaNAsAString() throws Exception {
        Path f = Files.writeString(dir.resolve("a.clistub"), "2.5\nNaN\n");
        Path missing = dir.resolve("gone.clistub");
        assertEquals(ExitCode.BAD_DATA, run("info", "--json", f.toString(), missing.toString()));
        Map<?, ?> doc = (Map<?, ?>) JsonParser.parse(out(), 16);
        List<?> runs = (List<?>) doc.get("runs");
        assertEquals(2, runs.size());
        Map<?, ?> run = (Map<?, ?>) runs.get(0);
        assertEquals(f.toString(), run.get("path"));
        assertEquals("test.cli.stubAdapter", ((Map<?, ?>) run.get("adapter")).get("id"));
        Map<?, ?> loss = (Map<?, ?>) ((List<?>) run.get("metrics")).get(0);
        assertEquals("loss", loss.get("name"));
        assertEquals(2L, loss.get("values"));
        assertEquals("NaN", loss.get("last"));
        assertEquals(1L, loss.get("firstNonFiniteIteration"));
        assertEquals(List.of(), run.get("nodes"));
        assertEquals(JsonParser.NULL, run.get("recordingStatus"));
        Map<?, ?> failed = (Map<?, ?>) runs.get(1);
        assertEquals(2L, failed.get("exitCode"));
        assertTrue(((String) failed.get("error")).contains("gone.clistub"), failed.toString());
    }

    @Test
    void recordDemoExplainsAMissingOptionValue() {
        assertEquals(ExitCode.USAGE, run("record-demo", "--kind"));
        assertTrue(err().contains("--kind needs a value") && err().contains("usage: trainscope-cli record-demo"),
                err());
    }

    @Test
    void recordDemoNamesMissingData() {
        assertEquals(ExitCode.BAD_DATA, run("record-demo", "--kind", "mlp", "--data", dir.resolve("nowhere").toString(),
                dir.resolve("out").toString()));
        assertTrue(err().contains("nowhere"), err());
    }

    @Test
    void listsAdaptersAndRejectsUnknownCommands() {
        assertEquals(ExitCode.OK, run("adapters"));
        assertTrue(out().contains("test.cli.stubAdapter"), out());
    }
}
