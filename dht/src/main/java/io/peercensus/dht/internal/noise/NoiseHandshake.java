package io.peercensus.dht.internal.noise;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.crypto.MalformedKeyException;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.crypto.PublicKey;
import io.peercensus.dht.internal.transport.TimedInputStream;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.net.Deadline;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/**
 * libp2p's Noise security handshake ({@code /noise}): {@code Noise_XX_25519_ChaChaPoly_SHA256} with an empty
 * prologue, 2-byte length-prefixed messages, and the {@link HandshakePayload} in messages 2 and 3. The remote's
 * payload signature over {@code "noise-libp2p-static-key:"} and its Noise static key is verified with its
 * identity key, whatever the key type, and the peer ID derived from that key is checked against the expected
 * one when the caller knows it. The static X25519 key is the caller's {@link NoiseStaticKey}, made once per node
 * (or per handshake by the calls that take the identity key); the ephemeral key is fresh per handshake.
 *
 * <p>Stateless and thread-safe; each call runs one handshake on the streams it is given.
 */
public final class NoiseHandshake {
    /** The multistream protocol ID of libp2p Noise. */
    public static final String PROTOCOL_ID = "/noise";
    static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);

    private NoiseHandshake() {
    }

    /**
     * Runs the handshake as initiator.
     *
     * @param expected the peer ID the remote must prove, or {@code null} to accept any
     * @throws ProbeException ({@link ErrorClass#HANDSHAKE}) when a message does not decrypt, the payload is
     *     malformed, the identity signature does not verify or the remote is not {@code expected}
     * @throws IOException when the stream fails, ends, or the deadline passes
     */
    public static NoiseChannel initiate(TimedInputStream in, OutputStream out, PrivateKey identity, PeerId expected,
            Deadline deadline, SecureRandom random) throws IOException, ProbeException {
        return initiate(in, out, NoiseStaticKey.generate(identity, random), expected, deadline, random);
    }

    /**
     * Runs the handshake as initiator with {@code local}'s static key (a fresh ephemeral key is made).
     *
     * @throws ProbeException as {@link #initiate(TimedInputStream, OutputStream, PrivateKey, PeerId, Deadline, SecureRandom)}
     * @throws IOException as {@link #initiate(TimedInputStream, OutputStream, PrivateKey, PeerId, Deadline, SecureRandom)}
     */
    public static NoiseChannel initiate(TimedInputStream in, OutputStream out, NoiseStaticKey local, PeerId expected,
            Deadline deadline, SecureRandom random) throws IOException, ProbeException {
        HandshakeState state = HandshakeState.create(true, local, random);
        send(out, state.writeMessage(new byte[0]));
        PublicKey remote = verify(state, state.readMessage(receive(in, "noise handshake message 2", deadline)), expected);
        send(out, state.writeMessage(local.payload()));
        return new NoiseChannel(in, out, state.split(), remote);
    }

    /**
     * Runs the handshake as responder.
     *
     * @throws ProbeException ({@link ErrorClass#HANDSHAKE}) when a message does not decrypt, the payload is
     *     malformed or the identity signature does not verify
     * @throws IOException when the stream fails, ends, or the deadline passes
     */
    public static NoiseChannel respond(TimedInputStream in, OutputStream out, PrivateKey identity, Deadline deadline,
            SecureRandom random) throws IOException, ProbeException {
        return respond(in, out, NoiseStaticKey.generate(identity, random), deadline, random);
    }

    /**
     * Runs the handshake as responder with {@code local}'s static key (a fresh ephemeral key is made).
     *
     * @throws ProbeException as {@link #respond(TimedInputStream, OutputStream, PrivateKey, Deadline, SecureRandom)}
     * @throws IOException as {@link #respond(TimedInputStream, OutputStream, PrivateKey, Deadline, SecureRandom)}
     */
    public static NoiseChannel respond(TimedInputStream in, OutputStream out, NoiseStaticKey local, Deadline deadline,
            SecureRandom random) throws IOException, ProbeException {
        HandshakeState state = HandshakeState.create(false, local, random);
        state.readMessage(receive(in, "noise handshake message 1", deadline)); // libp2p sends it empty; tolerate any payload
        send(out, state.writeMessage(local.payload()));
        PublicKey remote = verify(state, state.readMessage(receive(in, "noise handshake message 3", deadline)), null);
        return new NoiseChannel(in, out, state.split(), remote);
    }

    /** Our payload: identity key and its signature over our static key; no extensions (see the package notes). */
    static HandshakePayload payload(PrivateKey identity, HandshakeState state) {
        return payload(identity, state.localStatic());
    }

    /** The payload binding {@code staticPublic} to {@code identity}. */
    static HandshakePayload payload(PrivateKey identity, byte[] staticPublic) {
        byte[] signature = identity.sign(SymmetricState.concat(SIGNATURE_PREFIX, staticPublic));
        return new HandshakePayload(identity.publicKey().toProtobuf(), signature, List.of());
    }

    /** Checks the remote's payload against its static key and, when given, the expected peer ID. */
    static PublicKey verify(HandshakeState state, byte[] encodedPayload, PeerId expected) throws ProbeException {
        HandshakePayload payload = HandshakePayload.read(encodedPayload);
        PublicKey key;
        try {
            key = PublicKey.fromProtobuf(payload.identityKey());
        } catch (MalformedKeyException e) {
            throw new ProbeException(ErrorClass.HANDSHAKE, "noise: bad identity key (" + e.getMessage() + ")", e);
        }
        if (!key.verify(SymmetricState.concat(SIGNATURE_PREFIX, state.remoteStatic()), payload.identitySig())) {
            throw new ProbeException(ErrorClass.HANDSHAKE, "noise: identity signature does not verify");
        }
        PeerId remote = PeerId.fromPublicKey(key);
        if (expected != null && !expected.equals(remote)) {
            throw new ProbeException(ErrorClass.HANDSHAKE, "noise: remote is " + remote + ", expected " + expected);
        }
        return key;
    }

    private static void send(OutputStream out, byte[] message) throws IOException {
        out.write(NoiseFrame.encode(message));
        out.flush();
    }

    private static byte[] receive(TimedInputStream in, String what, Deadline deadline) throws IOException {
        in.await(what, deadline);
        byte[] frame = NoiseFrame.read(in, what);
        if (frame == null) {
            throw new EOFException(what + ": stream ended before the message");
        }
        return frame;
    }
}
