package org.trainscope.trace.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.trainscope.trace.DType;
import org.trainscope.trace.TraceFormatException;

/**
 * The header of an npy file (spec §6): parsing with every check the specification demands, and
 * writing fixed-length version 1.0 headers that can be rewritten in place.
 *
 * @param dtype        element type
 * @param shape        array shape
 * @param headerLength bytes before the data (magic, version, length field and dict)
 */
public record NpyHeader(DType dtype, long[] shape, int headerLength) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER_BYTES = 1 << 20;

    /** Number of elements, which {@link #read} has checked fits in 63 bits as bytes too. */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public long dataBytes() {
        return elementCount() * dtype.size();
    }

    /** Reads and checks the header at the start of {@code channel}; never allocates more than the 1 MiB header limit. */
    public static NpyHeader read(FileChannel channel, Path file) throws IOException {
        long fileSize = channel.size();
        ByteBuffer prefix = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readUpToEnd(channel, prefix);
        prefix.flip();
        if (prefix.remaining() < 10) {
            throw new TraceFormatException(file, "truncated: " + fileSize + " bytes, too short for an npy header");
        }
        byte[] magic = new byte[6];
        prefix.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new TraceFormatException(file, "not an npy file (wrong magic bytes)");
        }
        int major = prefix.get() & 0xff;
        int minor = prefix.get() & 0xff;
        long dictLength;
        int dictStart;
        if (major == 1 && minor == 0) {
            dictLength = prefix.getShort() & 0xffff;
            dictStart = 10;
        } else if (major == 2 && minor == 0) {
            if (prefix.remaining() < 4) {
                throw new TraceFormatException(file, "truncated npy 2.0 preamble");
            }
            dictLength = prefix.getInt() & 0xffffffffL;
            dictStart = 12;
        } else {
            throw new TraceFormatException(file, "unsupported npy version " + major + "." + minor + " (1.0 and 2.0 are allowed)");
        }
        if (dictLength > MAX_HEADER_BYTES) {
            throw new TraceFormatException(file, "npy header claims " + dictLength + " bytes, more than the 1 MiB limit");
        }
        if (dictStart + dictLength > fileSize) {
            throw new TraceFormatException(file, "truncated: npy header needs " + (dictStart + dictLength) + " bytes, file has " + fileSize);
        }
        ByteBuffer dictBytes = ByteBuffer.allocate((int) dictLength);
        readFully(channel, dictBytes, dictStart, file, "the npy header");
        String dict = asciiOrFail(dictBytes.array(), file);
        NpyHeader header = parseDict(dict, (int) (dictStart + dictLength), file);
        checkSize(header, file);
        return header;
    }

    private static void readFully(FileChannel channel, ByteBuffer buf, long position, Path file, String what) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new TraceFormatException(file, "truncated while reading " + what);
            }
            pos += n;
        }
    }

    /** Fills {@code buf} from position 0 or until the end of the file, whichever comes first. */
    private static void readUpToEnd(FileChannel channel, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (channel.read(buf, buf.position()) < 0) {
                return;
            }
        }
    }

    private static String asciiOrFail(byte[] bytes, Path file) throws TraceFormatException {
        for (byte b : bytes) {
            if (b < 0) {
                throw new TraceFormatException(file, "npy header is not ASCII");
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static void checkSize(NpyHeader h, Path file) throws TraceFormatException {
        long bytes = h.dtype.size();
        for (long d : h.shape) {
            if (d != 0 && bytes > Long.MAX_VALUE / d) {
                throw new TraceFormatException(file, "npy shape " + Arrays.toString(h.shape) + " overflows 63 bits");
            }
            bytes *= d;
        }
    }

    /** Parses {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }} plus padding. */
    static NpyHeader parseDict(String dict, int headerLength, Path file) throws TraceFormatException {
        if (!dict.endsWith("\n")) {
            throw new TraceFormatException(file, "npy header does not end with a newline");
        }
        DictScanner s = new DictScanner(dict.trim(), file);
        s.expect('{');
        String descr = null;
        Boolean fortran = null;
        long[] shape = null;
        while (!s.peekIs('}')) {
            String key = s.quoted();
            s.expect(':');
            switch (key) {
                case "descr":
                    if (descr != null) {
                        throw s.fail("duplicate key 'descr'");
                    }
                    descr = s.quoted();
                    break;
                case "fortran_order":
                    if (fortran != null) {
                        throw s.fail("duplicate key 'fortran_order'");
                    }
                    fortran = s.pythonBool();
                    break;
                case "shape":
                    if (shape != null) {
                        throw s.fail("duplicate key 'shape'");
                    }
                    shape = s.tuple();
                    break;
                default:
                    throw s.fail("unknown key '" + key + "'");
            }
            if (!s.peekIs('}')) {
                s.expect(',');
            }
        }
        s.expect('}');
        s.expectEnd();
        if (descr == null || fortran == null || shape == null) {
            throw new TraceFormatException(file, "npy header lacks one of 'descr', 'fortran_order', 'shape'");
        }
        DType dtype = DType.ofNpyDescr(descr);
        if (dtype == null) {
            throw new TraceFormatException(file, "npy dtype '" + descr + "' is not allowed ('<f4', '<f2' or '<i8')");
        }
        if (fortran) {
            throw new TraceFormatException(file, "npy fortran_order True is not allowed (C order only)");
        }
        return new NpyHeader(dtype, shape, headerLength);
    }

    /**
     * A version 1.0 header of exactly {@code totalLength} bytes (or the smallest multiple of 64 that
     * fits, when {@code totalLength} is 0). Keeping the length fixed lets a writer rewrite the shape
     * of a chunk in place when it closes.
     */
    public static byte[] encode(DType dtype, long[] shape, int totalLength) {
        StringBuilder tuple = new StringBuilder("(");
        for (long d : shape) {
            tuple.append(d).append(", ");
        }
        if (shape.length > 1) {
            tuple.setLength(tuple.length() - 2);
        } else if (shape.length == 1) {
            tuple.setLength(tuple.length() - 1);
        }
        tuple.append(')');
        String dict = "{'descr': '" + dtype.npyDescr() + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        int minimum = 10 + dict.length() + 1;
        int total = totalLength == 0 ? (minimum + 63) / 64 * 64 : totalLength;
        if (total < minimum || total - 10 > 0xffff) {
            throw new IllegalArgumentException("npy header of shape " + Arrays.toString(shape) + " does not fit in " + total + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) (total - 10));
        b.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    /** A tiny scanner for the Python-literal dict of an npy header. */
    private static final class DictScanner {
        private final String s;
        private final Path file;
        private int pos;

        DictScanner(String s, Path file) {
            this.s = s;
            this.file = file;
        }

        void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        boolean peekIs(char c) {
            skipSpaces();
            return pos < s.length() && s.charAt(pos) == c;
        }

        void expect(char c) throws TraceFormatException {
            if (!peekIs(c)) {
                throw fail("expected '" + c + "'");
            }
            pos++;
        }

        void expectEnd() throws TraceFormatException {
            skipSpaces();
            if (pos != s.length()) {
                throw fail("unexpected text after the header dict");
            }
        }

        String quoted() throws TraceFormatException {
            skipSpaces();
            if (pos >= s.length() || (s.charAt(pos) != '\'' && s.charAt(pos) != '"')) {
                throw fail("expected a quoted string");
            }
            char quote = s.charAt(pos++);
            int end = s.indexOf(quote, pos);
            if (end < 0) {
                throw fail("unterminated string");
            }
            String value = s.substring(pos, end);
            pos = end + 1;
            return value;
        }

        boolean pythonBool() throws TraceFormatException {
            skipSpaces();
            if (s.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            if (s.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            throw fail("expected True or False");
        }

        long[] tuple() throws TraceFormatException {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (!peekIs(')')) {
                dims.add(nonNegativeInt());
                if (!peekIs(')')) {
                    expect(',');
                } else if (dims.size() == 1) {
                    // "(5)" is an int in Python, not a tuple; numpy always writes "(5,)"
                    throw fail("a one-dimensional shape must be written (n,)");
                }
            }
            expect(')');
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private long nonNegativeInt() throws TraceFormatException {
            skipSpaces();
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw fail("expected a non-negative integer in shape");
            }
            if (pos - start > 18) {
                throw fail("shape dimension " + s.substring(start, pos) + " is too large");
            }
            // the 18-digit cap keeps parseLong from overflowing; checkSize bounds the product
            return Long.parseLong(s.substring(start, pos));
        }

        TraceFormatException fail(String problem) {
            return new TraceFormatException(file, "malformed npy header at character " + pos + ": " + problem);
        }
    }
}
