package io.peercensus.btc.internal.wire;

import io.peercensus.btc.wire.BitcoinWireException;
import java.nio.ByteBuffer;

/**
 * Reads the fields of one Bitcoin message payload from a {@link ByteBuffer}, checking every length against what
 * remains before reading or allocating, and throwing {@link BitcoinWireException} with a message that names the
 * message, the entry (for lists) and the field.
 *
 * <p>Reads advance the buffer's position; its byte order is never consulted nor changed (multi-byte fields are
 * assembled byte by byte). Not thread-safe: one reader per payload, on one thread.
 */
public final class WireReader {

    private final ByteBuffer in;
    private final String context;
    private int entry = -1;

    /**
     * Creates a reader over the remaining bytes of {@code in}.
     *
     * @param in the payload, positioned at its first byte
     * @param context what is being read, for messages: the command name, e.g. {@code "version"}
     */
    public WireReader(ByteBuffer in, String context) {
        this.in = in;
        this.context = context;
    }

    /** Names the list entry being read (0-based) in later error messages; {@code -1} for none. */
    public void entry(int index) {
        this.entry = index;
    }

    /** Bytes not yet read. */
    public int remaining() {
        return in.remaining();
    }

    /** An exception whose message is prefixed with the context and the current entry. */
    public BitcoinWireException error(String detail) {
        return new BitcoinWireException(context + ": " + (entry >= 0 ? "entry " + entry + " " : "") + detail);
    }

    /** Throws unless at least {@code n} bytes remain for {@code field}. */
    public void require(long n, String field) throws BitcoinWireException {
        if (in.remaining() < n) {
            throw error(field + " needs " + n + " byte" + (n == 1 ? "" : "s") + ", " + in.remaining() + " remain");
        }
    }

    /** An unsigned byte. */
    public int u8(String field) throws BitcoinWireException {
        require(1, field);
        return in.get() & 0xff;
    }

    /** An unsigned 16-bit big-endian integer (ports). */
    public int u16be(String field) throws BitcoinWireException {
        require(2, field);
        return ((in.get() & 0xff) << 8) | (in.get() & 0xff);
    }

    /** A signed 32-bit little-endian integer. */
    public int i32le(String field) throws BitcoinWireException {
        require(4, field);
        return (in.get() & 0xff) | (in.get() & 0xff) << 8 | (in.get() & 0xff) << 16 | (in.get() & 0xff) << 24;
    }

    /** An unsigned 32-bit little-endian integer, as a non-negative {@code long}. */
    public long u32le(String field) throws BitcoinWireException {
        return i32le(field) & 0xffff_ffffL;
    }

    /** A 64-bit little-endian integer (signed or unsigned: the bits as sent). */
    public long i64le(String field) throws BitcoinWireException {
        require(8, field);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (in.get() & 0xffL) << (8 * i);
        }
        return v;
    }

    /** Exactly {@code n} bytes, checked against what remains before the array is allocated. */
    public byte[] bytes(int n, String field) throws BitcoinWireException {
        require(n, field);
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    /**
     * Skips exactly {@code n} bytes, checked against what remains, and returns the absolute index in the buffer of
     * the first: for callers that look at a field in place instead of copying it out.
     */
    public int skip(int n, String field) throws BitcoinWireException {
        require(n, field);
        int at = in.position();
        in.position(at + n);
        return at;
    }

    /** The buffer being read, for fields located with {@link #skip}. */
    public ByteBuffer buffer() {
        return in;
    }

    /** A canonical CompactSize, as an unsigned 64-bit value in a {@code long}. */
    public long compactSize(String field) throws BitcoinWireException {
        return CompactSize.read(this, field);
    }

    /**
     * A CompactSize length or count, checked against {@code max} before anything is allocated for it.
     *
     * @throws BitcoinWireException as {@code "<field> N exceeds max"} when it is larger
     */
    public int length(String field, int max) throws BitcoinWireException {
        long n = compactSize(field);
        if (Long.compareUnsigned(n, max) > 0) {
            throw error(field + " " + Long.toUnsignedString(n) + " exceeds " + max);
        }
        return (int) n;
    }

    /** Throws unless every byte was read: decoders reject trailing bytes. */
    public void end() throws BitcoinWireException {
        entry = -1;
        if (in.hasRemaining()) {
            throw error(in.remaining() + " unexpected trailing byte" + (in.remaining() == 1 ? "" : "s"));
        }
    }
}
