package io.peercensus.btc.wire;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * One Bitcoin P2P message payload, decoded: the messages a crawler speaks get their own record, every other
 * command is kept whole as an {@link UnknownMessage}.
 *
 * <p>Each implementation is an immutable record with {@code static X read(ByteBuffer payload)}, which validates as
 * it goes and rejects trailing bytes, and {@link #write(ByteBuffer)}, its exact inverse: for any payload {@code p}
 * that decodes, {@code decode(c, p).toPayload()} equals {@code p} byte for byte. All implementations are
 * immutable and thread-safe.
 */
public sealed interface BitcoinMessage
        permits VersionMessage, VerackMessage, PingMessage, PongMessage, GetAddrMessage, AddrMessage,
                AddrV2Message, SendAddrV2Message, UnknownMessage {

    /** The command this message is sent under, e.g. {@code version}. */
    String command();

    /** The payload's size in bytes. */
    int encodedSize();

    /** Writes the payload at the buffer's position (which must have {@link #encodedSize()} bytes free). */
    void write(ByteBuffer out);

    /** The payload as a new array. */
    default byte[] toPayload() {
        ByteBuffer out = ByteBuffer.allocate(encodedSize());
        write(out);
        return out.array();
    }

    /**
     * Decodes one whole payload: the message type {@code command} names, or an {@link UnknownMessage} for a
     * command this codec does not model.
     *
     * @param command the command from the frame header
     * @param payload the whole payload (its remaining bytes); consumed on success
     * @throws BitcoinWireException when the payload is malformed for its command
     * @throws IllegalArgumentException when {@code command} is not 1 to 12 printable ASCII characters (a command
     *     read by the frame layer always is)
     */
    static BitcoinMessage decode(String command, ByteBuffer payload) throws BitcoinWireException {
        Optional<MessageCommand> known = MessageCommand.of(command);
        if (known.isEmpty()) {
            return UnknownMessage.read(command, payload);
        }
        return switch (known.get()) {
            case VERSION -> VersionMessage.read(payload);
            case VERACK -> VerackMessage.read(payload);
            case PING -> PingMessage.read(payload);
            case PONG -> PongMessage.read(payload);
            case GETADDR -> GetAddrMessage.read(payload);
            case ADDR -> AddrMessage.read(payload);
            case ADDRV2 -> AddrV2Message.read(payload);
            case SENDADDRV2 -> SendAddrV2Message.read(payload);
        };
    }
}
