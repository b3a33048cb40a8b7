package org.trainscope.adapters.internal.numpy;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.trainscope.adapters.internal.io.ElementType;
import org.trainscope.adapters.internal.io.Shapes;

/**
 * The header of a loose npy file or npz entry. Looser than the trace store's header (which allows
 * only the three dtypes a trace writes): any plain numeric or bool dtype in either byte order,
 * versions 1.0, 2.0 and 3.0. Parsing never allocates more than the header itself.
 *
 * @param type         element type
 * @param order        byte order of the data
 * @param shape        array shape (rank 0 for a scalar)
 * @param headerLength bytes before the data
 */
public record NpyArrayHeader(ElementType type, ByteOrder order, long[] shape, int headerLength) {
    /** numpy's magic string. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Bytes before the header dict in the largest (v2/v3) layout. */
    public static final int PREFIX_BYTES = 12;
    /** numpy itself refuses headers above 10 KB unless told otherwise; 1 MiB is generous. */
    public static final int MAX_HEADER_BYTES = 1 << 20;

    /** Thrown with a problem description only; callers add the file and offset. */
    public static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;
        private final long offset;

        Problem(long offset, String message) {
            super(message);
            this.offset = offset;
        }

        public long offset() {
            return offset;
        }
    }

    public static boolean hasMagic(byte[] start, int length) {
        return length >= MAGIC.length && Arrays.equals(start, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * The total header length (prefix plus dict) announced by the first {@link #PREFIX_BYTES} bytes;
     * checks magic and version.
     */
    public static int headerLength(byte[] prefix, int length) throws Problem {
        if (length < 10) {
            throw new Problem(0, "truncated: " + length + " bytes, too short for an npy header");
        }
        if (!hasMagic(prefix, length)) {
            throw new Problem(0, "not an npy array (wrong magic bytes)");
        }
        int major = prefix[6] & 0xff;
        int minor = prefix[7] & 0xff;
        long dict;
        int start;
        if (major == 1 && minor == 0) {
            dict = (prefix[8] & 0xff) | (prefix[9] & 0xff) << 8;
            start = 10;
        } else if ((major == 2 || major == 3) && minor == 0) {
            if (length < 12) {
                throw new Problem(0, "truncated: too short for an npy " + major + ".0 header");
            }
            dict = (prefix[8] & 0xffL) | (prefix[9] & 0xffL) << 8 | (prefix[10] & 0xffL) << 16 | (prefix[11] & 0xffL) << 24;
            start = 12;
        } else {
            throw new Problem(6, "unsupported npy version " + major + "." + minor + " (1.0, 2.0 and 3.0 are known)");
        }
        if (dict > MAX_HEADER_BYTES) {
            throw new Problem(8, "the npy header claims " + dict + " bytes, more than the " + MAX_HEADER_BYTES + " allowed");
        }
        return (int) (start + dict);
    }

    /** Parses the header in {@code bytes[0 .. headerLength)}, which the caller read after {@link #headerLength}. */
    public static NpyArrayHeader parse(byte[] bytes, int headerLength) throws Problem {
        int start = (bytes[6] & 0xff) == 1 ? 10 : 12;
        String dict = new String(bytes, start, headerLength - start, (bytes[6] & 0xff) == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        if (!dict.endsWith("\n")) {
            throw new Problem(start, "the npy header does not end with a newline");
        }
        PythonDictLiteral d = PythonDictLiteral.parse(dict.strip(), start);
        Object descr = d.require("descr");
        Object fortran = d.require("fortran_order");
        Object shape = d.require("shape");
        if (d.size() != 3) {
            throw new Problem(start, "the npy header has keys " + d.keys() + "; expected exactly descr, fortran_order and shape");
        }
        if (!(descr instanceof String)) {
            throw new Problem(start, "descr " + descr + " is not a plain dtype (structured arrays are not supported)");
        }
        if (!(fortran instanceof Boolean)) {
            throw new Problem(start, "fortran_order is " + fortran + ", not True or False");
        }
        if ((Boolean) fortran) {
            throw new Problem(start, "Fortran-order arrays are not supported; save with numpy.ascontiguousarray");
        }
        if (!(shape instanceof long[])) {
            throw new Problem(start, "shape " + shape + " is not a tuple of integers");
        }
        long[] dims = (long[]) shape;
        ElementType type = elementType((String) descr, start);
        ByteOrder order = ((String) descr).charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long count = Shapes.elementCount(dims);
        if (count < 0 || count > Long.MAX_VALUE / type.size()) {
            throw new Problem(start, "shape " + Arrays.toString(dims) + " overflows");
        }
        return new NpyArrayHeader(type, order, dims, headerLength);
    }

    private static ElementType elementType(String descr, int at) throws Problem {
        if (descr.length() != 3 || "<>|=".indexOf(descr.charAt(0)) < 0) {
            throw new Problem(at, "unsupported dtype '" + descr + "'");
        }
        String code = descr.substring(1);
        ElementType t = switch (code) {
            case "f2" -> ElementType.FLOAT16;
            case "f4" -> ElementType.FLOAT32;
            case "f8" -> ElementType.FLOAT64;
            case "i1" -> ElementType.INT8;
            case "u1" -> ElementType.UINT8;
            case "i2" -> ElementType.INT16;
            case "u2" -> ElementType.UINT16;
            case "i4" -> ElementType.INT32;
            case "u4" -> ElementType.UINT32;
            case "i8" -> ElementType.INT64;
            case "u8" -> ElementType.UINT64;
            case "b1" -> ElementType.BOOL;
            default -> null;
        };
        if (t == null) {
            throw new Problem(at, "unsupported dtype '" + descr + "' (numeric and bool arrays are read)");
        }
        return t;
    }

    public long elementCount() {
        return Shapes.elementCount(shape);
    }

    public long dataBytes() {
        return elementCount() * type.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArrayHeader h && h.type == type && h.order.equals(order) && Arrays.equals(h.shape, shape)
                && h.headerLength == headerLength;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + type.hashCode();
    }

    @Override
    public String toString() {
        return "NpyArrayHeader[" + type + " " + Arrays.toString(shape) + "]";
    }
}
