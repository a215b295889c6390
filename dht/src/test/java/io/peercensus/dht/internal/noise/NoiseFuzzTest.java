package io.peercensus.dht.internal.noise;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.crypto.MalformedKeyException;
import io.peercensus.dht.crypto.PublicKey;
import io.peercensus.dht.internal.transport.BytesInput;
import io.peercensus.dht.internal.transport.TransportException;
import io.peercensus.dht.multiformats.PeerId;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzz tests of the Noise handshake payload and transport frames (docs/FUZZING.md). Without
 * {@code JAZZER_FUZZ} each test replays its seed corpus under {@code NoiseFuzzTestInputs/}.
 */
class NoiseFuzzTest {
    private static final byte[] SIGNED = "noise-libp2p-static-key:fuzz".getBytes(StandardCharsets.US_ASCII);

    /**
     * A handshake payload decodes or is refused with {@link ProbeException}; a decoded one writes back to a payload
     * that decodes to the same fields, and its identity key, as the handshake checks it, decodes or is refused with
     * {@link MalformedKeyException}; a decoded key answers a signature check, writes back and names a peer ID.
     */
    @FuzzTest(maxDuration = "10m")
    void handshakePayloadDecodesOrRefuses(byte[] encoded) throws ProbeException {
        HandshakePayload payload;
        try {
            payload = HandshakePayload.read(encoded);
        } catch (ProbeException e) {
            return;
        }
        assertThat(payload.streamMuxers()).hasSizeLessThanOrEqualTo(HandshakePayload.MAX_STREAM_MUXERS);
        HandshakePayload back = HandshakePayload.read(payload.write());
        assertThat(back.identityKey()).isEqualTo(payload.identityKey());
        assertThat(back.identitySig()).isEqualTo(payload.identitySig());
        assertThat(back.streamMuxers()).isEqualTo(payload.streamMuxers());
        PublicKey key;
        try {
            key = PublicKey.fromProtobuf(payload.identityKey());
        } catch (MalformedKeyException e) {
            return;
        }
        key.verify(SIGNED, payload.identitySig());
        assertThat(PublicKey.fromProtobuf(key.toProtobuf())).isEqualTo(key);
        assertThat(PeerId.fromPublicKey(key).matches(key)).isTrue();
    }

    /**
     * Transport messages sealed by one side of a real handshake, possibly tampered with (a flipped byte, bytes cut
     * off the end, or bytes appended), are opened by the other side from a buffer fed in fuzzed fragments. Every
     * plaintext opened must be the next one sealed, in order; untampered messages must all open; the only exception
     * is {@link TransportException}. The same bytes read as frames from a stream end cleanly, or with {@link
     * EOFException} where the buffer waits for more.
     */
    @FuzzTest(maxDuration = "10m")
    void transportFramesOpenOrRefuse(FuzzedDataProvider data) throws ProbeException, IOException {
        HandshakeState[] sides = handshake();
        NoiseCodec sender = new NoiseCodec(sides[0].split());
        NoiseCodec receiver = new NoiseCodec(sides[1].split());

        int messages = data.consumeInt(0, 4);
        List<byte[]> plaintexts = new ArrayList<>();
        ByteBuffer sealed = ByteBuffer.allocate(messages * (200 + NoiseCodec.OVERHEAD));
        for (int i = 0; i < messages; i++) {
            byte[] plaintext = data.consumeBytes(data.consumeInt(0, 200));
            plaintexts.add(plaintext);
            sealed.put(sender.seal(plaintext, 0, plaintext.length));
        }
        byte[] wire = Arrays.copyOf(sealed.array(), sealed.position());
        boolean tampered = true;
        switch (data.consumeInt(0, 3)) {
            case 0 -> tampered = false;
            case 1 -> {
                if (wire.length > 0) {
                    wire[data.consumeInt(0, wire.length - 1)] ^= (byte) data.consumeInt(1, 255);
                }
            }
            case 2 -> wire = Arrays.copyOf(wire, data.consumeInt(0, wire.length));
            default -> {
                byte[] tail = data.consumeBytes(512);
                byte[] longer = Arrays.copyOf(wire, wire.length + tail.length);
                System.arraycopy(tail, 0, longer, wire.length, tail.length);
                wire = longer;
            }
        }
        int step = data.consumeInt(1, 300);

        List<byte[]> opened = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(wire.length);
        try {
            for (int fed = 0; fed < wire.length; ) {
                int n = Math.min(step, wire.length - fed);
                buffer.put(wire, fed, n);
                fed += n;
                buffer.flip();
                for (byte[] p; (p = receiver.open(buffer)) != null; ) {
                    assertThat(opened.size()).as("more messages opened than were sealed").isLessThan(messages);
                    assertThat(p).isEqualTo(plaintexts.get(opened.size()));
                    opened.add(p);
                }
                buffer.compact();
            }
        } catch (TransportException e) {
            assertThat(tampered).as("an untampered message was refused: %s", e.getMessage()).isTrue();
        }
        if (!tampered) {
            assertThat(opened).hasSize(messages);
            assertThat(buffer.position()).isZero();
        }

        BytesInput stream = new BytesInput(wire);
        int frames = 0;
        try {
            while (NoiseFrame.read(stream, "noise frame") != null) {
                frames++;
            }
        } catch (EOFException e) {
            assertThat(tampered).isTrue();
        }
        assertThat(frames).isGreaterThanOrEqualTo(tampered ? 0 : messages);
    }

    /** Both sides of a complete XX handshake with fixed keys: the initiator, then the responder. */
    private static HandshakeState[] handshake() throws ProbeException {
        HandshakeState initiator = new HandshakeState(true, new byte[0], key(1), key(2));
        HandshakeState responder = new HandshakeState(false, new byte[0], key(3), key(4));
        responder.readMessage(initiator.writeMessage(new byte[0]));
        initiator.readMessage(responder.writeMessage(new byte[] {1}));
        responder.readMessage(initiator.writeMessage(new byte[] {2}));
        return new HandshakeState[] {initiator, responder};
    }

    private static byte[] key(int fill) {
        byte[] key = new byte[HandshakeState.DH_LENGTH];
        Arrays.fill(key, (byte) fill);
        return key;
    }
}
