package io.peercensus.btc.wire;

import io.peercensus.btc.internal.wire.CommandField;
import io.peercensus.btc.internal.wire.FrameHeader;
import io.peercensus.btc.internal.wire.WireReader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Any message this codec does not model ({@code wtxidrelay}, {@code sendheaders}, {@code feefilter},
 * {@code sendcmpct}, {@code inv}, ...), kept whole: its command and its payload bytes.
 *
 * <p>Immutable and thread-safe (the payload is copied in and out).
 *
 * @param command the command, 1 to 12 printable ASCII characters, not one that has its own record
 * @param payload the payload as sent, at most 4,000,000 bytes
 */
public record UnknownMessage(String command, byte[] payload) implements BitcoinMessage {

    public UnknownMessage {
        CommandField.check(command);
        if (MessageCommand.of(command).isPresent()) {
            throw new IllegalArgumentException("'" + command + "' has its own message record");
        }
        if (payload.length > FrameHeader.MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload length " + payload.length + " exceeds " + FrameHeader.MAX_PAYLOAD);
        }
        payload = payload.clone();
    }

    /**
     * Takes the whole remaining payload for {@code command}.
     *
     * @throws BitcoinWireException never for a well-framed payload; declared for the decoders' common shape
     * @throws IllegalArgumentException when {@code command} is not a valid command, or has its own record
     */
    public static UnknownMessage read(String command, ByteBuffer payload) throws BitcoinWireException {
        WireReader r = new WireReader(payload, command);
        byte[] bytes = r.bytes(r.remaining(), "payload");
        r.end();
        return new UnknownMessage(command, bytes);
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public int encodedSize() {
        return payload.length;
    }

    @Override
    public void write(ByteBuffer out) {
        out.put(payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownMessage m && command.equals(m.command) && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return command.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "UnknownMessage[" + command + ", " + payload.length + " bytes: "
                + HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 64)) + (payload.length > 64 ? "..." : "") + "]";
    }
}
