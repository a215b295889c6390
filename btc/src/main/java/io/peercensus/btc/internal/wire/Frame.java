package io.peercensus.btc.internal.wire;

import io.peercensus.btc.wire.BitcoinMessage;
import io.peercensus.btc.wire.BitcoinWireException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One whole, checksum-verified message as it came off the wire: its command and its payload, not yet decoded.
 * Framing and decoding are apart: {@link #decode()} hands the whole payload to the message's decoder.
 *
 * <p>Immutable and thread-safe (the payload is copied in and out).
 *
 * @param command the command from the header
 * @param payload the payload bytes
 */
public record Frame(String command, byte[] payload) {

    public Frame {
        CommandField.check(command);
        if (payload.length > FrameHeader.MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload length " + payload.length + " exceeds " + FrameHeader.MAX_PAYLOAD);
        }
        payload = payload.clone();
    }

    /** The frame carrying {@code message}. */
    public static Frame of(BitcoinMessage message) {
        return new Frame(message.command(), message.toPayload());
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload's length. */
    public int length() {
        return payload.length;
    }

    /** The header this frame is sent with on the network with magic {@code magic} (bytes as sent). */
    public FrameHeader header(int magic) {
        return new FrameHeader(magic, command, payload.length, Checksum.of(payload));
    }

    /** Header and payload, ready to send. */
    public byte[] encode(int magic) {
        ByteBuffer out = ByteBuffer.allocate(FrameHeader.SIZE + payload.length);
        header(magic).write(out);
        out.put(payload);
        return out.array();
    }

    /** Decodes the payload as the message its command names. */
    public BitcoinMessage decode() throws BitcoinWireException {
        return BitcoinMessage.decode(command, ByteBuffer.wrap(payload).asReadOnlyBuffer());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && command.equals(f.command) && Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return 31 * command.hashCode() + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Frame[" + command + ", " + payload.length + " bytes: "
                + HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 64)) + (payload.length > 64 ? "..." : "") + "]";
    }
}
