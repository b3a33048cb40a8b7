package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trainscope.trace.DType;
import org.trainscope.trace.TraceFormatException;
import org.trainscope.trace.internal.NpyHeader;

class NpyHeaderTest {
    @TempDir
    Path tmp;

    @Test
    void encodedHeadersParseBackAndKeepTheirLength() throws IOException {
        byte[] capacity = NpyHeader.encode(DType.FLOAT32, new long[] {4096, 32, 512}, 0);
        assertEquals(0, capacity.length % 64);
        byte[] shrunk = NpyHeader.encode(DType.FLOAT32, new long[] {7, 32, 512}, capacity.length);
        assertEquals(capacity.length, shrunk.length);
        NpyHeader h = read(shrunk);
        assertArrayEquals(new long[] {7, 32, 512}, h.shape());
        assertEquals(capacity.length, h.headerLength());
        assertArrayEquals(new long[] {5}, read(NpyHeader.encode(DType.FLOAT16, new long[] {5}, 0)).shape());
        assertArrayEquals(new long[] {}, read(NpyHeader.encode(DType.INT64, new long[] {}, 0)).shape());
    }

    @Test
    void acceptsWhatNumpyWrites() throws IOException {
        NpyHeader h = read(v1("{\"shape\": (3,), \"fortran_order\": False, \"descr\": \"<f2\"}"));
        assertEquals(DType.FLOAT16, h.dtype());
        byte[] dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }          \n".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer v2 = ByteBuffer.allocate(12 + dict.length).order(ByteOrder.LITTLE_ENDIAN);
        v2.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(dict.length).put(dict);
        h = read(v2.array());
        assertEquals(DType.INT64, h.dtype());
        assertEquals(12 + dict.length, h.headerLength());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }|dtype '>f4'",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }|dtype '<f8'",
        "{'descr': '<f4', 'fortran_order': True, 'shape': (3,), }|fortran_order True",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3), }|(n,)",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (-3,), }|non-negative",
        "{'descr': '<f4', 'fortran_order': False, }|lacks",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'x': 1}|unknown key",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }|overflows",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), } trailing|after the header dict"})
    void rejectsHeadersTheSpecificationForbids(String caseAndMessage) {
        String[] parts = caseAndMessage.split("\\|");
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> read(v1(parts[0])));
        assertTrue(e.getMessage().contains(parts[1]), e.getMessage());
        assertTrue(e.getMessage().startsWith(tmp.resolve("x.npy").toString()), e.getMessage());
    }

    @Test
    void rejectsBadPreambles() {
        byte[] good = NpyHeader.encode(DType.FLOAT32, new long[] {3}, 0);
        byte[] magic = good.clone();
        magic[1] = 'X';
        assertMessage(magic, "wrong magic");
        byte[] v3 = good.clone();
        v3[6] = 3;
        assertMessage(v3, "unsupported npy version 3.0");
        assertMessage(java.util.Arrays.copyOf(good, 5), "too short");
        assertMessage(java.util.Arrays.copyOf(good, 40), "truncated");
        byte[] noNewline = good.clone();
        noNewline[noNewline.length - 1] = ' ';
        assertMessage(noNewline, "newline");
        byte[] huge = good.clone();
        huge[6] = 2;
        assertMessage(java.util.Arrays.copyOf(huge, 12), "more than the 1 MiB limit");
    }

    private void assertMessage(byte[] bytes, String expected) {
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> read(bytes));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static byte[] v1(String dict) {
        String padded = dict + " ".repeat(63 - (10 + dict.length()) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + padded.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) padded.length());
        b.put(padded.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    private NpyHeader read(byte[] bytes) throws IOException {
        Path file = tmp.resolve("x.npy");
        Files.write(file, bytes);
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            return NpyHeader.read(c, file);
        }
    }
}
