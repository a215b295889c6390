package io.peercensus.dht.internal.noise;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.crypto.PublicKey;
import io.peercensus.dht.multiformats.PeerId;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * The initiator's side of libp2p's Noise handshake ({@link NoiseHandshake}) as steps, for a caller that does its own
 * I/O (the crawler's event loop): send {@link #firstMessage()}, feed the peer's bytes to {@link #answer} until it
 * returns message 3, send that, then take the {@link #transport()} ciphers. Checks exactly what
 * {@link NoiseHandshake#initiate} checks.
 *
 * <p>Not thread-safe: one handshake, one thread at a time.
 */
public final class NoiseInitiator {
    private final HandshakeState state;
    private final NoiseStaticKey local;
    private final PeerId expected;
    private PublicKey remoteIdentity;

    /**
     * A handshake proving {@code local}'s static key with a fresh ephemeral key from {@code random}.
     *
     * @param expected the peer ID the remote must prove, or {@code null} to accept any
     */
    public NoiseInitiator(NoiseStaticKey local, PeerId expected, SecureRandom random) {
        this.state = HandshakeState.create(true, local, random);
        this.local = local;
        this.expected = expected;
    }

    /** Message 1, framed: our ephemeral key. */
    public byte[] firstMessage() throws ProbeException {
        return NoiseFrame.encode(state.writeMessage(new byte[0]));
    }

    /**
     * Reads message 2 from the buffer's position once it is whole, verifies the peer's identity and returns
     * message 3, framed; {@code null} (the position unchanged) while message 2 is not yet whole.
     *
     * @throws ProbeException ({@link ErrorClass#HANDSHAKE}) when message 2 does not decrypt, the payload is
     *     malformed, the identity signature does not verify or the remote is not the expected peer
     */
    public byte[] answer(ByteBuffer in) throws ProbeException {
        int length = NoiseFrame.pollLength(in);
        if (length < 0) {
            return null;
        }
        byte[] message2 = new byte[length];
        in.position(in.position() + 2);
        in.get(message2);
        remoteIdentity = NoiseHandshake.verify(state, state.readMessage(message2), expected);
        return NoiseFrame.encode(state.writeMessage(local.payload()));
    }

    /** The remote's identity key, verified; once {@link #answer} returned message 3. */
    public PublicKey remoteIdentity() {
        if (remoteIdentity == null) {
            throw new IllegalStateException("noise: handshake not complete");
        }
        return remoteIdentity;
    }

    /** The transport ciphers; once {@link #answer} returned message 3. */
    public NoiseCodec transport() {
        return new NoiseCodec(state.split());
    }
}
