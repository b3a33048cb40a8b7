package org.trainscope.trace.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.trainscope.trace.DType;

/**
 * Writing side of one chunked series (spec §5.1): creates each chunk with a capacity header, writes
 * every record at its fixed offset (so an abandoned record is simply overwritten by the next one),
 * and on close shrinks the last chunk's header and length to the records it really holds.
 */
public final class SeriesWriter {
    private final Path dir;
    private final DType dtype;
    private final long[] capacityShape;
    private final long rowBytes;
    private final int chunkRecords;
    private final int headerLength;
    private FileChannel current;
    private int currentChunk = -1;
    private boolean dirty;

    public SeriesWriter(Path dir, DType dtype, List<Integer> recordShape, int chunkRecords) {
        this.dir = dir;
        this.dtype = dtype;
        this.capacityShape = new long[recordShape.size() + 1];
        this.capacityShape[0] = chunkRecords;
        long n = 1;
        for (int i = 0; i < recordShape.size(); i++) {
            capacityShape[i + 1] = recordShape.get(i);
            n *= recordShape.get(i);
        }
        this.rowBytes = n * dtype.size();
        this.chunkRecords = chunkRecords;
        this.headerLength = NpyHeader.encode(dtype, capacityShape, 0).length;
    }

    public long rowBytes() {
        return rowBytes;
    }

    /**
     * Writes part of the row of {@code record}: {@code data} (position to limit) at byte
     * {@code offsetInRow} of the row.
     */
    public void write(int record, long offsetInRow, ByteBuffer data) throws IOException {
        FileChannel channel = channelFor(record / chunkRecords);
        long position = headerLength + (long) (record % chunkRecords) * rowBytes + offsetInRow;
        while (data.hasRemaining()) {
            position += channel.write(data, position);
        }
        dirty = true;
    }

    private FileChannel channelFor(int chunk) throws IOException {
        if (chunk != currentChunk) {
            if (current != null) {
                current.close(); // the previous chunk is full: the writer never goes back to it
            }
            Path file = dir.resolve(ChunkedSeries.chunkFileName(chunk));
            current = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            ByteBuffer header = ByteBuffer.wrap(NpyHeader.encode(dtype, capacityShape, headerLength));
            while (header.hasRemaining()) {
                current.write(header, header.position());
            }
            currentChunk = chunk;
        }
        return current;
    }

    /** Forces written data to the storage device (for durability across power loss). */
    public void sync() throws IOException {
        if (current != null && dirty) {
            current.force(false);
        }
        dirty = false;
    }

    /**
     * Finishes the series after {@code records} committed records: rewrites the last chunk's header
     * to its real record count (same length, spec §5.1), cuts off any abandoned record, and deletes a
     * chunk that holds no committed record.
     */
    public void finish(int records) throws IOException {
        if (current == null) {
            return;
        }
        int lastChunk = records == 0 ? -1 : (records - 1) / chunkRecords;
        if (currentChunk > lastChunk) {
            current.close();
            current = null;
            Files.deleteIfExists(dir.resolve(ChunkedSeries.chunkFileName(currentChunk)));
            return;
        }
        int rows = records - lastChunk * chunkRecords;
        long[] finalShape = capacityShape.clone();
        finalShape[0] = rows;
        ByteBuffer header = ByteBuffer.wrap(NpyHeader.encode(dtype, finalShape, headerLength));
        while (header.hasRemaining()) {
            current.write(header, header.position());
        }
        current.truncate(headerLength + rows * rowBytes);
        current.force(false);
        current.close();
        current = null;
    }

    /** Closes without finishing (after a failure); what was committed stays readable. */
    public void abandon() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
