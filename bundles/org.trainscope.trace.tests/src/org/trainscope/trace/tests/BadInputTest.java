package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trainscope.trace.tests.TraceFixtures.ACT;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trainscope.trace.DType;
import org.trainscope.trace.TraceFormatException;
import org.trainscope.trace.TraceReader;
import org.trainscope.trace.internal.NpyHeader;

/** Every kind of bad input gets an error or warning that names the file and the problem, and nothing else breaks. */
class BadInputTest {
    @TempDir
    Path tmp;

    @Test
    void aDirectoryThatIsNotATraceIsReportedAsSuch() throws IOException {
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.open(tmp));
        assertEquals(tmp, e.file());
        assertTrue(e.getMessage().contains("not a TrainScope trace: it has no manifest.json"), e.getMessage());
        Path file = Files.writeString(tmp.resolve("plain.txt"), "x");
        assertTrue(assertThrows(TraceFormatException.class, () -> TraceReader.open(file)).getMessage().contains("not a directory"));
        assertTrue(assertThrows(TraceFormatException.class, () -> TraceReader.open(tmp.resolve("nope"))).getMessage().contains("does not exist"));
    }

    /** Each row: text to replace in a valid manifest, its replacement, words the error must contain. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"formatVersion\": 1|\"formatVersion\": \"1\"|\"formatVersion\" must be an integer, found a string",
        "\"formatVersion\": 1|\"formatVersion\": 2|this reader supports version 1",
        "\"format\": \"trainscope-trace\"|\"format\": \"other\"|\"format\" must be \"trainscope-trace\"",
        "\"modelType\": \"mlp\",|\"modelType\": 7,|\"modelType\" must be a string, found an integer (7)",
        "\"shape\": [3, 5]|\"shape\": [3, \"5\"]|\"tensors[0].shape[1]\" must be an integer",
        "\"shape\": [3, 5]|\"shape\": [3, 0]|\"tensors[0].shape[1]\" must be in [1,",
        "\"shape\": [3, 5]|\"shape\": [1048576, 1048576]|too large for one record",
        "\"kind\": \"activation\"|\"kind\": \"activations\"|\"tensors[0].kind\" must be one of [activation, gradient",
        "\"dtype\": \"float32\"|\"dtype\": \"float64\"|\"tensors[0].dtype\" must be",
        "\"chunkRecords\": 4|\"chunkRecords\": 4.0|\"tensors[0].chunkRecords\" must be an integer, found a number (4.0)",
        "\"id\": \"fc1.act\"|\"id\": \"../escape\"|is not a valid id",
        "\"id\": \"fc1.act\"|\"id\": \"fc1.grad\"|is not unique",
        "\"node\": \"fc1\"|\"node\": \"ghost\"|names no graph node",
        "\"to\": \"z\"|\"to\": \"x\"|the graph has a cycle",
        "\"to\": \"z\"|\"to\": \"nowhere\"|graph edge to unknown node \"nowhere\"",
        "\"shape\": [3, 2]|\"shape\": [46341, 46341]|array \"probe.inputs\" (arrays[0]) of shape [46341, 46341] holds 2147488281 elements, more than the 67108864",
        "\"shape\": [3, 2]|\"shape\": [40000, 40000]|array \"probe.inputs\" (arrays[0]) of shape [40000, 40000] holds 1600000000 elements",
        "\"shape\": [3, 2]|\"shape\": [2147483647, 2147483647, 2147483647]|holds more than 2^63 elements",
        "\"inputs\": \"probe.inputs\"|\"inputs\": \"nothing\"|probe.inputs \"nothing\" names no array",
        "\"graph\": {|\"graph\": [], \"g\": {|\"graph\" must be an object, found an array",
        "\"tensors\": [|\"tensors\": [1, |\"tensors[0]\" must be a JSON object",
        "\"metrics\": [|\"metricz\": [|missing member \"metrics\"",
        "\"name\": \"fixture\",|\"name\": \"fixture\",,|invalid JSON: line 4, column 21"})
    void manifestProblemsNameTheFileAndTheMember(String from, String to, String expected) throws IOException {
        Path dir = TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, 4, 3);
        Path manifest = dir.resolve("manifest.json");
        String text = Files.readString(manifest);
        assertTrue(text.contains(from), "fixture manifest lacks " + from + ":\n" + text);
        Files.writeString(manifest, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.open(dir));
        assertEquals(manifest, e.file());
        assertTrue(e.getMessage().startsWith(manifest + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void absurdNestingAndHugeOrNonUtf8ManifestsAreRejected() throws IOException {
        Path dir = TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, 4, 1);
        Path manifest = dir.resolve("manifest.json");
        String text = Files.readString(manifest);
        Files.writeString(manifest, text.replace("\"lr\": 0.01", "\"lr\": " + "[".repeat(5000) + "]".repeat(5000)));
        assertTrue(assertThrows(TraceFormatException.class, () -> TraceReader.open(dir)).getMessage().contains("nesting deeper than 64"));
        Files.write(manifest, new byte[] {'{', (byte) 0xff, '}'});
        assertTrue(assertThrows(TraceFormatException.class, () -> TraceReader.open(dir)).getMessage().contains("not valid UTF-8"));
        try (RandomAccessFile f = new RandomAccessFile(manifest.toFile(), "rw")) {
            f.setLength(65L << 20); // sparse: costs no disk
        }
        assertTrue(assertThrows(TraceFormatException.class, () -> TraceReader.open(dir)).getMessage().contains("more than the"));
    }

    @Test
    void aMissingJournalIsAnError() throws IOException {
        Path dir = TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, 4, 1);
        Files.delete(dir.resolve("journal.jsonl"));
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.open(dir));
        assertEquals(dir.resolve("journal.jsonl"), e.file());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 3, 6), }|does not match [records] + [3, 5]",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 15), }|does not match [records] + [3, 5]",
        "{'descr': '<f2', 'fortran_order': False, 'shape': (4, 3, 5), }|dtype <f2 but the manifest declares <f4",
        "{'descr': '<f4', 'fortran_order': True, 'shape': (4, 3, 5), }|fortran_order True",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776, 3, 5), }|shape[0] is 1099511627776",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 5), }|shape[0] is 1 but must be between the 3 committed"})
    void badChunkHeadersDropTheirRecordsWithAWarning(String dict, String expected) throws IOException {
        Path dir = TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, 4, 3);
        Path chunk = dir.resolve("tensors").resolve(ACT).resolve("chunk-000000.npy");
        byte[] bytes = Files.readAllBytes(chunk);
        byte[] header = headerOfLength(dict, 128);
        System.arraycopy(header, 0, bytes, 0, 128);
        Files.write(chunk, bytes);
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(0, r.recordCount());
            String warning = r.warnings().get(0);
            assertTrue(warning.startsWith("tensors/" + ACT + "/chunk-000000.npy: "), warning); // relative to the trace
            assertTrue(warning.contains(expected), warning);
            assertTrue(warning.contains("dropped 3 record(s) from record 0"), warning);
        }
    }

    /** Refused at open, from the manifest, naming the array: never an allocation or a wrapped count in a view. */
    @Test
    void aStaticArrayClaimingTwoToTheFortyElementsFailsBeforeAllocating() throws IOException {
        Path dir = TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, 4, 1);
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"shape\": [3, 2]", "\"shape\": [1048576, 1048576]"));
        Path array = dir.resolve("arrays").resolve("probe.inputs.npy");
        Files.write(array, NpyHeader.encode(DType.FLOAT32, new long[] {1048576, 1048576}, 0));
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.open(dir));
        assertEquals(manifest, e.file());
        assertTrue(e.getMessage().contains("array \"probe.inputs\" (arrays[0]) of shape [1048576, 1048576] holds 1099511627776 elements"),
                e.getMessage());
    }

    @Test
    void staticArrayProblemsNameTheFile() throws IOException {
        Path dir = TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, 4, 1);
        Path inputs = dir.resolve("arrays").resolve("probe.inputs.npy");
        Path labels = dir.resolve("arrays").resolve("probe.labels.npy");
        byte[] bytes = Files.readAllBytes(inputs);
        Files.write(inputs, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        Files.write(labels, "\u0093NUMPX".getBytes(StandardCharsets.ISO_8859_1));
        try (TraceReader r = TraceReader.open(dir)) {
            assertTrue(assertThrows(TraceFormatException.class, () -> r.readArrayFloats("probe.inputs")).getMessage()
                    .startsWith(inputs + ": truncated"));
            assertTrue(assertThrows(TraceFormatException.class, () -> r.readArrayLongs("probe.labels")).getMessage()
                    .startsWith(labels + ": "));
            Files.delete(labels);
            assertTrue(assertThrows(TraceFormatException.class, () -> r.readArrayLongs("probe.labels")).getMessage()
                    .contains("missing"));
        }
    }

    @Test
    void badJournalValuesAreReportedWithTheirLine() throws IOException {
        Path dir = TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, 4, 5);
        Path journal = dir.resolve("journal.jsonl");
        List<String> lines = Files.readAllLines(journal);
        lines.set(1, lines.get(1).replaceFirst("\"loss\":[^,}]*", "\"loss\":\"high\""));
        lines.set(3, lines.get(3).replace("\"iteration\":35", "\"iteration\":5"));
        Files.write(journal, lines);
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(1, r.recordCount());
            assertTrue(r.warnings().get(0).contains("line 2: \"metrics.loss\" must be a number"), r.warnings().get(0));
        }
        lines.set(1, lines.get(1).replace("\"high\"", "0.5"));
        Files.write(journal, lines);
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(3, r.recordCount());
            assertTrue(r.warnings().get(0).contains("line 4: \"iteration\" 5 is not greater than the previous 25"), r.warnings().get(0));
        }
    }

    @Test
    void theReaderNeverChangesATrace() throws IOException {
        Path dir = TraceFixtures.writeUnclosed(tmp.resolve("t"), 4, 6);
        CrashRecoveryTest.truncate(dir.resolve("tensors").resolve(ACT).resolve("chunk-000001.npy"), 150);
        long before = fingerprint(dir);
        dir.toFile().setReadOnly(); // a reader must work on read-only media too
        try (var files = Files.walk(dir)) {
            files.forEach(p -> p.toFile().setReadOnly());
        }
        try (TraceReader r = TraceReader.open(dir)) {
            r.refresh();
            CrashRecoveryTest.assertAllRecordsIntact(r);
        } finally {
            try (var files = Files.walk(dir)) {
                files.forEach(p -> p.toFile().setWritable(true));
            }
        }
        assertEquals(before, fingerprint(dir));
    }

    private static long fingerprint(Path dir) throws IOException {
        long h = 17;
        try (var files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                h = h * 31 + p.toString().hashCode();
                if (Files.isRegularFile(p)) {
                    h = h * 31 + java.util.Arrays.hashCode(Files.readAllBytes(p));
                    h = h * 31 + Files.getLastModifiedTime(p).toMillis();
                }
            }
        }
        return h;
    }

    private static byte[] headerOfLength(String dict, int total) {
        String padded = dict + " ".repeat(total - 10 - dict.length() - 1) + "\n";
        byte[] out = new byte[total];
        byte[] pre = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (padded.length() & 0xff), (byte) (padded.length() >> 8)};
        System.arraycopy(pre, 0, out, 0, 10);
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, out, 10, padded.length());
        return out;
    }
}
