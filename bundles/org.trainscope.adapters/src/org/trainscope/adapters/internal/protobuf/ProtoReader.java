package org.trainscope.adapters.internal.protobuf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.trainscope.adapters.MalformedDataException;

/**
 * A strict reader of the protobuf wire format over one message: varints, fixed32/64 and
 * length-delimited fields. Every length is checked against the bytes left in the enclosing
 * message before anything is read or allocated for it, nesting is limited, and every error names
 * the file and the byte offset. The buffer is never copied: sub-messages are views of it.
 */
public final class ProtoReader {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LENGTH_DELIMITED = 2;
    public static final int FIXED32 = 5;
    /** Deepest message nesting accepted; real ONNX graphs nest subgraphs a few levels deep. */
    public static final int MAX_DEPTH = 64;

    private final ByteBuffer buffer;
    private final Path file;
    private final long fileOffset;
    private final int end;
    private final int depth;
    private int pos;
    private int tag;

    private ProtoReader(ByteBuffer buffer, Path file, long fileOffset, int start, int end, int depth) {
        this.buffer = buffer;
        this.file = file;
        this.fileOffset = fileOffset;
        this.pos = start;
        this.end = end;
        this.depth = depth;
    }

    /**
     * A reader of the message in {@code buffer[0 .. limit)}; {@code fileOffset} is the file offset
     * of buffer index 0, so errors point into the file.
     */
    public static ProtoReader of(ByteBuffer buffer, Path file, long fileOffset) {
        ByteBuffer le = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return new ProtoReader(le, file, fileOffset, 0, le.limit(), 0);
    }

    /** True when another field follows. */
    public boolean next() throws MalformedDataException {
        if (pos >= end) {
            return false;
        }
        int at = pos;
        long t = readVarint();
        int field = (int) (t >>> 3);
        int wire = (int) (t & 7);
        if (t >>> 3 > 0x1FFFFFFF || field == 0) {
            throw error(at, "invalid field number " + (t >>> 3));
        }
        if (wire != VARINT && wire != FIXED64 && wire != LENGTH_DELIMITED && wire != FIXED32) {
            throw error(at, "unsupported wire type " + wire + " (field " + field + ")");
        }
        tag = (int) t;
        return true;
    }

    public int field() {
        return tag >>> 3;
    }

    public int wireType() {
        return tag & 7;
    }

    /** File offset of the next unread byte. */
    public long offset() {
        return fileOffset + pos;
    }

    public long readVarint() throws MalformedDataException {
        int at = pos;
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw error(at, "truncated varint");
            }
            byte b = buffer.get(pos++);
            if (shift == 63 && (b & 0xfe) != 0) {
                throw error(at, "varint longer than 64 bits");
            }
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw error(at, "varint longer than 10 bytes");
    }

    public long readFixed64() throws MalformedDataException {
        need(8);
        long v = buffer.getLong(pos);
        pos += 8;
        return v;
    }

    public int readFixed32() throws MalformedDataException {
        need(4);
        int v = buffer.getInt(pos);
        pos += 4;
        return v;
    }

    public double readDouble() throws MalformedDataException {
        expectWire(FIXED64);
        return Double.longBitsToDouble(readFixed64());
    }

    public float readFloat() throws MalformedDataException {
        expectWire(FIXED32);
        return Float.intBitsToFloat(readFixed32());
    }

    public long readInt64() throws MalformedDataException {
        expectWire(VARINT);
        return readVarint();
    }

    /** The length-delimited field's bytes as a region, checked against what is left; the reader moves past it. */
    public Region readRegion() throws MalformedDataException {
        expectWire(LENGTH_DELIMITED);
        int at = pos;
        long length = readVarint();
        if (length < 0 || length > end - pos) {
            throw error(at, "field " + field() + " claims " + length + " bytes but only " + (end - pos)
                    + " remain in its message");
        }
        Region r = new Region(pos, (int) length);
        pos += (int) length;
        return r;
    }

    /** A reader of the embedded message in the current length-delimited field. */
    public ProtoReader readMessage() throws MalformedDataException {
        int at = pos;
        Region r = readRegion();
        if (depth + 1 > MAX_DEPTH) {
            throw error(at, "messages nested deeper than " + MAX_DEPTH);
        }
        return new ProtoReader(buffer, file, fileOffset, r.start(), r.start() + r.length(), depth + 1);
    }

    public String readString() throws MalformedDataException {
        int at = pos;
        Region r = readRegion();
        ByteBuffer slice = buffer.duplicate().position(r.start()).limit(r.start() + r.length());
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw error(at, "field " + field() + " is not valid UTF-8");
        }
    }

    /** A copy of the bytes of a region of this reader's buffer, for small payloads only. */
    public byte[] bytes(Region r) {
        byte[] out = new byte[r.length()];
        buffer.get(r.start(), out);
        return out;
    }

    /** The underlying little-endian buffer, for decoding regions in place. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** File offset of buffer index {@code index}. */
    public long fileOffsetOf(int index) {
        return fileOffset + index;
    }

    public void skip() throws MalformedDataException {
        switch (wireType()) {
            case VARINT -> readVarint();
            case FIXED64 -> readFixed64();
            case FIXED32 -> readFixed32();
            case LENGTH_DELIMITED -> readRegion();
            default -> throw error(pos, "cannot skip wire type " + wireType());
        }
    }

    /**
     * Reads a repeated varint field given packed or unpacked, appending to {@code into}; the packed
     * form's count is bounded by its length, so nothing is allocated on a claim.
     */
    public void readRepeatedVarint(LongList into) throws MalformedDataException {
        if (wireType() == LENGTH_DELIMITED) {
            Region r = readRegion();
            ProtoReader packed = new ProtoReader(buffer, file, fileOffset, r.start(), r.start() + r.length(), depth);
            while (packed.pos < packed.end) {
                add(into, packed.readVarint());
            }
        } else {
            add(into, readInt64());
        }
    }

    private void add(LongList into, long v) throws MalformedDataException {
        if (!into.add(v)) {
            throw error("field " + field() + " repeats more than " + into.cap() + " times");
        }
    }

    /** Checks the wire type of the current field. */
    public void expectWire(int wire) throws MalformedDataException {
        if (wireType() != wire) {
            throw error(pos, "field " + field() + " has wire type " + wireType() + ", expected " + wire);
        }
    }

    private void need(int bytes) throws MalformedDataException {
        if (end - pos < bytes) {
            throw error(pos, "truncated: field " + field() + " needs " + bytes + " bytes, " + (end - pos) + " remain");
        }
    }

    public MalformedDataException error(int bufferIndex, String problem) {
        return new MalformedDataException(file, fileOffset + bufferIndex, problem);
    }

    /** Error at the current position. */
    public MalformedDataException error(String problem) {
        return error(pos, problem);
    }

    /** A byte range of the buffer. */
    public record Region(int start, int length) {
    }
}
