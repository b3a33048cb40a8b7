package org.trainscope.ui.cnnvis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

import org.trainscope.algorithms.clustering.provider.ClusterEdits;
import org.trainscope.core.model.Run;

/**
 * The CNNVis view's cluster edits per run, kept in the workbench (a properties file in the
 * bundle's state location), never in the trace folder: a trace is the recorder's, and may be
 * read-only or shared. One entry per (run location, layer group), its value the group's edits as
 * {@link ClusterEdits#toText()}, so the edits of a run come back when the view shows it again.
 * Files are written whole through a temporary file, so a crash leaves the old state.
 */
public final class EditStore {
    private static final char SEPARATOR = '#';
    private final Path file;
    private final Properties entries = new Properties();

    /** The store in {@code file} (read now when it exists; a file that cannot be read is treated as empty). */
    public EditStore(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                entries.load(in);
            } catch (IOException | IllegalArgumentException e) {
                entries.clear(); // lost edits are not worth stopping the view for
            }
        }
    }

    /** The edits of {@code run}, every group's in the order they were made, or none. */
    public synchronized ClusterEdits load(Run run) {
        String prefix = key(run, "");
        List<ClusterEdits.Edit> edits = new ArrayList<>();
        for (String k : new TreeSet<>(entries.stringPropertyNames())) {
            if (k.startsWith(prefix)) {
                try {
                    edits.addAll(ClusterEdits.parse(entries.getProperty(k)).edits());
                } catch (IllegalArgumentException e) {
                    entries.remove(k); // written by another version: dropped rather than failing the view
                }
            }
        }
        return new ClusterEdits(edits);
    }

    /** Replaces the edits of {@code run} by {@code edits} (none: forgets the run) and writes the file. */
    public synchronized void save(Run run, ClusterEdits edits) throws IOException {
        String prefix = key(run, "");
        entries.stringPropertyNames().stream().filter(k -> k.startsWith(prefix)).forEach(entries::remove);
        for (String group : edits.groups()) {
            entries.setProperty(key(run, group), new ClusterEdits(edits.of(group)).toText());
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            entries.store(out, "TrainScope CNNVis cluster edits: run location#layer group = edits");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String key(Run run, String group) {
        return run.location().toAbsolutePath().normalize() + String.valueOf(SEPARATOR) + group;
    }
}
