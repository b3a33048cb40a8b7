package org.trainscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.trainscope.cli.CliArguments;
import org.trainscope.cli.CliCommandDescriptor;
import org.trainscope.cli.CliCommandManager;
import org.trainscope.cli.CliException;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.internal.Cli;
import org.trainscope.core.registry.ContributionProblems;

/**
 * The command framework: commands come from {@code org.trainscope.cli.commands} (the built-in ones
 * and this test plug-in's), help, exit codes, a throwing or missing command, progress on stderr.
 */
class CliCommandsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
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
    void helpListsEveryContributedCommandWithItsSummary() {
        assertEquals(ExitCode.OK, run("--help"));
        String o = out();
        for (String builtIn : List.of("info", "anomalies", "adapters", "algorithms", "record-demo")) {
            assertTrue(o.lines().anyMatch(l -> l.startsWith("  " + builtIn + " ")), builtIn + " missing:\n" + o);
        }
        assertTrue(o.contains("  test-echo ") && o.contains("print the words (test plug-in)"), o);
        assertFalse(o.contains("a second echo"), o); // the name was taken: the second contribution is ignored
        assertFalse(o.contains("Bad Name"), o);
        assertTrue(o.contains("Exit codes: 0 done, 1 usage, 2 bad data"), o);
        // no arguments: the same list, on stderr, as a usage error
        assertEquals(ExitCode.USAGE, run());
        assertTrue(err().contains("  test-echo "), err());
    }

    @Test
    void theCommandsAreDescribedByTheirPlugIns() {
        CliCommandDescriptor info = CliCommandManager.getInstance().command("info").orElseThrow();
        assertEquals("org.trainscope.cli", info.contributor());
        CliCommandDescriptor recordDemo = CliCommandManager.getInstance().command("record-demo").orElseThrow();
        assertEquals("org.trainscope.recorders.dl4j", recordDemo.contributor());
        assertEquals("org.trainscope.cli.tests", CliCommandManager.getInstance().command("test-echo").orElseThrow()
                .contributor());
        List<String> names = CliCommandManager.getInstance().commands().stream().map(CliCommandDescriptor::name).toList();
        assertEquals(names.stream().sorted().toList(), names);
    }

    @Test
    void aTakenNameOrAnInvalidNameIsReportedAndTheFirstCommandWorks() {
        assertEquals(ExitCode.OK, run("test-echo", "hello"));
        assertEquals("hello\n", out());
        assertTrue(ContributionProblems.getDefault().all().stream().anyMatch(p -> p.describe().contains(
                "command name 'test-echo' is already taken by plug-in org.trainscope.cli.tests")));
        assertTrue(ContributionProblems.getDefault().all().stream().anyMatch(p -> p.describe().contains(
                "command name 'Bad Name'")));
    }

    @Test
    void aCommandOutOfMemoryExitsWith4AndSaysSo() {
        assertEquals(ExitCode.OUT_OF_MEMORY, run("test-boom", "--oom"));
        assertTrue(err().startsWith("trainscope-cli test-boom: out of memory: the Java heap ("), err());
        assertTrue(err().contains("TRAINSCOPE_HEAP"), err());
        assertEquals(ExitCode.OK, run("test-echo", "still", "here"));
    }

    @Test
    void aCommandThatThrowsExitsWith3AndTheOthersStillWork() {
        assertEquals(ExitCode.PLUGIN_FAILED, run("test-boom"));
        assertTrue(err().startsWith("trainscope-cli test-boom: the command of plug-in org.trainscope.cli.tests failed"),
                err());
        assertTrue(err().contains("boom from a test plug-in"), err());
        assertEquals(1, err().lines().count(), err()); // said once, not again as a warning
        assertEquals(ExitCode.PLUGIN_FAILED, run("test-boom"), "and again: a failing command is not cached away");
        assertEquals(ExitCode.OK, run("test-echo", "--loud", "still", "here"));
        assertEquals("STILL\nHERE\n", out());
        assertEquals(ExitCode.OK, run("adapters"));
        assertTrue(out().contains("test.cli.stubAdapter"), out());
    }

    @Test
    void aCommandWhoseClassIsMissingExitsWith3NamingTheClass() {
        assertEquals(ExitCode.PLUGIN_FAILED, run("test-missing", "x"));
        assertTrue(err().contains("org.trainscope.cli.tests.NoSuchCommand"), err());
        assertEquals(ExitCode.PLUGIN_FAILED, run("test-missing", "--help"));
        assertEquals(ExitCode.OK, run("test-echo", "x"));
    }

    @Test
    void unknownOptionsAndBadValuesAreUsageErrorsWithTheUsage() {
        assertEquals(ExitCode.USAGE, run("info", "--frobnicate", "run"));
        assertTrue(err().startsWith("trainscope-cli info: unknown option '--frobnicate'\nusage: trainscope-cli info"),
                err());
        assertEquals("", out());
        assertEquals(ExitCode.USAGE, run("test-echo", "--times", "0", "x"));
        assertTrue(err().contains("--times must be between 1 and 10, not 0"), err());
        assertEquals(ExitCode.USAGE, run("test-echo", "--times", "many", "x"));
        assertTrue(err().contains("--times needs a whole number, not 'many'"), err());
        assertEquals(ExitCode.USAGE, run("test-echo", "--times"));
        assertTrue(err().contains("--times needs a value"), err());
        assertEquals(ExitCode.USAGE, run("frobnicate"));
        assertTrue(err().contains("unknown command 'frobnicate'"), err());
        assertEquals(ExitCode.USAGE, run("help", "frobnicate"));
    }

    @Test
    void everyCommandExplainsItselfWithHelpAndExitsZero() {
        for (CliCommandDescriptor c : CliCommandManager.getInstance().commands()) {
            if (c.name().equals("test-missing")) {
                continue; // its class does not exist: tested above
            }
            for (String help : new String[] { "--help", "-h" }) {
                assertEquals(ExitCode.OK, run(c.name(), help), c.name() + " " + help + ": " + err());
                assertTrue(out().startsWith("usage: trainscope-cli " + c.name()), c.name() + " " + help + ": " + out());
                assertEquals("", err(), c.name() + " " + help);
            }
            assertEquals(ExitCode.OK, run("help", c.name()));
            assertTrue(out().startsWith("usage: trainscope-cli " + c.name()), out());
        }
        // help comes first even among other arguments: nothing is done
        assertEquals(ExitCode.OK, run("test-echo", "word", "--help"));
        assertEquals("usage: trainscope-cli test-echo [--loud] [--times N] WORD...\n", out());
    }

    @Test
    void progressGoesToStderrWhenAskedFor() {
        assertEquals(ExitCode.OK, run("--progress", "test-echo", "a", "b"));
        assertEquals("a\nb\n", out());
        assertEquals(List.of("Echoing…", "Echoing: 50%", "Echoing: 100%"), err().lines().toList());
        assertEquals(ExitCode.OK, run("test-echo", "a", "b"));
        assertEquals("", err());
    }

    @Test
    void argumentsAreParsedStrictly() throws CliException {
        CliArguments a = CliArguments.parse(List.of("--node=fc1", "-1.5", "--json", "--param", "k=v", "--param",
                "x=1", "--", "--not-an-option"), Set.of("--json"), Set.of("--node", "--param"));
        assertEquals("fc1", a.required("--node"));
        assertTrue(a.flag("--json"));
        assertEquals(List.of("k=v", "x=1"), a.values("--param"));
        assertEquals(List.of("-1.5", "--not-an-option"), a.positional());
        assertThrows(CliException.class, () -> a.value("--param"), "given twice");
        CliException e = assertThrows(CliException.class, () -> CliArguments.parse(List.of("--json=yes"), "--json"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertThrows(CliException.class, () -> a.positional(0, 1, "one"));
        CliException missing = assertThrows(CliException.class, () -> CliArguments.parse(List.of(), "--json")
                .required("--node"));
        assertEquals("--node is required", missing.getMessage());
        assertEquals(2.5, CliArguments.parse(List.of("--e", "2.5"), Set.of(), Set.of("--e")).doubleValue("--e", 0, 0, 3));
        assertThrows(CliException.class, () -> CliArguments.parse(List.of("--e", "NaN"), Set.of(), Set.of("--e"))
                .doubleValue("--e", 0, 0, 3));
    }
}
