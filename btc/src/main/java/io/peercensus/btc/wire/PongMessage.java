package io.peercensus.btc.wire;

import io.peercensus.btc.internal.wire.WireReader;
import io.peercensus.btc.internal.wire.WireWriter;
import java.nio.ByteBuffer;

/**
 * The {@code pong} message (BIP31): the nonce of the {@code ping} it answers.
 *
 * <p>Immutable and thread-safe.
 *
 * @param nonce the echoed nonce (64 bits as sent)
 */
public record PongMessage(long nonce) implements BitcoinMessage {

    /**
     * Decodes a {@code pong} payload: exactly 8 bytes.
     *
     * @throws BitcoinWireException on short input or trailing bytes
     */
    public static PongMessage read(ByteBuffer payload) throws BitcoinWireException {
        WireReader r = new WireReader(payload, MessageCommand.PONG.wireName);
        long nonce = r.i64le("nonce");
        r.end();
        return new PongMessage(nonce);
    }

    @Override
    public String command() {
        return MessageCommand.PONG.wireName;
    }

    @Override
    public int encodedSize() {
        return 8;
    }

    @Override
    public void write(ByteBuffer out) {
        new WireWriter(out).i64le(nonce);
    }
}
