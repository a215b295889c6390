package io.peercensus.btc.wire;

import io.peercensus.btc.internal.wire.WireReader;
import java.nio.ByteBuffer;

/**
 * The {@code getaddr} message: asks the peer for addresses it knows ({@code addr} or {@code addrv2} answers); empty payload.
 *
 * <p>Immutable and thread-safe; all instances are equal.
 */
public record GetAddrMessage() implements BitcoinMessage {

    /** The one value there is. */
    public static final GetAddrMessage INSTANCE = new GetAddrMessage();

    /**
     * Decodes a {@code getaddr} payload, which must be empty.
     *
     * @throws BitcoinWireException when bytes are present
     */
    public static GetAddrMessage read(ByteBuffer payload) throws BitcoinWireException {
        new WireReader(payload, MessageCommand.GETADDR.wireName).end();
        return INSTANCE;
    }

    @Override
    public String command() {
        return MessageCommand.GETADDR.wireName;
    }

    @Override
    public int encodedSize() {
        return 0;
    }

    @Override
    public void write(ByteBuffer out) {
        // empty payload
    }
}
