package org.trainscope.trace;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The traces a trace lists in its manifest attribute {@code relatedTraces} (spec §4.7): kinds
 * recorded at coarser intervals, each a complete trace in a sub-folder. Opening them applies the
 * rules of §4.7 and reports every problem as a warning, so the top trace always opens:
 * <ul>
 * <li>a {@code path} must name a sub-folder with {@code /}-separated segments; an absolute path, a
 * {@code .} (the trace itself), a {@code ..} segment (outside the folder), an empty segment or a
 * backslash is refused, and so is a second entry for the same folder;</li>
 * <li>a related trace that cannot be opened costs only its tensors;</li>
 * <li>tensor ids are unique across the top trace and its related traces: a repeated id is kept
 * where it appears first (the top trace, then the entries in order), the others are named in a
 * warning;</li>
 * <li>a related trace's graph repeats the top trace's; a tensor whose node the top graph lacks is
 * named in a warning;</li>
 * <li>related traces of related traces are not followed.</li>
 * </ul>
 * Warnings name files by their path relative to the top trace folder. Thread-safe after opening,
 * like the readers it holds.
 */
public final class RelatedTraces implements AutoCloseable {
    private static final String ATTRIBUTE = "relatedTraces";

    private final Map<TraceReader, String> readers;
    private final List<String> problems;

    private RelatedTraces(Map<TraceReader, String> readers, List<String> problems) {
        this.readers = readers;
        this.problems = List.copyOf(problems);
    }

    /** Opens the related traces of {@code top}; never fails because of them (see the class comment). */
    public static RelatedTraces open(TraceReader top) {
        List<String> problems = new ArrayList<>();
        Map<TraceReader, String> opened = new LinkedHashMap<>();
        Path base = top.directory();
        for (String path : paths(top.manifest(), problems)) {
            try {
                opened.put(TraceReader.open(base.resolve(path)), path);
            } catch (IOException e) {
                problems.add("related trace " + path + " not opened: " + relative(e.getMessage(), base));
            } catch (InvalidPathException e) {
                // a character this file system refuses in names: costs only this related trace
                problems.add("related trace " + path + " not opened: not a valid path here (" + e.getReason() + ")");
            }
        }
        checkTensors(top, opened, problems);
        return new RelatedTraces(opened, problems);
    }

    /**
     * The acceptable {@code path}s of a manifest's {@code relatedTraces}, normalised (no trailing
     * {@code /}); each refused entry adds one sentence to {@code problems}.
     */
    public static List<String> paths(TraceManifest manifest, List<String> problems) {
        Object value = manifest.attributes().get(ATTRIBUTE);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> entries)) {
            problems.add("manifest.json: attribute relatedTraces is not a list; ignored");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Object entry : entries) {
            Object path = entry instanceof Map<?, ?> map ? map.get("path") : null;
            if (!(path instanceof String p) || p.isEmpty()) {
                problems.add("manifest.json: a relatedTraces entry has no path: " + entry);
                continue;
            }
            String refusal = refusal(p);
            String normal = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            if (refusal == null && !seen.add(normal)) {
                refusal = "is listed twice";
            }
            if (refusal != null) {
                problems.add("manifest.json: related trace path '" + printable(p) + "' " + refusal + "; ignored");
            } else {
                out.add(normal);
            }
        }
        return out;
    }

    /** {@code path} with control characters written as \\uXXXX, so that a message stays one plain line. */
    private static String printable(String path) {
        StringBuilder b = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    /** Why a related-trace path is refused, or null when it names a sub-folder. */
    private static String refusal(String path) {
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                return "contains the control character U+" + String.format("%04X", (int) path.charAt(i));
            }
        }
        if (path.indexOf('\\') >= 0) {
            return "contains a backslash (the separator is /)";
        }
        if (path.startsWith("/") || path.length() > 1 && path.charAt(1) == ':') {
            return "is absolute (it must be relative to the trace folder)";
        }
        String body = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (body.equals(".")) {
            return "names the trace itself";
        }
        for (String segment : body.split("/", -1)) {
            if (segment.equals("..")) {
                return "leaves the trace folder";
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return "has an empty or '.' segment (write the plain sub-folder path)";
            }
        }
        return null;
    }

    private static void checkTensors(TraceReader top, Map<TraceReader, String> related, List<String> problems) {
        Map<String, String> firstSeen = new HashMap<>();
        top.manifest().tensors().forEach(t -> firstSeen.put(t.id(), "the top trace"));
        Set<String> topNodes = new HashSet<>();
        top.manifest().graph().nodes().forEach(n -> topNodes.add(n.id()));
        for (Map.Entry<TraceReader, String> e : related.entrySet()) {
            for (TensorInfo t : e.getKey().manifest().tensors()) {
                String first = firstSeen.putIfAbsent(t.id(), e.getValue());
                if (first != null) {
                    problems.add(e.getValue() + "/manifest.json: tensor \"" + t.id() + "\" is also in " + first
                            + "; the one there is used");
                } else if (!topNodes.contains(t.node())) {
                    problems.add(e.getValue() + "/manifest.json: tensor \"" + t.id() + "\" belongs to node \"" + t.node()
                            + "\", which the top trace's graph lacks");
                }
            }
        }
    }

    private static String relative(String message, Path base) {
        return message.replace(base.toString() + base.getFileSystem().getSeparator(), "");
    }

    /** The opened related traces, in the order the manifest lists them. */
    public List<TraceReader> readers() {
        return List.copyOf(readers.keySet());
    }

    /** The path (relative to the top trace folder) of one of {@link #readers()}. */
    public String pathOf(TraceReader reader) {
        String path = readers.get(reader);
        if (path == null) {
            throw new IllegalArgumentException(reader + " is not one of these related traces");
        }
        return path;
    }

    /**
     * The problems found at opening, then each related reader's current warnings prefixed with its
     * path ({@code every-10/journal.jsonl: ...}).
     */
    public List<String> warnings() {
        List<String> all = new ArrayList<>(problems);
        readers.forEach((reader, path) -> reader.warnings().forEach(w -> all.add(path + "/" + w)));
        return all;
    }

    /** Refreshes every related trace; true when one gained records. */
    public boolean refresh() throws IOException {
        boolean added = false;
        for (TraceReader r : readers.keySet()) {
            added |= r.refresh();
        }
        return added;
    }

    /** The worst status of the related traces (damaged, then live, then closed); closed when there are none. */
    public TraceStatus status() {
        TraceStatus worst = TraceStatus.CLOSED;
        for (TraceReader r : readers.keySet()) {
            worst = worse(worst, r.status());
        }
        return worst;
    }

    /** Damaged is worse than live, live worse than closed. */
    public static TraceStatus worse(TraceStatus a, TraceStatus b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(TraceStatus s) {
        return switch (s) {
            case CLOSED -> 0;
            case LIVE -> 1;
            case DAMAGED -> 2;
        };
    }

    @Override
    public void close() {
        readers.keySet().forEach(TraceReader::close);
    }
}
