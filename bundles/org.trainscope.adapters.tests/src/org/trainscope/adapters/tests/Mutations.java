package org.trainscope.adapters.tests;

import java.util.Arrays;
import java.util.Random;

/** Byte-level mutations of a valid input, one to four per case, chosen by a seeded {@link Random}. */
final class Mutations {
    private static final byte[] INTERESTING = {0, (byte) 0xff, 0x7f, (byte) 0x80, 1, (byte) 0xfe, '\n', '"', '9', '-'};

    private Mutations() {
    }

    static byte[] mutate(byte[] input, byte[] other, Random r) {
        byte[] out = input.clone();
        int rounds = 1 + r.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            out = once(out, other, r);
        }
        return out;
    }

    private static byte[] once(byte[] in, byte[] other, Random r) {
        if (in.length == 0) {
            return new byte[] {(byte) r.nextInt(256)};
        }
        int at = r.nextInt(in.length);
        switch (r.nextInt(7)) {
            case 0: { // flip one bit
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << r.nextInt(8));
                return out;
            }
            case 1: { // overwrite with an interesting byte, or a run of them (lengths, varints)
                byte[] out = in.clone();
                int n = 1 + r.nextInt(Math.min(8, in.length - at));
                Arrays.fill(out, at, at + n, INTERESTING[r.nextInt(INTERESTING.length)]);
                return out;
            }
            case 2: // truncate
                return Arrays.copyOf(in, at);
            case 3: { // splice: our prefix, the other input's suffix
                int from = other.length == 0 ? 0 : r.nextInt(other.length);
                byte[] out = Arrays.copyOf(in, at + other.length - from);
                System.arraycopy(other, from, out, at, other.length - from);
                return out;
            }
            case 4: { // duplicate a range
                int n = Math.min(in.length - at, 1 + r.nextInt(64));
                byte[] out = new byte[in.length + n];
                System.arraycopy(in, 0, out, 0, at + n);
                System.arraycopy(in, at, out, at + n, in.length - at);
                return out;
            }
            case 5: { // delete a range
                int n = Math.min(in.length - at, 1 + r.nextInt(64));
                byte[] out = new byte[in.length - n];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + n, out, at, in.length - at - n);
                return out;
            }
            default: { // random byte
                byte[] out = in.clone();
                out[at] = (byte) r.nextInt(256);
                return out;
            }
        }
    }
}
