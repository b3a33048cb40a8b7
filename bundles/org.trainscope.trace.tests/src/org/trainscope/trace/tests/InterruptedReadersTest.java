package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trainscope.trace.TraceReader;

/**
 * Issue 16: a cancelled or superseded request interrupts its thread while it reads; a FileChannel
 * read that is interrupted closes the channel for every thread sharing it, which made every later
 * request on the run fail with {@code ClosedChannelException}. Here readers of one trace are
 * interrupted at random, over and over, and futures are cancelled with interrupt while they read:
 * no read may fail, every value must be right, and reading afterwards must still work.
 */
class InterruptedReadersTest {
    private static final int NEURONS = 20_011; // three 8192-neuron strips
    private static final int RECORDS = 40;
    private static final int CHUNK = 2; // 20 chunk files: many channels

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "memory mapping {0}")
    @ValueSource(booleans = { false, true })
    void readersSurviveInterruptsAndCancelledReads(boolean mmap) throws Exception {
        Path dir = SingleTensorTraces.write(tmp.resolve("t"), NEURONS, RECORDS, CHUNK);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger interruptsSeen = new AtomicInteger();
        AtomicInteger readsChecked = new AtomicInteger();
        try (TraceReader r = SingleTensorTraces.open(dir, mmap)) {
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int seed = t;
                readers.add(new Thread(() -> {
                    Random random = new Random(seed);
                    for (int round = 0; round < 60; round++) {
                        try {
                            readAndCheck(r, random);
                            readsChecked.incrementAndGet();
                        } catch (Throwable e) {
                            failures.add(e);
                            return;
                        }
                        if (Thread.interrupted()) {
                            interruptsSeen.incrementAndGet(); // the read kept the interrupt for its caller
                        }
                    }
                }, "reader-" + t));
            }
            AtomicBoolean done = new AtomicBoolean();
            Thread interrupter = new Thread(() -> {
                Random random = new Random(99);
                while (!done.get()) {
                    readers.get(random.nextInt(readers.size())).interrupt();
                    try {
                        Thread.sleep(0, 200_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            readers.forEach(Thread::start);
            interrupter.start();

            // meanwhile: requests superseded by newer ones, cancelled with interrupt while they read
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                Random random = new Random(7);
                for (int i = 0; i < 40; i++) {
                    Future<?> f = pool.submit(() -> {
                        try {
                            readAndCheck(r, new Random(random.nextInt()));
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    });
                    Thread.sleep(1);
                    f.cancel(true);
                }
            } finally {
                pool.shutdownNow(); // interrupts whatever still reads
                assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
            }
            for (Thread t : readers) {
                t.join();
            }
            done.set(true);
            interrupter.join();

            assertTrue(failures.isEmpty(), () -> "reads failed: " + failures);
            assertEquals(6 * 60, readsChecked.get());
            assertTrue(interruptsSeen.get() > 0, "the readers were interrupted while reading");
            // afterwards, every kind of read still succeeds on the same reader
            Random random = new Random(1);
            for (int i = 0; i < 5; i++) {
                readAndCheck(r, random);
            }
            SingleTensorTraces.checkAllTiles(r, NEURONS, RECORDS);
        }
    }

    /** A polyline block, a record-tile scan and a record read, each checked value by value. */
    private static void readAndCheck(TraceReader r, Random random) throws IOException {
        int first = random.nextInt(NEURONS - 3000);
        int firstRecord = random.nextInt(RECORDS / 2);
        int records = RECORDS - firstRecord;
        float[] out = new float[3000 * records];
        r.readPolylines("a", first, 3000, firstRecord, records, out);
        for (int k = 0; k < 3000; k += 7) {
            for (int i = 0; i < records; i++) {
                assertEquals(SingleTensorTraces.value(firstRecord + i, first + k), out[k * records + i]);
            }
        }
        int tileFirst = random.nextInt(NEURONS / 2);
        int count = NEURONS - tileFirst;
        long[] sums = new long[1];
        r.scanRecordTiles("a", tileFirst, count, 0, RECORDS, (firstNeuron, n, rec0, rows, values, stride) -> {
            for (int i = 0; i < rows; i++) {
                for (int k = 0; k < n; k += 13) {
                    assertEquals(SingleTensorTraces.value(rec0 + i, firstNeuron + k), values[i * stride + k]);
                }
                sums[0] += n;
            }
        });
        assertEquals((long) count * RECORDS, sums[0]);
        float[] row = new float[NEURONS];
        int rec = random.nextInt(RECORDS);
        r.readRecord("a", rec, row);
        for (int j = 0; j < NEURONS; j += 11) {
            assertEquals(SingleTensorTraces.value(rec, j), row[j]);
        }
    }
}
