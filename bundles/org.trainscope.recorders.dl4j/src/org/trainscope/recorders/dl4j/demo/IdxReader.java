package org.trainscope.recorders.dl4j.demo;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), plain or gzip-compressed (recognised by
 * their first bytes, not their name). Only unsigned-byte data (type 0x08) is supported, which is
 * what the image and label files hold. Every problem is an {@link IdxFormatException} that names
 * the file and what is wrong with it.
 *
 * <p>Layout: 2 zero bytes, a type byte, a byte with the number of dimensions, one big-endian int32
 * per dimension, then the values, row-major, and nothing after them.
 */
public final class IdxReader {
    /** Refuse files that claim more values than this (a corrupt header should not allocate gigabytes). */
    static final long MAX_VALUES = 1L << 30;
    private static final int TYPE_UBYTE = 0x08;

    private IdxReader() {
    }

    public static IdxArray read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IdxFormatException(file, Files.exists(file) ? "not a regular file" : "does not exist");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (DataInputStream in = new DataInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw)) {
                return read(file, in, gzip);
            } catch (ZipException e) {
                throw new IdxFormatException(file, "broken gzip data (" + e.getMessage() + ")");
            }
        }
    }

    private static IdxArray read(Path file, DataInputStream in, boolean gzip) throws IOException {
        byte[] magic = new byte[4];
        readFully(file, in, magic, "the 4-byte header");
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IdxFormatException(file, String.format("not an IDX file: it starts with %02x %02x, not 00 00%s",
                    magic[0] & 0xff, magic[1] & 0xff, gzip ? " (after gunzip)" : ""));
        }
        int type = magic[2] & 0xff;
        if (type != TYPE_UBYTE) {
            throw new IdxFormatException(file, String.format("element type 0x%02x is not supported; only unsigned bytes (0x08)", type));
        }
        int rank = magic[3] & 0xff;
        if (rank < 1) {
            throw new IdxFormatException(file, "declares 0 dimensions");
        }
        int[] dims = new int[rank];
        long values = 1;
        for (int d = 0; d < rank; d++) {
            byte[] b = new byte[4];
            readFully(file, in, b, "dimension " + d + " of the header");
            dims[d] = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            if (dims[d] < 0) {
                throw new IdxFormatException(file, "dimension " + d + " is negative (" + dims[d] + ")");
            }
            values *= dims[d];
            if (values > MAX_VALUES) {
                throw new IdxFormatException(file, "the header declares more than " + MAX_VALUES + " values");
            }
        }
        byte[] data = new byte[(int) values];
        int got = in.readNBytes(data, 0, data.length);
        if (got < data.length) {
            throw new IdxFormatException(file, "truncated: the header declares " + data.length + " values but only "
                    + got + " follow");
        }
        if (in.read() != -1) {
            throw new IdxFormatException(file, "has data after the " + data.length + " values its header declares");
        }
        return new IdxArray(dims, data);
    }

    private static void readFully(Path file, DataInputStream in, byte[] into, String what) throws IOException {
        try {
            in.readFully(into);
        } catch (EOFException e) {
            throw new IdxFormatException(file, "truncated: the file ends inside " + what);
        }
    }
}
