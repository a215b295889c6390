package io.peercensus.dht.internal.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

/**
 * The {@code Noise_XX_25519_ChaChaPoly_SHA256} vector of the cacophony test-vector set (as shipped in
 * mcginty/snow's {@code tests/vectors/cacophony.txt}): three handshake messages with payloads, the handshake
 * hash, then three transport messages alternating responder, initiator, responder.
 */
class HandshakeStateVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] PROLOGUE = HEX.parseHex("4a6f686e2047616c74");
    private static final byte[] INIT_STATIC = HEX.parseHex("e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1");
    private static final byte[] INIT_EPHEMERAL = HEX.parseHex("893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a");
    private static final byte[] RESP_STATIC = HEX.parseHex("4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893");
    private static final byte[] RESP_EPHEMERAL = HEX.parseHex("bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b");
    private static final String HANDSHAKE_HASH = "e37b138ecd936a2b3c3532fb2cc499bdee2746dbfc19e9490964c79fd14bd88b";
    private static final String[][] MESSAGES = {
        {"4c756477696720766f6e204d69736573",
            "ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c79444c756477696720766f6e204d69736573"},
        {"4d757272617920526f746862617264",
            "95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f14480884381cbad1f276e038c48378ffce2b65285e08d6b68aaa3629a5a8639392490e5b9"
                + "bd5269c2f1e4f488ed8831161f19b7815528f8982ffe09be9b5c412f8a0db50f8814c7194e83f23dbd8d162c9326ad"},
        {"462e20412e20486179656b",
            "c7195ffacac1307ff99046f219750fc47693e23c3cb08b89c2af808b444850a80ae475b9df0f169ae80a89be0865b57f58c9fea0d4ec82a286427402f113e4b6"
                + "ae769a1d95941d49b25030"},
        {"4361726c204d656e676572", "96763ed773f8e47bb3712f0e29b3060ffc956ffc146cee53d5e1df"},
        {"4a65616e2d426170746973746520536179", "3e40f15f6f3a46ae446b253bf8b1d9ffb6ed9b174d272328ff91a7e2e5c79c07f5"},
        {"457567656e2042f6686d20766f6e2042617765726b", "eb3f3515110702e047a6c9da4478b6ead94873c11c0f2d710ddb3f09fce024b3a58502ae3f"},
    };

    @Test
    void reproducesTheCacophonyVector() throws Exception {
        HandshakeState initiator = new HandshakeState(true, PROLOGUE, INIT_STATIC, INIT_EPHEMERAL);
        HandshakeState responder = new HandshakeState(false, PROLOGUE, RESP_STATIC, RESP_EPHEMERAL);
        HandshakeState[] writers = {initiator, responder, initiator};
        HandshakeState[] readers = {responder, initiator, responder};
        for (int i = 0; i < 3; i++) {
            byte[] payload = HEX.parseHex(MESSAGES[i][0]);
            byte[] message = writers[i].writeMessage(payload);
            assertThat(HEX.formatHex(message)).as("handshake message %d", i + 1).isEqualTo(MESSAGES[i][1]);
            assertThat(readers[i].readMessage(message)).isEqualTo(payload);
            if (i == 1) {
                // The file's handshake_hash is h as it stands after message 2, before message 3's tokens: message 3's
                // ciphertexts (whose AEAD data is h) and the transport messages below pin the rest of the chain.
                assertThat(HEX.formatHex(initiator.handshakeHash())).isEqualTo(HANDSHAKE_HASH);
                assertThat(HEX.formatHex(responder.handshakeHash())).isEqualTo(HANDSHAKE_HASH);
            }
        }
        assertThat(initiator.handshakeHash()).isEqualTo(responder.handshakeHash());
        assertThat(initiator.remoteStatic()).isEqualTo(HandshakeState.publicKey(RESP_STATIC));
        assertThat(responder.remoteStatic()).isEqualTo(HandshakeState.publicKey(INIT_STATIC));

        HandshakeState.Transport i = initiator.split();
        HandshakeState.Transport r = responder.split();
        CipherState[][] directions = {{r.send(), i.receive()}, {i.send(), r.receive()}, {r.send(), i.receive()}};
        for (int m = 3; m < 6; m++) {
            byte[] payload = HEX.parseHex(MESSAGES[m][0]);
            CipherState send = directions[m - 3][0];
            CipherState receive = directions[m - 3][1];
            byte[] ciphertext = send.encryptWithAd(new byte[0], payload, 0, payload.length);
            assertThat(HEX.formatHex(ciphertext)).as("transport message %d", m + 1).isEqualTo(MESSAGES[m][1]);
            assertThat(receive.decryptWithAd(new byte[0], ciphertext, 0, ciphertext.length)).isEqualTo(payload);
        }
        assertThat(r.send().nonce()).isEqualTo(2);
        assertThat(i.send().nonce()).isEqualTo(1);
    }

    @Test
    void flippedBitInMessageTwoDoesNotDecrypt() throws Exception {
        HandshakeState initiator = new HandshakeState(true, PROLOGUE, INIT_STATIC, INIT_EPHEMERAL);
        HandshakeState responder = new HandshakeState(false, PROLOGUE, RESP_STATIC, RESP_EPHEMERAL);
        responder.readMessage(initiator.writeMessage(new byte[0]));
        byte[] message = responder.writeMessage(new byte[0]);
        message[40] ^= 1; // inside the encrypted static key
        assertThatThrownBy(() -> initiator.readMessage(message))
                .isInstanceOf(ProbeException.class).hasMessage("noise: handshake message 2 does not decrypt")
                .extracting(e -> ((ProbeException) e).errorClass()).isEqualTo(ErrorClass.HANDSHAKE);
    }

    @Test
    void shortMessageIsRejectedWithItsLength() throws Exception {
        HandshakeState initiator = new HandshakeState(true, new byte[0], INIT_STATIC, INIT_EPHEMERAL);
        initiator.writeMessage(new byte[0]);
        assertThatThrownBy(() -> initiator.readMessage(new byte[95]))
                .isInstanceOf(ProbeException.class).hasMessage("noise: handshake message 2 must be at least 96 bytes, got 95");
    }

    @Test
    void allZeroRemoteEphemeralIsRejected() throws Exception {
        HandshakeState initiator = new HandshakeState(true, new byte[0], INIT_STATIC, INIT_EPHEMERAL);
        initiator.writeMessage(new byte[0]);
        assertThatThrownBy(() -> initiator.readMessage(new byte[96]))
                .isInstanceOf(ProbeException.class).hasMessage("noise: remote X25519 key gives an all-zero shared secret");
    }

    @Test
    void cipherStateRejectsTamperedTransportMessage() throws Exception {
        CipherState send = new CipherState(new byte[32]);
        CipherState receive = new CipherState(new byte[32]);
        byte[] ct = send.encryptWithAd(new byte[0], new byte[] {1, 2, 3}, 0, 3);
        ct[0] ^= (byte) 0x80;
        assertThatThrownBy(() -> receive.decryptWithAd(new byte[0], ct, 0, ct.length)).isInstanceOf(AEADBadTagException.class);
        assertThat(receive.nonce()).as("nonce advances only on success").isZero();
    }
}
