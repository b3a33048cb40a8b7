package org.trainscope.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.trainscope.trace.RelatedTraces;
import org.trainscope.trace.TraceReader;
import org.trainscope.trace.TraceStatus;

/**
 * What {@code info} says about trace folders beyond the run summary every adapter gives: whether
 * the trace is live, closed or damaged, where NaN/Inf first appeared, and which traces a folder
 * that is not itself a trace holds.
 */
final class TraceFacts {
    /** How deep a folder of traces is searched; traces are not searched inside (their sub-folders are related traces). */
    static final int SEARCH_DEPTH = 4;

    private TraceFacts() {
    }

    static boolean isTrace(Path path) {
        return Files.isRegularFile(path.resolve("manifest.json"));
    }

    /** The trace folders below {@code folder}, in path order, not looking inside a trace. */
    static List<Path> tracesIn(Path folder) throws IOException {
        List<Path> found = new ArrayList<>();
        search(folder, 0, found);
        return found;
    }

    private static void search(Path folder, int depth, List<Path> found) throws IOException {
        if (depth > 0 && isTrace(folder)) {
            found.add(folder);
            return;
        }
        if (depth == SEARCH_DEPTH) {
            return;
        }
        List<Path> children;
        try (Stream<Path> list = Files.list(folder)) {
            children = list.filter(Files::isDirectory).sorted().toList();
        }
        for (Path child : children) {
            search(child, depth + 1, found);
        }
    }

    /**
     * One line per trace in {@code folder}: relative path, name, model type, records, status.
     *
     * @return false when a trace could not be opened (its line says why)
     */
    static boolean printFolder(Path folder, List<Path> traces, PrintStream out) {
        out.println("folder:     " + folder);
        out.println("traces:     " + traces.size() + " (give one of them to info for its summary)");
        boolean allRead = true;
        for (Path trace : traces) {
            String where = folder.relativize(trace).toString();
            try (TraceReader reader = TraceReader.open(trace); RelatedTraces related = RelatedTraces.open(reader)) {
                String name = reader.manifest().name() == null ? "" : "  \"" + reader.manifest().name() + "\"";
                TraceStatus status = RelatedTraces.worse(reader.status(), related.status());
                out.println("  " + where + name + "  " + reader.manifest().modelType() + ", " + reader.recordCount()
                        + " records, " + related.readers().size() + " related, " + status.jsonName());
            } catch (IOException e) {
                allRead = false;
                out.println("  " + where + "  cannot be read: " + e.getMessage().replace(trace + "/", ""));
            }
        }
        return allRead;
    }
}
