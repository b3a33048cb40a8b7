package org.trainscope.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.core.adapters.AdapterChoice;
import org.trainscope.core.adapters.AdapterManager;
import org.trainscope.core.adapters.NoAdapterException;
import org.trainscope.core.model.Run;
import org.trainscope.core.registry.ContributionProblem;

class AdapterManagerTest {
    @TempDir
    Path dir;

    private final AdapterManager manager = AdapterManager.getInstance();

    @Test
    void goodAdapterOpensWhileBrokenOnesAreReported() throws IOException {
        Path file = Files.writeString(dir.resolve("one.stub"), "stub-run\n");
        AdapterChoice choice = manager.choose(file);
        assertEquals("test.adapter.good", choice.best().orElseThrow().id());
        assertEquals(80, choice.answers().get(0).confidence());

        Run run = manager.open(file, new NullProgressMonitor());
        assertEquals("one.stub", run.name());
        assertTrue(Double.isNaN(run.metric("loss").orElseThrow().values()[1]), "NaN is data");

        ContributionProblem missing = ContributionFaults.reported("test.adapter.missing");
        assertTrue(missing.describe().contains("DoesNotExist"), missing.describe());
        assertEquals("org.trainscope.core.tests", missing.contributor());
        ContributionProblem ctor = ContributionFaults.reported("test.adapter.ctorThrows");
        assertTrue(ctor.cause().getMessage().contains("fails on purpose"), String.valueOf(ctor.cause()));
        ContributionProblem method = ContributionFaults.reported("test.adapter.methodThrows");
        assertTrue(method.cause() instanceof NullPointerException);
        // broken contributions answer 0 and never win
        choice.answers().stream().filter(a -> !a.adapter().id().equals("test.adapter.good"))
                .forEach(a -> assertEquals(0, a.confidence(), a.adapter().id()));
    }

    @Test
    void malformedContributionIsReportedAndSkipped() {
        assertTrue(manager.adapters().stream().noneMatch(a -> a.name().startsWith("Adapter without id")));
        ContributionFaults.reported("adapter");
    }

    @Test
    void classesAreCreatedLazily() {
        // the never-matching adapter is declared but nothing has asked it anything
        var neverAsked = manager.adapter("test.adapter.noName").orElseThrow();
        assertEquals("test.adapter.noName", neverAsked.name());
        assertEquals(0, neverAsked.validate(dir.resolve("x.stub")));
    }

    @Test
    void noAdapterGivesAPlainExplanation() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "hello");
        NoAdapterException e = assertThrows(NoAdapterException.class,
                () -> manager.open(file, new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("Good stub adapter (*.stub)"), e.getMessage());
    }

    @Test
    void badDataIsTheDataNotTheAdaptersFault() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.stub"), "garbage");
        IOException e = assertThrows(IOException.class, () -> manager.open(file, new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("bad.stub"), e.getMessage());
        assertTrue(ContributionFaults.notReported("test.adapter.good"));
    }

    @Test
    void missingFileIsNamed() {
        IOException e = assertThrows(IOException.class,
                () -> manager.open(dir.resolve("gone.stub"), new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("gone.stub"), e.getMessage());
    }
}
