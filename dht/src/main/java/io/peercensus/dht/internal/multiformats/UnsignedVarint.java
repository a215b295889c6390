package io.peercensus.dht.internal.multiformats;

import io.peercensus.dht.multiformats.MultiformatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The multiformats unsigned varint (LEB128): seven bits a byte, least significant group first, the high
 * bit set on every byte but the last. At most 9 bytes (values up to 2<sup>63</sup>-1), and minimally
 * encoded: a trailing {@code 0x00} group is rejected. The one varint codec of the DHT module.
 *
 * <p>Stateless and thread-safe. Not public API.
 */
public final class UnsignedVarint {
    /** The longest encoding the spec allows. */
    public static final int MAX_BYTES = 9;

    private UnsignedVarint() {
    }

    /**
     * Reads one varint at the buffer's position and advances past it.
     *
     * @throws MultiformatException when the input ends mid-varint, runs past 9 bytes or is not minimal
     */
    public static long read(ByteBuffer in) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (!in.hasRemaining()) {
                throw new MultiformatException("varint: truncated after " + i + " byte" + (i == 1 ? "" : "s"));
            }
            int b = in.get() & 0xff;
            value = accumulate(value, b, i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MultiformatException("varint: longer than " + MAX_BYTES + " bytes");
    }

    /**
     * Reads one varint as an {@code int} no larger than {@code max}, naming {@code what} in the error.
     *
     * @throws MultiformatException on a malformed varint or a value over {@code max}
     */
    public static int readInt(ByteBuffer in, int max, String what) {
        long value = read(in);
        if (value > max) {
            throw new MultiformatException(what + " " + value + " exceeds the limit of " + max);
        }
        return (int) value;
    }

    /**
     * Reads one varint from a stream, one byte at a time.
     *
     * @throws EOFException when the stream ends before the varint does
     * @throws MultiformatException when it runs past 9 bytes or is not minimal
     */
    public static long read(InputStream in) throws IOException {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("varint: stream ended after " + i + " byte" + (i == 1 ? "" : "s"));
            }
            value = accumulate(value, b, i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MultiformatException("varint: longer than " + MAX_BYTES + " bytes");
    }

    private static long accumulate(long value, int b, int index) {
        if (b == 0 && index > 0) {
            throw new MultiformatException("varint: not minimally encoded");
        }
        return value | ((long) (b & 0x7f) << (7 * index));
    }

    /** The number of bytes {@code value} encodes to (1..9). */
    public static int size(long value) {
        requireEncodable(value);
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** Writes {@code value} at the buffer's position. */
    public static void write(long value, ByteBuffer out) {
        requireEncodable(value);
        while ((value & ~0x7fL) != 0) {
            out.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    /** The encoding of {@code value}. */
    public static byte[] encode(long value) {
        ByteBuffer out = ByteBuffer.allocate(size(value));
        write(value, out);
        return out.array();
    }

    private static void requireEncodable(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varint: " + Long.toUnsignedString(value) + " needs more than 9 bytes");
        }
    }
}
