package org.trainscope.adapters.internal.tensorboard;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import org.trainscope.adapters.MalformedDataException;

/**
 * Reads the records of a TFRecord file (the framing of {@code *.tfevents.*}): a little-endian uint64
 * length, the masked CRC-32C of those 8 bytes, the data, the masked CRC-32C of the data. Both CRCs
 * are checked; a mismatch is an error naming the record and its offset. A file that ends inside
 * its last record is normal while TensorFlow is still writing it, so that is reported through
 * {@link #truncatedTail()}, not thrown.
 */
public final class TfRecordReader implements Closeable {
    /** Largest record accepted; events carrying a whole graph_def stay well below. */
    public static final long MAX_RECORD_BYTES = 256L << 20;
    private static final int MASK_DELTA = 0xa282ead8;

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private long position;
    private long recordOffset;
    private int recordNumber = -1;
    private String truncatedTail;

    public TfRecordReader(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
    }

    public static int maskedCrc(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    /** The next record's data, or null at the end (check {@link #truncatedTail()}). */
    public ByteBuffer next() throws IOException {
        if (position >= size) {
            return null;
        }
        recordNumber++;
        recordOffset = position;
        if (size - position < 12) {
            return truncated("its length header");
        }
        header.clear();
        readFully(header, position);
        long length = header.getLong(0);
        int lengthCrc = header.getInt(8);
        if (maskedCrc(header.array(), 0, 8) != lengthCrc) {
            throw new MalformedDataException(file, recordOffset, "record " + recordNumber
                    + ": the CRC of the length field does not match (damaged file or not a TFRecord file)");
        }
        if (length < 0 || length > MAX_RECORD_BYTES) {
            throw new MalformedDataException(file, recordOffset, "record " + recordNumber + " claims "
                    + Long.toUnsignedString(length) + " bytes, more than the " + MAX_RECORD_BYTES + " allowed");
        }
        if (size - position - 12 < length + 4) {
            return truncated(length + " data bytes and their CRC");
        }
        ByteBuffer data = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(data, position + 12);
        footer.clear();
        readFully(footer, position + 12 + length);
        if (maskedCrc(data.array(), 0, (int) length) != footer.getInt(0)) {
            throw new MalformedDataException(file, recordOffset, "record " + recordNumber
                    + ": the CRC of its " + length + " data bytes does not match (damaged file)");
        }
        position += 12 + length + 4;
        return data.flip();
    }

    private ByteBuffer truncated(String missing) {
        truncatedTail = file + " at byte " + recordOffset + ": record " + recordNumber + " is incomplete (the file ends before "
                + missing + "); the writer may still be running, so it was ignored";
        position = size;
        return null;
    }

    private void readFully(ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            int n = channel.read(b, p);
            if (n < 0) {
                throw new MalformedDataException(file, p, "the file shrank while being read");
            }
            p += n;
        }
    }

    /** File offset of the record last returned by {@link #next()}. */
    public long recordOffset() {
        return recordOffset;
    }

    public int recordNumber() {
        return recordNumber;
    }

    /** A warning when the file ended inside a record, else null. */
    public String truncatedTail() {
        return truncatedTail;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
