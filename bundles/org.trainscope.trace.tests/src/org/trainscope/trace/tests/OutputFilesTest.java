package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.trace.NpyArrayFile;
import org.trainscope.trace.OutputFiles;

/** Result files appear whole or not at all, with the permissions any new file gets. */
class OutputFilesTest {
    @TempDir
    Path dir;

    @Test
    void theResultHasTheUsualPermissionsAndNoPartialFileStays() throws IOException {
        Path reference = Files.createFile(dir.resolve("reference"));
        Path out = dir.resolve("figure.svg");
        OutputFiles.write(out, partial -> Files.writeString(partial, "<svg/>"));
        assertEquals("<svg/>", Files.readString(out));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(reference)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(out)), "permissions as a new file's");
        assertEquals(List.of("figure.svg", "reference"), names());
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNothingElse() throws IOException {
        Path out = dir.resolve("relevance.npy");
        NpyArrayFile.writeFloat32(out, new int[] {2}, new float[] {1, Float.NaN});
        byte[] good = Files.readAllBytes(out);
        assertThrows(IOException.class, () -> OutputFiles.write(out, partial -> {
            Files.writeString(partial, "half");
            throw new IOException("disk full");
        }));
        assertEquals(List.of("relevance.npy"), names());
        assertEquals(java.util.Arrays.toString(good), java.util.Arrays.toString(Files.readAllBytes(out)));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
