package io.peercensus.btc.wire;

import io.peercensus.btc.internal.wire.WireReader;
import java.nio.ByteBuffer;

/**
 * The {@code sendaddrv2} message: says "send me {@code addrv2}" (BIP155), sent after {@code version} and before {@code verack}; empty payload.
 *
 * <p>Immutable and thread-safe; all instances are equal.
 */
public record SendAddrV2Message() implements BitcoinMessage {

    /** The one value there is. */
    public static final SendAddrV2Message INSTANCE = new SendAddrV2Message();

    /**
     * Decodes a {@code sendaddrv2} payload, which must be empty.
     *
     * @throws BitcoinWireException when bytes are present
     */
    public static SendAddrV2Message read(ByteBuffer payload) throws BitcoinWireException {
        new WireReader(payload, MessageCommand.SENDADDRV2.wireName).end();
        return INSTANCE;
    }

    @Override
    public String command() {
        return MessageCommand.SENDADDRV2.wireName;
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
