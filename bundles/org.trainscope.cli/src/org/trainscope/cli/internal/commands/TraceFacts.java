package org.trainscope.cli.internal.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** One trace of a folder: where (relative), and its facts or why it cannot be read. */
    record Listed(String where, String name, String modelType, long records, int related, String status,
            String problem) {
    }

    /** Opens each trace briefly for its facts; a trace that cannot be read is kept with the reason. */
    static List<Listed> list(Path folder, List<Path> traces) {
        List<Listed> listed = new ArrayList<>();
        for (Path trace : traces) {
            String where = folder.relativize(trace).toString();
            try (TraceReader reader = TraceReader.open(trace); RelatedTraces related = RelatedTraces.open(reader)) {
                TraceStatus status = RelatedTraces.worse(reader.status(), related.status());
                listed.add(new Listed(where, reader.manifest().name(), reader.manifest().modelType(),
                        reader.recordCount(), related.readers().size(), status.jsonName(), null));
            } catch (IOException e) {
                listed.add(new Listed(where, null, null, 0, 0, null, e.getMessage().replace(trace + "/", "")));
            }
        }
        return listed;
    }

    /** One line per trace: relative path, name, model type, records, status. */
    static void print(Path folder, List<Listed> traces, PrintStream out) {
        out.println("folder:     " + folder);
        out.println("traces:     " + traces.size() + " (give one of them to info for its summary)");
        for (Listed t : traces) {
            if (t.problem() != null) {
                out.println("  " + t.where() + "  cannot be read: " + t.problem());
            } else {
                out.println("  " + t.where() + (t.name() == null ? "" : "  \"" + t.name() + "\"") + "  " + t.modelType()
                        + ", " + t.records() + " records, " + t.related() + " related, " + t.status());
            }
        }
    }

    /** The folder as the JSON entry of {@code info --json}: {"path", "traces": [...]}. */
    static Map<String, Object> json(Path folder, List<Listed> traces) {
        List<Object> list = new ArrayList<>();
        for (Listed t : traces) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("path", t.where());
            if (t.problem() != null) {
                o.put("error", t.problem());
            } else {
                o.put("name", t.name());
                o.put("modelType", t.modelType());
                o.put("records", t.records());
                o.put("relatedTraces", t.related());
                o.put("status", t.status());
            }
            list.add(o);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("path", folder.toString());
        o.put("traces", list);
        return o;
    }
}
