package org.trainscope.trace;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way TrainScope writes a result file a user asked for (an exported figure, a sample, an
 * npy of relevance): into a partial file beside the target, moved in place only when complete, so a
 * failure or a cancel never leaves half a file or replaces a good one. The partial file is created
 * like any new file (the user's umask applies), so the result is readable as the user expects.
 */
public final class OutputFiles {
    /** Writes the content into the given (new, empty) partial file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path partial) throws IOException;
    }

    private OutputFiles() {
    }

    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path partial = createPartial(absolute);
        try {
            content.writeTo(partial);
            try {
                Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static Path createPartial(Path target) throws IOException {
        for (int attempt = 0;; attempt++) {
            Path partial = target.resolveSibling("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
            try {
                return Files.createFile(partial);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 8) {
                    throw e;
                }
            }
        }
    }
}
