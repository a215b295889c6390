package io.peercensus.btc.wire;

import io.peercensus.btc.internal.wire.WireReader;
import io.peercensus.btc.internal.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code ping} message: a 64-bit nonce the peer echoes in {@code pong} (BIP31), or, from peers older than
 * BIP31, no payload at all. The absence is kept, so an empty ping writes back empty.
 *
 * <p>Immutable and thread-safe.
 *
 * @param nonce the nonce, or empty for a pre-BIP31 ping without payload
 */
public record PingMessage(OptionalLong nonce) implements BitcoinMessage {

    public PingMessage {
        Objects.requireNonNull(nonce, "nonce");
    }

    /** A BIP31 ping carrying {@code nonce}. */
    public static PingMessage of(long nonce) {
        return new PingMessage(OptionalLong.of(nonce));
    }

    /** A pre-BIP31 ping with an empty payload. */
    public static PingMessage empty() {
        return new PingMessage(OptionalLong.empty());
    }

    /**
     * Decodes a {@code ping} payload: empty, or exactly 8 bytes.
     *
     * @throws BitcoinWireException on 1 to 7 bytes or more than 8
     */
    public static PingMessage read(ByteBuffer payload) throws BitcoinWireException {
        WireReader r = new WireReader(payload, MessageCommand.PING.wireName);
        if (r.remaining() == 0) {
            return empty();
        }
        long nonce = r.i64le("nonce");
        r.end();
        return of(nonce);
    }

    /** The answer to this ping: a {@code pong} with the same nonce, or empty for a pre-BIP31 ping (which wants none). */
    public Optional<PongMessage> pong() {
        return nonce.isPresent() ? Optional.of(new PongMessage(nonce.getAsLong())) : Optional.empty();
    }

    @Override
    public String command() {
        return MessageCommand.PING.wireName;
    }

    @Override
    public int encodedSize() {
        return nonce.isPresent() ? 8 : 0;
    }

    @Override
    public void write(ByteBuffer out) {
        if (nonce.isPresent()) {
            new WireWriter(out).i64le(nonce.getAsLong());
        }
    }
}
