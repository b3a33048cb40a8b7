package org.trainscope.adapters.internal.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.LongAdder;

import org.trainscope.adapters.MalformedDataException;

/**
 * A file opened for reading only, shared by the tensor series of one run. Positional reads on a
 * {@link FileChannel} are thread-safe, so no locking is needed; closing the run closes the file.
 */
public final class ReadOnlyFile implements Closeable {
    private final Path path;
    private final FileChannel channel;
    private final LongAdder reads = new LongAdder();

    private ReadOnlyFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    public static ReadOnlyFile open(Path path) throws IOException {
        return new ReadOnlyFile(path, FileChannel.open(path, StandardOpenOption.READ));
    }

    public Path path() {
        return path;
    }

    public long size() throws IOException {
        return channel.size();
    }

    public FileChannel channel() {
        return channel;
    }

    /** Fills {@code buffer} from byte {@code position}; a file that ends first is reported as truncated. */
    public void readFully(ByteBuffer buffer, long position) throws IOException {
        reads.increment();
        long at = position;
        try {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, at);
                if (n < 0) {
                    throw new MalformedDataException(path, at, "truncated: the file ends " + buffer.remaining()
                            + " bytes before the data it declares");
                }
                at += n;
            }
        } catch (ClosedChannelException e) {
            throw new IOException(path + ": the run was closed", e);
        }
    }

    /** How many {@link #readFully} calls were made: what makes a read pattern cheap or not, for tests. */
    public long readCount() {
        return reads.sum();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
