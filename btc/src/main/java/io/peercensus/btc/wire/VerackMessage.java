package io.peercensus.btc.wire;

import io.peercensus.btc.internal.wire.WireReader;
import java.nio.ByteBuffer;

/**
 * The {@code verack} message: acknowledges the peer's {@code version}; empty payload.
 *
 * <p>Immutable and thread-safe; all instances are equal.
 */
public record VerackMessage() implements BitcoinMessage {

    /** The one value there is. */
    public static final VerackMessage INSTANCE = new VerackMessage();

    /**
     * Decodes a {@code verack} payload, which must be empty.
     *
     * @throws BitcoinWireException when bytes are present
     */
    public static VerackMessage read(ByteBuffer payload) throws BitcoinWireException {
        new WireReader(payload, MessageCommand.VERACK.wireName).end();
        return INSTANCE;
    }

    @Override
    public String command() {
        return MessageCommand.VERACK.wireName;
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
