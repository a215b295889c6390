package io.peercensus.dht.internal.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.crypto.KeyType;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.internal.transport.Loopback;
import io.peercensus.dht.internal.transport.SocketInput;
import io.peercensus.dht.internal.transport.TimedInputStream;
import io.peercensus.dht.internal.transport.TransportException;
import io.peercensus.dht.multiformats.PeerId;
import io.peercensus.net.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class NoiseHandshakeTest {
    private static final Deadline LONG = Deadline.after(Duration.ofSeconds(30));
    private static final Map<KeyType, PrivateKey> KEYS = new EnumMap<>(KeyType.class);
    private static final PrivateKey SERVER = key(KeyType.ED25519, 1);

    static synchronized PrivateKey key(KeyType type, long seed) {
        if (seed == 0 && KEYS.containsKey(type)) {
            return KEYS.get(type);
        }
        PrivateKey key = PrivateKey.generate(type, seeded(seed + type.ordinal() * 1000L));
        if (seed == 0) {
            KEYS.put(type, key);
        }
        return key;
    }

    static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void handshakesAndExchangesDataWithEveryKeyType(KeyType type) throws Exception {
        PrivateKey client = key(type, 0);
        PrivateKey server = key(type, 7);
        try (Loopback pair = new Loopback()) {
            Future<NoiseChannel> responder = pair.run(() -> NoiseHandshake.respond(new SocketInput(pair.server),
                    pair.server.getOutputStream(), server, LONG, seeded(2)));
            NoiseChannel initiator = NoiseHandshake.initiate(new SocketInput(pair.client), pair.client.getOutputStream(), client,
                    PeerId.fromPublicKey(server.publicKey()), LONG, seeded(3));
            NoiseChannel other = responder.get();
            assertThat(initiator.remotePeer()).isEqualTo(PeerId.fromPublicKey(server.publicKey()));
            assertThat(other.remotePeer()).isEqualTo(PeerId.fromPublicKey(client.publicKey()));
            assertThat(other.remoteIdentity()).isEqualTo(client.publicKey());

            byte[] data = new byte[200_000];
            new Random(5).nextBytes(data);
            Future<byte[]> echoed = pair.run(() -> {
                other.input().await("data", LONG);
                byte[] got = other.input().readExactly(data.length, "data");
                other.output().write(got);
                other.output().flush();
                return got;
            });
            initiator.output().write(data);
            initiator.output().flush();
            initiator.input().await("echo", LONG);
            assertThat(initiator.input().readExactly(data.length, "echo")).isEqualTo(data);
            assertThat(echoed.get()).isEqualTo(data);
        }
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void oneStaticKeyServesManyHandshakesEachWithAFreshEphemeralKey(KeyType type) throws Exception {
        PrivateKey client = key(type, 0);
        NoiseStaticKey local = NoiseStaticKey.generate(client, seeded(4));
        SecureRandom ephemerals = seeded(3);
        List<byte[]> firstMessages = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            PrivateKey server = key(KeyType.ED25519, 20 + i);
            try (Loopback pair = new Loopback()) {
                Future<NoiseChannel> responder = pair.run(() -> NoiseHandshake.respond(new SocketInput(pair.server),
                        pair.server.getOutputStream(), server, LONG, seeded(2)));
                ByteArrayOutputStream sent = new ByteArrayOutputStream();
                OutputStream out = new FilterOutputStream(pair.client.getOutputStream()) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        sent.write(b, off, len);
                        out.write(b, off, len);
                    }
                };
                NoiseChannel initiator = NoiseHandshake.initiate(new SocketInput(pair.client), out, local,
                        PeerId.fromPublicKey(server.publicKey()), LONG, ephemerals);
                NoiseChannel other = responder.get();
                assertThat(other.remoteIdentity()).isEqualTo(client.publicKey()); // the cached payload signs the static key
                assertThat(initiator.remotePeer()).isEqualTo(PeerId.fromPublicKey(server.publicKey()));
                initiator.output().write(new byte[] {1, 2, 3});
                other.input().await("data", LONG);
                assertThat(other.input().readExactly(3, "data")).containsExactly(1, 2, 3);
                firstMessages.add(java.util.Arrays.copyOf(sent.toByteArray(), 2 + HandshakeState.DH_LENGTH));
            }
        }
        assertThat(firstMessages.get(0)).as("message 1 is the ephemeral key").isNotEqualTo(firstMessages.get(1));
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void rejectsTamperedIdentitySignature(KeyType type) throws Exception {
        PrivateKey identity = key(type, 0);
        try (Loopback pair = new Loopback()) {
            pair.run(() -> hostileResponder(pair, identity, sig -> sig[sig.length - 1] ^= 1));
            assertHandshakeFails(pair, null, "noise: identity signature does not verify");
        }
    }

    @Test
    void rejectsSignatureOverAnotherStaticKey() throws Exception {
        PrivateKey identity = key(KeyType.SECP256K1, 0);
        byte[] otherStatic = HandshakeState.publicKey(HandshakeState.generatePrivateKey(seeded(9)));
        byte[] foreign = identity.sign(SymmetricState.concat(NoiseHandshake.SIGNATURE_PREFIX, otherStatic));
        try (Loopback pair = new Loopback()) {
            pair.run(() -> hostileResponder(pair, identity, sig -> { }, foreign));
            assertHandshakeFails(pair, null, "noise: identity signature does not verify");
        }
    }

    @Test
    void rejectsAnUnexpectedPeer() throws Exception {
        PeerId wanted = PeerId.fromPublicKey(key(KeyType.ED25519, 99).publicKey());
        PeerId actual = PeerId.fromPublicKey(SERVER.publicKey());
        try (Loopback pair = new Loopback()) {
            pair.run(() -> NoiseHandshake.respond(new SocketInput(pair.server), pair.server.getOutputStream(), SERVER, LONG, seeded(2)));
            assertHandshakeFails(pair, wanted, "noise: remote is " + actual + ", expected " + wanted);
        }
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void theStepwiseInitiatorHandshakesAndItsCodecTalksToTheChannel(KeyType type) throws Exception {
        PrivateKey identity = key(type, 0);
        try (Loopback pair = new Loopback()) {
            Future<NoiseChannel> responder = pair.run(() -> NoiseHandshake.respond(new SocketInput(pair.server), pair.server.getOutputStream(),
                    identity, LONG, seeded(2)));
            NoiseInitiator initiator = new NoiseInitiator(NoiseStaticKey.generate(key(KeyType.ED25519, 0), seeded(3)),
                    PeerId.fromPublicKey(identity.publicKey()), seeded(4));
            NoiseCodec codec = initiateInSteps(pair, initiator);
            assertThat(initiator.remoteIdentity()).isEqualTo(identity.publicKey());
            NoiseChannel server = responder.get(30, TimeUnit.SECONDS);
            byte[] big = new byte[100_000];
            new java.util.Random(5).nextBytes(big);
            pair.client.getOutputStream().write(codec.seal(big, 0, big.length));
            server.input().await("data", LONG);
            assertThat(server.input().readExactly(big.length, "data")).isEqualTo(big);
            server.output().write(new byte[] {1, 2, 3});
            ByteBuffer in = ByteBuffer.allocate(64).limit(0);
            byte[] opened = null;
            while (opened == null) {
                int n = pair.client.getInputStream().read(in.array(), in.limit(), in.capacity() - in.limit());
                in.limit(in.limit() + n);
                opened = codec.open(in);
            }
            assertThat(opened).containsExactly(1, 2, 3);
        }
    }

    @Test
    void theStepwiseInitiatorRejectsATamperedSignatureAndAnUnexpectedPeer() throws Exception {
        try (Loopback pair = new Loopback()) {
            pair.run(() -> hostileResponder(pair, key(KeyType.RSA, 0), sig -> sig[0] ^= 1));
            assertThatThrownBy(() -> initiateInSteps(pair, new NoiseInitiator(NoiseStaticKey.generate(key(KeyType.ED25519, 0), seeded(3)), null,
                    seeded(4)))).isInstanceOf(ProbeException.class).hasMessage("noise: identity signature does not verify")
                    .extracting(e -> ((ProbeException) e).errorClass()).isEqualTo(ErrorClass.HANDSHAKE);
        }
        PeerId wanted = PeerId.fromPublicKey(key(KeyType.ED25519, 99).publicKey());
        try (Loopback pair = new Loopback()) {
            pair.run(() -> NoiseHandshake.respond(new SocketInput(pair.server), pair.server.getOutputStream(), SERVER, LONG, seeded(2)));
            assertThatThrownBy(() -> initiateInSteps(pair, new NoiseInitiator(NoiseStaticKey.generate(key(KeyType.ED25519, 0), seeded(3)), wanted,
                    seeded(4)))).isInstanceOf(ProbeException.class)
                    .hasMessage("noise: remote is " + PeerId.fromPublicKey(SERVER.publicKey()) + ", expected " + wanted)
                    .extracting(e -> ((ProbeException) e).errorClass()).isEqualTo(ErrorClass.HANDSHAKE);
        }
    }

    /** Runs {@code initiator} over the client socket, feeding message 2 in pieces of at most 7 bytes. */
    private static NoiseCodec initiateInSteps(Loopback pair, NoiseInitiator initiator) throws Exception {
        pair.client.getOutputStream().write(initiator.firstMessage());
        ByteBuffer in = ByteBuffer.allocate(4096).limit(0);
        byte[] message3 = null;
        while (message3 == null) {
            int n = pair.client.getInputStream().read(in.array(), in.limit(), Math.min(7, in.capacity() - in.limit()));
            if (n < 0) {
                throw new java.io.EOFException("responder closed");
            }
            in.limit(in.limit() + n);
            message3 = initiator.answer(in);
        }
        assertThat(in.remaining()).isZero();
        pair.client.getOutputStream().write(message3);
        return initiator.transport();
    }

    @Test
    void responderRejectsTamperedSignatureInMessageThree() throws Exception {
        PrivateKey identity = key(KeyType.ECDSA, 0);
        try (Loopback pair = new Loopback()) {
            Future<NoiseChannel> responder = pair.run(() -> NoiseHandshake.respond(new SocketInput(pair.server),
                    pair.server.getOutputStream(), SERVER, LONG, seeded(2)));
            HandshakeState state = HandshakeState.create(true, HandshakeState.generatePrivateKey(seeded(4)), seeded(5));
            TimedInputStream in = new SocketInput(pair.client);
            OutputStream out = pair.client.getOutputStream();
            out.write(NoiseFrame.encode(state.writeMessage(new byte[0])));
            in.await("message 2", LONG);
            state.readMessage(NoiseFrame.read(in, "message 2"));
            HandshakePayload good = NoiseHandshake.payload(identity, state);
            byte[] sig = good.identitySig();
            sig[4] ^= 0x10;
            out.write(NoiseFrame.encode(state.writeMessage(new HandshakePayload(good.identityKey(), sig, List.of()).write())));
            assertThatThrownBy(responder::get).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(ProbeException.class).hasMessage("noise: identity signature does not verify");
        }
    }

    @Test
    void flippedBitInHandshakeMessageTwoIsAHandshakeFailure() throws Exception {
        try (Loopback pair = new Loopback()) {
            FlippingOutput flipping = new FlippingOutput(pair.server.getOutputStream());
            flipping.flipNextWriteAt = 2 + 32 + 5; // past the length prefix and the ephemeral key
            pair.run(() -> NoiseHandshake.respond(new SocketInput(pair.server), flipping, SERVER, LONG, seeded(2)));
            assertHandshakeFails(pair, null, "noise: handshake message 2 does not decrypt");
        }
    }

    @Test
    void flippedBitInTransportMessageIsAProtocolError() throws Exception {
        try (Loopback pair = new Loopback()) {
            FlippingOutput flipping = new FlippingOutput(pair.server.getOutputStream());
            Future<NoiseChannel> responder = pair.run(() -> NoiseHandshake.respond(new SocketInput(pair.server), flipping, SERVER,
                    LONG, seeded(2)));
            NoiseChannel initiator = NoiseHandshake.initiate(new SocketInput(pair.client), pair.client.getOutputStream(),
                    key(KeyType.ED25519, 0), null, LONG, seeded(3));
            NoiseChannel other = responder.get();
            flipping.flipNextWriteAt = 10;
            other.output().write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
            initiator.input().await("data", LONG);
            assertThatThrownBy(() -> initiator.input().read())
                    .isInstanceOf(TransportException.class).hasMessage("noise: transport message does not decrypt")
                    .extracting(e -> ((TransportException) e).errorClass()).isEqualTo(ErrorClass.PROTOCOL);
        }
    }

    @Test
    void peerThatStopsMidHandshakeTimesOut() throws Exception {
        try (Loopback pair = new Loopback()) {
            pair.run(() -> {
                TimedInputStream in = new SocketInput(pair.server);
                in.await("message 1", LONG);
                return NoiseFrame.read(in, "message 1"); // then silence
            });
            assertThatThrownBy(() -> NoiseHandshake.initiate(new SocketInput(pair.client), pair.client.getOutputStream(),
                    key(KeyType.ED25519, 0), null, Deadline.after(Duration.ofMillis(200)), seeded(3)))
                    .isInstanceOf(SocketTimeoutException.class).hasMessageStartingWith("no noise handshake message 2 within");
        }
    }

    @Test
    void largeWritesAreCutIntoFramesOfAtMost65535Bytes() throws Exception {
        HandshakeState i = new HandshakeState(true, new byte[0], new byte[32], new byte[32]);
        HandshakeState r = new HandshakeState(false, new byte[0], filled(1), filled(2));
        r.readMessage(i.writeMessage(new byte[0]));
        i.readMessage(r.writeMessage(new byte[0]));
        r.readMessage(i.writeMessage(new byte[0]));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        NoiseChannel sender = new NoiseChannel(Loopback.bytes(new byte[0]), wire, i.split(), SERVER.publicKey());
        byte[] data = new byte[200_000];
        new Random(1).nextBytes(data);
        sender.output().write(data);

        ByteBuffer frames = ByteBuffer.wrap(wire.toByteArray());
        List<Integer> lengths = new ArrayList<>();
        while (frames.hasRemaining()) {
            int length = frames.getShort() & 0xffff;
            lengths.add(length);
            frames.position(frames.position() + length);
        }
        assertThat(lengths).containsExactly(65535, 65535, 65535, 200_000 - 3 * NoiseChannel.MAX_PLAINTEXT + 16);
        NoiseChannel receiver = new NoiseChannel(Loopback.oneByteAtATime(Loopback.bytes(wire.toByteArray())), OutputStream.nullOutputStream(),
                r.split(), SERVER.publicKey());
        assertThat(receiver.input().readExactly(data.length, "data")).isEqualTo(data);
        assertThat(receiver.input().read()).isEqualTo(-1);
        assertThatThrownBy(() -> NoiseFrame.encode(new byte[65536]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("noise: frame of 65536 bytes exceeds 65535");
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    private interface Tamper {
        void apply(byte[] signature);
    }

    private static Void hostileResponder(Loopback pair, PrivateKey identity, Tamper tamper) throws Exception {
        return hostileResponder(pair, identity, tamper, null);
    }

    /** A responder that speaks XX correctly but sends a payload whose signature was tampered with or replaced. */
    private static Void hostileResponder(Loopback pair, PrivateKey identity, Tamper tamper, byte[] replacement) throws Exception {
        HandshakeState state = HandshakeState.create(false, HandshakeState.generatePrivateKey(seeded(6)), seeded(8));
        TimedInputStream in = new SocketInput(pair.server);
        in.await("message 1", LONG);
        state.readMessage(NoiseFrame.read(in, "message 1"));
        HandshakePayload good = NoiseHandshake.payload(identity, state);
        byte[] sig = replacement != null ? replacement : good.identitySig();
        tamper.apply(sig);
        pair.server.getOutputStream().write(NoiseFrame.encode(state.writeMessage(new HandshakePayload(good.identityKey(), sig, List.of()).write())));
        return null;
    }

    private static void assertHandshakeFails(Loopback pair, PeerId expected, String message) {
        assertThatThrownBy(() -> NoiseHandshake.initiate(new SocketInput(pair.client), pair.client.getOutputStream(),
                key(KeyType.ED25519, 0), expected, LONG, seeded(3)))
                .isInstanceOf(ProbeException.class).hasMessage(message)
                .extracting(e -> ((ProbeException) e).errorClass()).isEqualTo(ErrorClass.HANDSHAKE);
    }

    /** Flips the low bit of the byte at {@code flipNextWriteAt} of the next write, when armed. */
    static final class FlippingOutput extends FilterOutputStream {
        volatile int flipNextWriteAt = -1;


        FlippingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
            int at = flipNextWriteAt;
            if (at >= 0 && at < len) {
                copy[at] ^= 1;
                flipNextWriteAt = -1;
            }

            out.write(copy);
        }
    }
}
