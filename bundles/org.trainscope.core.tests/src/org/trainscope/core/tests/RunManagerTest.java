package org.trainscope.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.trainscope.core.model.BasicRun;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;

class RunManagerTest {
    private final RunManager manager = RunManager.getInstance();
    private final List<String> events = new ArrayList<>();
    private final RunManager.Listener listener = (run, change) -> events.add(change + " " + run.name());

    @AfterEach
    void tearDown() {
        manager.removeListener(listener);
        manager.closeAll();
    }

    @Test
    void reopeningALocationReplacesTheOlderRun() {
        manager.addListener(listener);
        Run first = BasicRun.builder("a", Path.of("/tmp/run-a")).build();
        Run again = BasicRun.builder("a2", Path.of("/tmp/../tmp/run-a")).build();
        Run other = BasicRun.builder("b", Path.of("/tmp/run-b")).build();
        manager.add(first);
        manager.add(other);
        manager.add(again);
        assertEquals(List.of(other, again), manager.runs());
        assertEquals(List.of("OPENED a", "OPENED b", "CLOSED a", "OPENED a2"), events);
    }

    @Test
    void aFailingListenerDoesNotStopOthers() {
        RunManager.Listener failing = (run, change) -> {
            throw new IllegalStateException("listener fails on purpose");
        };
        manager.addListener(failing);
        manager.addListener(listener);
        try {
            manager.add(BasicRun.builder("c", Path.of("/tmp/run-c")).build());
            assertTrue(events.contains("OPENED c"));
        } finally {
            manager.removeListener(failing);
        }
    }
}
