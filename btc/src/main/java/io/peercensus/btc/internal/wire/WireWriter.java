package io.peercensus.btc.internal.wire;

import java.nio.ByteBuffer;

/**
 * Writes Bitcoin payload fields into a {@link ByteBuffer} at its position, byte by byte, so the buffer's byte
 * order is neither consulted nor changed. The exact inverse of {@link WireReader}.
 *
 * <p>Not thread-safe: one writer per buffer, on one thread.
 */
public final class WireWriter {

    private final ByteBuffer out;

    /** Creates a writer that appends to {@code out} from its position. */
    public WireWriter(ByteBuffer out) {
        this.out = out;
    }

    /** One byte (the low 8 bits of {@code v}). */
    public WireWriter u8(int v) {
        out.put((byte) v);
        return this;
    }

    /** A 16-bit big-endian integer (ports). */
    public WireWriter u16be(int v) {
        out.put((byte) (v >>> 8)).put((byte) v);
        return this;
    }

    /** A 32-bit little-endian integer. */
    public WireWriter i32le(int v) {
        out.put((byte) v).put((byte) (v >>> 8)).put((byte) (v >>> 16)).put((byte) (v >>> 24));
        return this;
    }

    /** A 32-bit little-endian unsigned integer (the low 32 bits of {@code v}). */
    public WireWriter u32le(long v) {
        return i32le((int) v);
    }

    /** A 64-bit little-endian integer. */
    public WireWriter i64le(long v) {
        for (int i = 0; i < 8; i++) {
            out.put((byte) (v >>> (8 * i)));
        }
        return this;
    }

    /** The bytes as they are. */
    public WireWriter bytes(byte[] b) {
        out.put(b);
        return this;
    }

    /** A canonical CompactSize of the unsigned 64-bit value {@code v}. */
    public WireWriter compactSize(long v) {
        CompactSize.write(this, v);
        return this;
    }
}
