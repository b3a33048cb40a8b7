package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.algorithms.sampling.BlueNoisePolylineSampler;
import org.trainscope.algorithms.sampling.RandomPolylineSampler;
import org.trainscope.algorithms.sampling.SamplingParameters;
import org.trainscope.algorithms.sampling.SamplingResult;
import org.trainscope.algorithms.sampling.summary.SampleCache;

/**
 * Issue 16: sampler results on disk beside the trace, so that a run opened again shows its chart
 * without sampling again. A blue-noise result (with radii) and a random one (without) read back
 * equal; a key of another trace state, sampler version or seed misses; a damaged entry misses; the
 * folder keeps the entries used last.
 */
class SampleCacheTest {
    @TempDir
    Path directory;

    private Path trace(String name, String manifest) throws IOException {
        Path trace = Files.createDirectories(directory.resolve(name));
        Files.writeString(trace.resolve("manifest.json"), manifest);
        return trace;
    }

    private static SampleCache.Request request(int version, long seed) {
        return new SampleCache.Request("fc1.act", 20_000, 0, 40, "blueNoise", version, 300, seed,
                Map.of("positionWeight", 1.0, "directionWeight", 1.0));
    }

    @Test
    void blueNoiseAndRandomResultsReadBackEqual() throws IOException {
        Path trace = trace("run", "{\"format\": 1}");
        var source = SyntheticCurves.generate(20_000, 40, 5, 100, 11).source();
        SamplingParameters parameters = SamplingParameters.builder().sampleCount(300).seed(5).build();
        SamplingResult blue = new BlueNoisePolylineSampler().sample(source, parameters, new NullProgressMonitor());
        SamplingResult random = new RandomPolylineSampler().sample(source, parameters, new NullProgressMonitor());
        SampleCache cache = SampleCache.of(trace);
        assertFalse(cache.directory().startsWith(trace), "never inside the trace: " + cache.directory());
        String blueKey = SampleCache.key(trace, request(3, 5)).orElseThrow();
        String randomKey = SampleCache.key(trace, request(1, 5)).orElseThrow();
        assertTrue(cache.save(blueKey, blue));
        assertTrue(cache.save(randomKey, random));

        SamplingResult b = cache.load(blueKey).orElseThrow();
        assertArrayEquals(blue.selectionOrder(), b.selectionOrder());
        assertEquals(blue.samplerId(), b.samplerId());
        assertEquals(blue.initialRadius(), b.initialRadius());
        assertEquals(blue.finalRadius(), b.finalRadius());
        assertEquals(blue.passes(), b.passes());
        assertEquals(blue.nonFiniteCandidates(), b.nonFiniteCandidates());
        assertEquals(blue.metric().from(), b.metric().from());
        assertEquals(blue.metric().to(), b.metric().to());
        assertEquals(blue.metric().segmentCount(), b.metric().segmentCount());
        assertEquals(blue.metric().lo(), b.metric().lo());
        assertEquals(blue.metric().scale(), b.metric().scale());
        assertEquals(blue.metric().positionWeight(), b.metric().positionWeight());
        assertEquals(blue.metric().directionWeight(), b.metric().directionWeight());
        // the rebuilt metric embeds a polyline as the original does
        float[] rows = new float[source.length()];
        source.read(7, 1, rows);
        float[] original = new float[blue.metric().embeddingLength()];
        float[] rebuilt = new float[b.metric().embeddingLength()];
        blue.metric().embed(rows, 0, original, 0);
        b.metric().embed(rows, 0, rebuilt, 0);
        assertArrayEquals(original, rebuilt);

        SamplingResult r = cache.load(randomKey).orElseThrow();
        assertFalse(r.hasRadius(), "random sampling has no radius, on disk neither");
        assertArrayEquals(random.selectionOrder(), r.selectionOrder());
    }

    @Test
    void anotherTraceStateSamplerVersionOrSeedMisses() throws IOException {
        Path trace = trace("run", "{\"records\": 40}");
        SampleCache cache = SampleCache.of(trace);
        SamplingResult result = SamplingResult.withoutRadius("random", new int[] { 4, 1, 9 },
                new org.trainscope.algorithms.sampling.PolylineMetric(0, 40, 0, -1, 2, 1, 1));
        String key = SampleCache.key(trace, request(1, 5)).orElseThrow();
        assertTrue(cache.save(key, result));
        assertTrue(cache.load(key).isPresent());
        assertNotEquals(key, SampleCache.key(trace, request(2, 5)).orElseThrow(), "a new sampler version");
        assertTrue(cache.load(SampleCache.key(trace, request(1, 6)).orElseThrow()).isEmpty(), "another seed");
        Files.writeString(trace.resolve("manifest.json"), "{\"records\": 41}"); // the live run grew
        assertTrue(cache.load(SampleCache.key(trace, request(1, 5)).orElseThrow()).isEmpty(), "the trace changed");
        assertEquals(Optional.empty(), SampleCache.key(directory.resolve("no-trace"), request(1, 5)),
                "no manifest, no key (a run read from a single file)");
    }

    @Test
    void aDamagedEntryMissesAndTheFolderKeepsTheEntriesUsedLast() throws IOException {
        Path trace = trace("run", "{}");
        SampleCache cache = SampleCache.of(trace);
        SamplingResult result = SamplingResult.withoutRadius("random", new int[] { 4, 1, 9, 16 },
                new org.trainscope.algorithms.sampling.PolylineMetric(0, 40, 0, -1, 2, 1, 1));
        String damaged = SampleCache.key(trace, request(1, 1)).orElseThrow();
        cache.save(damaged, result);
        Path npy = onlyFile(cache.directory(), ".order.npy");
        try (RandomAccessFile f = new RandomAccessFile(npy.toFile(), "rw")) {
            f.setLength(f.length() - 8); // one index cut off
        }
        assertTrue(cache.load(damaged).isEmpty(), "a truncated selection is a miss, not an error");

        Path foreign = Files.writeString(cache.directory().resolve("notes.txt"), "mine");
        for (long seed = 2; seed < 2 + 70; seed++) {
            assertTrue(cache.save(SampleCache.key(trace, request(1, seed)).orElseThrow(), result));
        }
        List<Path> entries;
        try (var files = Files.list(cache.directory())) {
            entries = files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
        }
        assertEquals(64, entries.size());
        assertTrue(cache.load(SampleCache.key(trace, request(1, 71)).orElseThrow()).isPresent(), "the newest stays");
        assertTrue(Files.exists(foreign), "files that are not entries are left alone");
    }

    private static Path onlyFile(Path folder, String suffix) throws IOException {
        try (var files = Files.list(folder)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
            assertEquals(1, found.size(), found.toString());
            return found.get(0);
        }
    }
}
