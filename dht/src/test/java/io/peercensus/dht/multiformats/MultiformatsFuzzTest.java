package io.peercensus.dht.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzz tests of multiaddrs (binary and text), multihashes and peer IDs (docs/FUZZING.md). Each
 * input either decodes, and then writes back and reads again to the same value, or is refused with {@link
 * MultiformatException}; anything else escaping is a finding. Without {@code JAZZER_FUZZ} each test replays its
 * seed corpus under {@code MultiformatsFuzzTestInputs/}; text targets read their input as UTF-8.
 */
class MultiformatsFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void multiaddrBytesDecodeOrRefuse(byte[] bytes) {
        Multiaddr m;
        try {
            m = Multiaddr.read(bytes);
        } catch (MultiformatException e) {
            return;
        }
        assertThat(m.toBytes()).isEqualTo(bytes);
        assertThat(Multiaddr.parse(m.toString())).isEqualTo(m);
        assertAccessorsAnswer(m);
    }

    @FuzzTest(maxDuration = "10m")
    void multiaddrTextParsesOrRefuses(byte[] utf8) {
        String text = new String(utf8, StandardCharsets.UTF_8);
        Multiaddr m;
        try {
            m = Multiaddr.parse(text);
        } catch (MultiformatException e) {
            return;
        }
        assertThat(Multiaddr.read(m.toBytes())).isEqualTo(m);
        assertThat(Multiaddr.parse(m.toString())).isEqualTo(m);
        assertThat(Multiaddr.parse(m.toString()).toString()).isEqualTo(m.toString());
        assertAccessorsAnswer(m);
    }

    @FuzzTest(maxDuration = "10m")
    void multihashDecodesOrRefuses(byte[] bytes) {
        Multihash h;
        try {
            h = Multihash.decode(bytes);
        } catch (MultiformatException e) {
            return;
        }
        assertThat(h.toBytes()).isEqualTo(bytes);
        assertThat(h.encodedSize()).isEqualTo(bytes.length);
        assertThat(h.digest()).hasSizeLessThanOrEqualTo(Multihash.MAX_DIGEST_LENGTH);
        assertThat(Multihash.decode(h.toBytes())).isEqualTo(h);
    }

    @FuzzTest(maxDuration = "10m")
    void peerIdBytesDecodeOrRefuse(byte[] bytes) {
        PeerId id;
        try {
            id = PeerId.fromBytes(bytes);
        } catch (MultiformatException e) {
            return;
        }
        assertThat(id.toBytes()).isEqualTo(bytes);
        assertPeerIdRoundTrips(id);
    }

    @FuzzTest(maxDuration = "10m")
    void peerIdTextParsesOrRefuses(byte[] utf8) {
        String text = new String(utf8, StandardCharsets.UTF_8);
        PeerId id;
        try {
            id = PeerId.parse(text);
        } catch (MultiformatException e) {
            return;
        }
        assertPeerIdRoundTrips(id);
    }

    private static void assertPeerIdRoundTrips(PeerId id) {
        assertThat(PeerId.fromBytes(id.toBytes())).isEqualTo(id);
        assertThat(PeerId.parse(id.toString())).isEqualTo(id);
        assertThat(PeerId.parse(id.toCid())).isEqualTo(id);
        id.publicKey().ifPresent(key -> {
            assertThat(id.matches(key)).isTrue();
            assertThat(PeerId.fromPublicKey(key)).isEqualTo(id);
        });
    }

    private static void assertAccessorsAnswer(Multiaddr m) {
        assertThat(m.components()).isNotEmpty();
        m.ip();
        m.tcpPort();
        m.udpPort();
        m.peerId();
        for (Multiaddr.Component c : m.components()) {
            assertThat(c.toString()).startsWith("/");
        }
    }
}
