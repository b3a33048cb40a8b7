package org.trainscope.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A read-only {@link FileChannel} over a file of any Hadoop file system (file:, hdfs:, s3a:), so that
 * the trace store's own npy header check ({@code NpyHeader.read}) runs unchanged on cluster storage.
 * Only positional reads, {@link #size()} and sequential reads are supported; everything that writes,
 * maps or locks throws.
 */
final class HadoopReadChannel extends FileChannel {
    private final FSDataInputStream in;
    private final long size;
    private long position;

    HadoopReadChannel(FileSystem fs, Path file) throws IOException {
        this.size = fs.getFileStatus(file).getLen();
        this.in = fs.open(file);
    }

    @Override
    public int read(ByteBuffer dst, long at) throws IOException {
        if (at >= size) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), size - at);
        if (n == 0) {
            return 0;
        }
        if (dst.hasArray()) {
            in.readFully(at, dst.array(), dst.arrayOffset() + dst.position(), n);
            dst.position(dst.position() + n);
        } else {
            byte[] bytes = new byte[n];
            in.readFully(at, bytes, 0, n);
            dst.put(bytes);
        }
        return n;
    }

    /** Reads exactly {@code length} bytes at {@code at} into {@code out}. */
    void readFully(long at, byte[] out, int offset, int length) throws IOException {
        in.readFully(at, out, offset, length);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public FileChannel position(long newPosition) {
        this.position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new NonWritableChannelException();
    }

    @Override
    public int write(ByteBuffer src, long at) {
        throw new NonWritableChannelException();
    }

    @Override
    public FileChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public void force(boolean metaData) {
        // nothing is ever written
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) {
        throw new UnsupportedOperationException("read-only positional channel");
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) {
        throw new NonWritableChannelException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long length) {
        throw new UnsupportedOperationException("Hadoop files cannot be memory-mapped");
    }

    @Override
    public FileLock lock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("read-only positional channel");
    }

    @Override
    public FileLock tryLock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("read-only positional channel");
    }

    @Override
    protected void implCloseChannel() throws IOException {
        in.close();
    }
}
