package io.peercensus.btc.internal.wire;

import io.peercensus.btc.wire.BitcoinWireException;
import java.nio.ByteBuffer;

/**
 * The 24-byte header that frames every Bitcoin P2P message: magic (4 bytes), command (12 bytes, NUL-padded ASCII),
 * payload length (uint32 little-endian) and checksum (first 4 bytes of SHA-256d of the payload).
 *
 * <p>{@code magic} and {@code checksum} are held as big-endian {@code int}s of the bytes as sent, so
 * {@code 0xf9beb4d9} is mainnet's magic {@code f9 be b4 d9}. Immutable and thread-safe.
 *
 * @param magic the network magic, bytes as sent
 * @param command the message command, e.g. {@code version}
 * @param length the payload length, at most {@link #MAX_PAYLOAD}
 * @param checksum the payload checksum, bytes as sent
 */
public record FrameHeader(int magic, String command, int length, int checksum) {

    /** The header's size in bytes. */
    public static final int SIZE = 24;
    /** The largest payload accepted, as Bitcoin Core's {@code MAX_PROTOCOL_MESSAGE_LENGTH}. */
    public static final int MAX_PAYLOAD = 4_000_000;

    public FrameHeader {
        CommandField.check(command);
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload length " + length + " outside 0.." + MAX_PAYLOAD);
        }
    }

    /**
     * Reads and validates a header: magic first, then the command, then the length against {@link #MAX_PAYLOAD}
     * (before anything is allocated for the payload).
     *
     * @param in a buffer with at least {@link #SIZE} bytes remaining
     * @param expectedMagic the network's magic, bytes as sent
     */
    public static FrameHeader read(ByteBuffer in, int expectedMagic) throws BitcoinWireException {
        if (in.remaining() < SIZE) {
            throw new BitcoinWireException("frame header needs " + SIZE + " bytes, " + in.remaining() + " remain");
        }
        int magic = (in.get() & 0xff) << 24 | (in.get() & 0xff) << 16 | (in.get() & 0xff) << 8 | (in.get() & 0xff);
        if (magic != expectedMagic) {
            throw new BitcoinWireException(String.format("bad magic 0x%08x, expected 0x%08x", magic, expectedMagic));
        }
        String command = CommandField.read(in);
        long length = (in.get() & 0xffL) | (in.get() & 0xffL) << 8 | (in.get() & 0xffL) << 16 | (in.get() & 0xffL) << 24;
        if (length > MAX_PAYLOAD) {
            throw new BitcoinWireException("payload length " + length + " exceeds " + MAX_PAYLOAD);
        }
        int checksum = (in.get() & 0xff) << 24 | (in.get() & 0xff) << 16 | (in.get() & 0xff) << 8 | (in.get() & 0xff);
        return new FrameHeader(magic, command, (int) length, checksum);
    }

    /** Writes the 24 header bytes at the buffer's position. */
    public void write(ByteBuffer out) {
        out.put((byte) (magic >>> 24)).put((byte) (magic >>> 16)).put((byte) (magic >>> 8)).put((byte) magic);
        CommandField.write(out, command);
        out.put((byte) length).put((byte) (length >>> 8)).put((byte) (length >>> 16)).put((byte) (length >>> 24));
        out.put((byte) (checksum >>> 24)).put((byte) (checksum >>> 16)).put((byte) (checksum >>> 8)).put((byte) checksum);
    }

    /**
     * Checks that {@code payload} is the one this header announced.
     *
     * @throws BitcoinWireException as {@code "checksum mismatch for 'version': header 1a2b3c4d, payload 5e6f7a8b"}
     */
    public void verify(byte[] payload) throws BitcoinWireException {
        check(payload.length, Checksum.of(payload));
    }

    /**
     * Checks that the remaining bytes of {@code payload} are the payload this header announced, as {@link
     * #verify(byte[])} does, without copying them; the buffer's position is left where it was.
     */
    public void verify(ByteBuffer payload, Checksum.Digest digest) throws BitcoinWireException {
        check(payload.remaining(), digest.of(payload));
    }

    /**
     * Whether the checksum of the remaining bytes of {@code payload} is the one this header announced; the buffer's
     * position is left where it was.
     */
    public boolean checksumMatches(ByteBuffer payload, Checksum.Digest digest) {
        return digest.of(payload) == checksum;
    }

    private void check(int actualLength, int actual) throws BitcoinWireException {
        if (actualLength != length) {
            throw new BitcoinWireException("payload of '" + command + "' is " + actualLength + " bytes, header says " + length);
        }
        if (actual != checksum) {
            throw new BitcoinWireException(String.format(
                    "checksum mismatch for '%s': header %08x, payload %08x", command, checksum, actual));
        }
    }
}
