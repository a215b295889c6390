package io.peercensus.dht.internal.yamux;

import io.peercensus.ErrorClass;
import io.peercensus.dht.internal.transport.TransportException;
import java.nio.ByteBuffer;

/**
 * A yamux frame header (12 bytes, big-endian): version (always 0), type, flags, stream ID, length. For DATA the
 * length is the payload size, for WINDOW_UPDATE the window increment, for PING the opaque value, for GO_AWAY
 * the error code. Stream ID and length are unsigned 32-bit values.
 *
 * <p>Immutable and thread-safe.
 */
public record YamuxHeader(FrameType type, int flags, long streamId, long length) {
    /** The encoded size. */
    public static final int LENGTH = 12;
    /** The only protocol version. */
    public static final int VERSION = 0;
    /** Opens a stream (or asks for a ping reply). */
    public static final int SYN = 0x1;
    /** Acknowledges a stream (or answers a ping). */
    public static final int ACK = 0x2;
    /** Half-closes the sender's side of a stream. */
    public static final int FIN = 0x4;
    /** Resets a stream. */
    public static final int RST = 0x8;
    /** GO_AWAY code: normal termination. */
    public static final int GO_AWAY_NORMAL = 0;
    /** GO_AWAY code: protocol error. */
    public static final int GO_AWAY_PROTOCOL_ERROR = 1;
    /** GO_AWAY code: internal error. */
    public static final int GO_AWAY_INTERNAL_ERROR = 2;

    /** Checks the field ranges. */
    public YamuxHeader {
        if (flags < 0 || flags > 0xffff) {
            throw new IllegalArgumentException("yamux: flags must fit 16 bits, got " + flags);
        }
        if (streamId < 0 || streamId > 0xffff_ffffL || length < 0 || length > 0xffff_ffffL) {
            throw new IllegalArgumentException("yamux: stream ID and length must fit 32 bits unsigned");
        }
    }

    /** Whether all bits of {@code flag} are set. */
    public boolean has(int flag) {
        return (flags & flag) == flag;
    }

    /**
     * Decodes a header from the buffer's next 12 bytes.
     *
     * @throws TransportException ({@link ErrorClass#PROTOCOL}) on fewer than 12 bytes, a version other than 0
     *     or an unknown type
     */
    public static YamuxHeader read(ByteBuffer in) throws TransportException {
        if (in.remaining() < LENGTH) {
            throw new TransportException(ErrorClass.PROTOCOL, "yamux: header must be 12 bytes, got " + in.remaining());
        }
        int version = in.get() & 0xff;
        if (version != VERSION) {
            throw new TransportException(ErrorClass.PROTOCOL, "yamux: unsupported version " + version);
        }
        FrameType type = FrameType.fromCode(in.get() & 0xff);
        int flags = in.getShort() & 0xffff;
        long streamId = in.getInt() & 0xffff_ffffL;
        long length = in.getInt() & 0xffff_ffffL;
        return new YamuxHeader(type, flags, streamId, length);
    }

    /** Writes the 12 bytes at the buffer's position. */
    public void write(ByteBuffer out) {
        out.put((byte) VERSION).put((byte) type.code()).putShort((short) flags).putInt((int) streamId).putInt((int) length);
    }

    /** The 12-byte encoding. */
    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(LENGTH);
        write(out);
        return out.array();
    }
}
