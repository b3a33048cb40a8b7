package org.trainscope.trace.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Read-only file channels shared by all reading threads, at most {@code capacity} open at once so a
 * trace with thousands of chunk files does not exhaust file descriptors. A channel evicted while a
 * thread still reads from it is closed only when that thread releases it; positional reads on a
 * shared {@link FileChannel} are thread-safe, so no other locking is needed.
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

    private static final class Entry {
        final FileChannel channel;
        int leases;
        boolean evicted;

        Entry(FileChannel channel) {
            this.channel = channel;
        }
    }

    private final Map<Path, Entry> open;
    private boolean closed;

    public ChannelCache(int capacity) {
        this.open = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, Entry> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                Entry e = eldest.getValue();
                e.evicted = true;
                if (e.leases == 0) {
                    closeQuietly(e.channel);
                }
                return true;
            }
        };
    }

    /** Lends the channel of {@code file}, opening it READ-only if needed. */
    public Lease acquire(Path file) throws IOException {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the trace reader is closed");
            }
            Entry e = open.get(file);
            if (e != null && !e.channel.isOpen()) {
                // an interrupted reader (a cancelled job's pool thread) closes the channel it read
                // from for every thread; a closed channel is replaced, not lent again
                open.remove(file);
                e.evicted = true;
                e = null;
            }
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
        synchronized (this) {
            Entry existing = open.get(file);
            if (existing != null && !existing.channel.isOpen()) {
                open.remove(file);
                existing.evicted = true;
                existing = null;
            }
            if (existing != null || closed) {
                closeQuietly(channel);
                if (closed) {
                    throw new IllegalStateException("the trace reader is closed");
                }
                existing.leases++;
                return new Lease(existing);
            }
            Entry e = new Entry(channel);
            e.leases = 1;
            open.put(file, e);
            return new Lease(e);
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
