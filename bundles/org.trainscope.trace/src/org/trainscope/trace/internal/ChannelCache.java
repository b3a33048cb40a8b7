package org.trainscope.trace.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Read-only file channels shared by all reading threads, evicted by least recent use across all
 * series of a trace. A channel evicted while a thread still reads from it is closed only when that
 * thread releases it; positional reads on a shared {@link FileChannel} are thread-safe, so no other
 * locking is needed.
 *
 * <p>How many stay open: enough for every chunk file of every series read so far ({@link #reserve}),
 * so a scan that visits all chunk files of a tensor once per strip of neurons opens each file once
 * instead of once per strip (with 64 channels for 100 chunk files, an LRU cache misses on every
 * access). Never more than {@link #ceiling()}, a fraction of the process's open-file limit, so a
 * trace with thousands of chunk files does not exhaust file descriptors; never fewer than the floor
 * given to the constructor.
 *
 * <p>Interrupts: a {@link FileChannel} is interruptible, so a thread interrupted while it reads
 * (a cancelled task, a pool shut down with {@code shutdownNow}) closes the channel for every thread
 * that shares it. {@link #use} makes reads immune to that: it clears the caller's interrupt status
 * for the duration of the operation (so a pending interrupt does not close the channel), retries on a
 * fresh channel when an interrupt or another thread's interrupt closed it mid-operation, and restores
 * the interrupt status afterwards so the caller still sees it at its next cancellation check. A closed
 * channel is never lent again: {@link #acquire} replaces it.
 */
public final class ChannelCache implements AutoCloseable {
    /** A channel lent to one caller; release it with {@link #close()}. */
    public final class Lease implements AutoCloseable {
        private final Entry entry;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        public FileChannel channel() {
            return entry.channel;
        }

        @Override
        public void close() {
            release(entry);
        }
    }

    /** Work on a lent channel; may be run again on a fresh channel if the first one was closed under it. */
    @FunctionalInterface
    public interface ChannelWork<T> {
        T run(FileChannel channel) throws IOException;
    }

    private static final class Entry {
        final FileChannel channel;
        int leases;
        boolean evicted;

        Entry(FileChannel channel) {
            this.channel = channel;
        }
    }

    /**
     * Attempts of one operation whose channel keeps being closed under it. Each retry needs a new
     * interrupt to arrive during the operation, so reaching this means something interrupts reading
     * threads in a loop; the last failure is then reported.
     */
    private static final int ATTEMPTS = 32;

    /** Open-file limit assumed where the platform does not say (Windows, a JDK without the bean). */
    private static final long ASSUMED_FILE_LIMIT = 2048;

    /** Share of the process's open-file limit one trace reader may hold, and an absolute cap. */
    private static final int LIMIT_SHARE = 8;
    private static final int MAX_CEILING = 16_384;

    private final Map<Path, Entry> open;
    private final int floor;
    private final int ceiling;
    /** Chunk files each series that was read needs open at once; their sum sizes the cache. */
    private final Map<Object, Integer> reserved = new HashMap<>();
    private int capacity;
    private boolean closed;
    private final LongAdder opens = new LongAdder();

    /** A cache that keeps at least {@code floor} channels open, at most a share of the process's file limit. */
    public ChannelCache(int floor) {
        this(floor, defaultCeiling(floor));
    }

    /** A cache that keeps at least {@code floor} and at most {@code ceiling} channels open. */
    public ChannelCache(int floor, int ceiling) {
        if (floor < 1 || ceiling < floor) {
            throw new IllegalArgumentException("floor " + floor + ", ceiling " + ceiling);
        }
        this.floor = floor;
        this.ceiling = ceiling;
        this.capacity = floor;
        this.open = new LinkedHashMap<>(16, 0.75f, true);
    }

    /**
     * The most channels a reader keeps open: an eighth of the process's open-file limit (the JVM
     * raises the soft limit to the hard one at start on Linux and macOS), at most {@value #MAX_CEILING}.
     */
    static int defaultCeiling(int floor) {
        long limit = processFileLimit();
        return (int) Math.max(floor, Math.min(MAX_CEILING, limit / LIMIT_SHARE));
    }

    /** The process's open-file limit, or {@link #ASSUMED_FILE_LIMIT} where it cannot be read. */
    static long processFileLimit() {
        try {
            Object os = ManagementFactory.getOperatingSystemMXBean();
            // through the exported interface, loaded by the JDK's own loader: no OSGi import of com.sun.management
            Class<?> unix = Class.forName("com.sun.management.UnixOperatingSystemMXBean", false, os.getClass().getClassLoader());
            if (unix.isInstance(os)) {
                long limit = (Long) unix.getMethod("getMaxFileDescriptorCount").invoke(os);
                if (limit > 0) {
                    return limit;
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // not a Unix JDK, or no jdk.management: assume a common limit
        }
        return ASSUMED_FILE_LIMIT;
    }

    /**
     * Declares that {@code series} spans {@code files} chunk files, all of which a scan visits per strip
     * of neurons: the cache grows to hold the chunk files of every series declared (up to the ceiling).
     */
    public synchronized void reserve(Object series, int files) {
        Integer old = reserved.get(series);
        if (old != null && old >= files) {
            return;
        }
        reserved.put(series, files);
        long sum = 0;
        for (int f : reserved.values()) {
            sum += f;
        }
        capacity = (int) Math.max(floor, Math.min(ceiling, sum));
    }

    /** How many channels may stay open now. */
    public synchronized int capacity() {
        return capacity;
    }

    /** The most channels this cache ever keeps open. */
    public int ceiling() {
        return ceiling;
    }

    /** Files opened so far (a measure of thrashing: a scan should open each chunk file once). */
    public long opens() {
        return opens.sum();
    }

    /**
     * Runs {@code work} on the channel of {@code file}, immune to interrupts (see the class comment):
     * returns what it returns, or throws what it throws other than a closed channel.
     */
    public <T> T use(Path file, ChannelWork<T> work) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1;; attempt++) {
                try (Lease lease = acquire(file)) {
                    return work.run(lease.channel());
                } catch (ClosedChannelException e) {
                    // closed by an interrupt of this thread (ClosedByInterruptException) or of another
                    // thread sharing the channel (AsynchronousCloseException): acquire lends a fresh one
                    interrupted |= Thread.interrupted();
                    if (attempt == ATTEMPTS) {
                        throw new java.io.InterruptedIOException(file + ": the channel was closed under " + ATTEMPTS
                                + " reads in a row by interrupts of reading threads");
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Lends the channel of {@code file}, opening it READ-only if needed. The lent channel may be
     * closed under the caller by an interrupt; prefer {@link #use}, which survives that.
     */
    public Lease acquire(Path file) throws IOException {
        synchronized (this) {
            Entry e = liveEntry(file);
            if (e != null) {
                e.leases++;
                return new Lease(e);
            }
        }
        // open outside the lock: opening can be slow on network file systems
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "missing");
        }
        opens.increment();
        synchronized (this) {
            Entry existing;
            try {
                existing = liveEntry(file);
            } catch (IllegalStateException closedMeanwhile) {
                closeQuietly(channel);
                throw closedMeanwhile;
            }
            if (existing != null) {
                closeQuietly(channel); // another thread opened it meanwhile
                existing.leases++;
                return new Lease(existing);
            }
            Entry e = new Entry(channel);
            e.leases = 1;
            open.put(file, e);
            evictBeyondCapacity();
            return new Lease(e);
        }
    }

    /** The cached entry of {@code file} with an open channel, or null; a closed channel is dropped. */
    private Entry liveEntry(Path file) {
        if (closed) {
            throw new IllegalStateException("the trace reader is closed");
        }
        Entry e = open.get(file);
        if (e != null && !e.channel.isOpen()) {
            // an interrupted reader closed the channel it read from for every thread: replace it
            open.remove(file);
            e.evicted = true;
            return null;
        }
        return e;
    }

    private void evictBeyondCapacity() {
        var it = open.values().iterator();
        while (open.size() > capacity && it.hasNext()) {
            Entry eldest = it.next();
            it.remove();
            eldest.evicted = true;
            if (eldest.leases == 0) {
                closeQuietly(eldest.channel);
            }
        }
    }

    private synchronized void release(Entry e) {
        e.leases--;
        if (e.leases == 0 && e.evicted) {
            closeQuietly(e.channel);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Entry e : open.values()) {
            e.evicted = true;
            if (e.leases == 0) {
                closeQuietly(e.channel);
            }
        }
        open.clear();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // a read-only channel has nothing to flush; nothing useful to report
        }
    }
}
