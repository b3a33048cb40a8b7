package org.trainscope.adapters.tests;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.trainscope.core.adapters.IRunAdapter;

/** Committed fixture files (under {@code data/}, relative to the bundle directory) and shared assertions. */
final class Fixtures {
    private Fixtures() {
    }

    static Path data(String relative) {
        Path p = Paths.get("data").resolve(relative);
        if (!Files.exists(p)) {
            // running from the repository root (IDE) rather than the bundle directory (tycho-surefire)
            p = Paths.get("bundles/org.trainscope.adapters.tests/data").resolve(relative);
        }
        return p;
    }

    /** Opens {@code file}, expects an IOException whose message names the file and contains every fragment. */
    static IOException assertOpenFails(IRunAdapter adapter, Path file, String... fragments) {
        IOException e = assertThrows(IOException.class, () -> adapter.open(file, new NullProgressMonitor()).close());
        String message = e.getMessage();
        assertTrue(message.contains(file.getFileName().toString()), () -> "message does not name the file: " + message);
        for (String f : fragments) {
            assertTrue(message.contains(f), () -> "message lacks '" + f + "': " + message);
        }
        return e;
    }

    static Path copy(Path source, Path dir) throws IOException {
        return Files.copy(source, dir.resolve(source.getFileName().toString()));
    }
}
