package org.trainscope.adapters.trace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.adapters.internal.io.OpenGuard;
import org.trainscope.core.adapters.IRunAdapter;
import org.trainscope.core.model.Run;
import org.trainscope.trace.TraceReader;

/**
 * The native TrainScope trace ({@code docs/trace-format.md}): a folder with {@code manifest.json},
 * or that manifest file itself. The run reads lazily through a {@link TraceReader}.
 */
public final class TraceRunAdapter implements IRunAdapter {
    static final String MANIFEST = "manifest.json";
    /** The format marker is written first by every writer we know; 64 KiB leaves room for a long name. */
    private static final int SNIFF_BYTES = 64 * 1024;
    /** A manifest.json without our marker may still be a broken trace: low, so any real owner wins. */
    private static final int FOREIGN_MANIFEST = 20;

    @Override
    public int validate(Path location) {
        try {
            Path manifest = manifestOf(location);
            if (manifest == null || !Files.isRegularFile(manifest)) {
                return NOT_MINE;
            }
            return sniff(manifest) ? CERTAIN : FOREIGN_MANIFEST;
        } catch (IOException | RuntimeException e) {
            return NOT_MINE;
        }
    }

    private static Path manifestOf(Path location) {
        if (Files.isDirectory(location)) {
            return location.resolve(MANIFEST);
        }
        Path name = location.getFileName();
        return name != null && name.toString().equals(MANIFEST) ? location : null;
    }

    private static boolean sniff(Path manifest) throws IOException {
        try (InputStream in = Files.newInputStream(manifest)) {
            String head = new String(in.readNBytes(SNIFF_BYTES), StandardCharsets.UTF_8);
            return head.stripLeading().startsWith("{") && head.contains("\"trainscope-trace\"");
        }
    }

    @Override
    public Run open(Path location, IProgressMonitor monitor) throws IOException {
        Path directory = Files.isDirectory(location) ? location : location.toAbsolutePath().getParent();
        if (directory == null) {
            throw new IOException(location + ": not a trace folder and has no parent folder");
        }
        return OpenGuard.guard(directory, () -> TraceRun.open(directory, monitor));
    }
}
