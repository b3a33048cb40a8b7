package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.trace.internal.ChannelCache;

/** A cancelled job's interrupted thread must not break reading for every other thread. */
class ChannelCacheTest {
    @TempDir
    Path tmp;

    @Test
    void aChannelClosedByAnInterruptedReaderIsReplaced() throws Exception {
        Path file = Files.write(tmp.resolve("chunk.npy"), new byte[] { 1, 2, 3, 4 });
        try (ChannelCache cache = new ChannelCache(4)) {
            FileChannel first;
            try (ChannelCache.Lease lease = cache.acquire(file)) {
                first = lease.channel();
            }
            AtomicReference<Throwable> seen = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                Thread.currentThread().interrupt();
                try (ChannelCache.Lease lease = cache.acquire(file)) {
                    lease.channel().read(ByteBuffer.allocate(4), 0);
                } catch (Throwable t) {
                    seen.set(t);
                }
            });
            reader.start();
            reader.join();
            assertTrue(seen.get() instanceof ClosedByInterruptException, String.valueOf(seen.get()));
            assertTrue(!first.isOpen(), "the interrupt closed the shared channel");
            try (ChannelCache.Lease lease = cache.acquire(file)) {
                assertNotSame(first, lease.channel());
                ByteBuffer buf = ByteBuffer.allocate(4);
                assertEquals(4, lease.channel().read(buf, 0));
                assertEquals(3, buf.get(2));
            }
        }
    }

    @Test
    void aClosedCacheLendsNothing() throws Exception {
        Path file = Files.write(tmp.resolve("chunk.npy"), new byte[] { 1 });
        ChannelCache cache = new ChannelCache(2);
        cache.close();
        assertThrows(IllegalStateException.class, () -> cache.acquire(file));
    }
}
