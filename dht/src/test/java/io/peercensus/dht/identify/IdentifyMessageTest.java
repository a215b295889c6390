package io.peercensus.dht.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.ErrorClass;
import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.multiformats.Multiaddr;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentifyMessageTest {
    private static final HexFormat HEX = HexFormat.of();

    private static IdentifyMessage sample() {
        return new IdentifyMessage(new byte[] {8, 1, 18, 2, 1, 2},
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001").toBytes(), Multiaddr.parse("/ip6/::1/tcp/4001").toBytes()),
                List.of("/ipfs/id/1.0.0", "/ipfs/kad/1.0.0"), Multiaddr.parse("/ip4/10.0.0.1/tcp/5555").toBytes(), "ipfs/0.1.0",
                "kubo/0.29.0/");
    }

    @Test
    void roundTripsEveryField() throws ProbeException {
        IdentifyMessage message = sample();
        byte[] encoded = message.write();
        assertThat(IdentifyMessage.read(encoded)).isEqualTo(message);
        assertThat(IdentifyMessage.read(encoded).write()).isEqualTo(encoded);
        assertThat(IdentifyMessage.read(encoded).listenMultiaddrs()).extracting(Multiaddr::toString)
                .containsExactly("/ip4/127.0.0.1/tcp/4001", "/ip6/::1/tcp/4001");
    }

    @Test
    void writesFieldsInNumberOrderAndLeavesOutAbsentOnes() {
        IdentifyMessage message = new IdentifyMessage(null, List.of(new byte[] {4, 127, 0, 0, 1}), List.of("/a"), null, null, "x");
        // listenAddrs (2), protocols (3), agentVersion (6)
        assertThat(HEX.formatHex(message.write())).isEqualTo("1205047f000001" + "1a022f61" + "320178");
        assertThat(new IdentifyMessage(null, List.of(), List.of(), null, null, null).write()).isEmpty();
    }

    @Test
    void readsFieldsInAnyOrderAndSkipsUnknownOnes() throws ProbeException {
        // agentVersion first, then signedPeerRecord (8), an unknown varint (15), then protocols
        byte[] encoded = HEX.parseHex("320178" + "4203010203" + "7801" + "1a022f61");
        IdentifyMessage message = IdentifyMessage.read(encoded);
        assertThat(message.agentVersion()).isEqualTo("x");
        assertThat(message.protocols()).containsExactly("/a");
        assertThat(message.publicKey()).isNull();
        assertThat(message.protocolVersion()).isNull();
    }

    @Test
    void decodesInvalidUtf8AsReplacementCharacters() throws ProbeException {
        IdentifyMessage message = IdentifyMessage.read(HEX.parseHex("3203ff6869"));
        assertThat(message.agentVersion()).isEqualTo("\ufffdhi");
    }

    @Test
    void rejectsTruncatedField() {
        assertThatThrownBy(() -> IdentifyMessage.read(HEX.parseHex("3205616263")))
                .isInstanceOf(ProbeException.class).hasMessage("identify: agentVersion of 5 bytes overruns the message (3 bytes left)")
                .extracting(e -> ((ProbeException) e).errorClass()).isEqualTo(ErrorClass.PROTOCOL);
    }

    @Test
    void rejectsWrongWireType() {
        assertThatThrownBy(() -> IdentifyMessage.read(HEX.parseHex("3001")))
                .isInstanceOf(ProbeException.class).hasMessage("identify: agentVersion (field 6) has wire type 0, expected 2");
    }

    @Test
    void rejectsOverLongProtocol() {
        IdentifyMessage message = new IdentifyMessage(null, List.of(), List.of("/" + "p".repeat(512)), null, null, null);
        assertThatThrownBy(() -> IdentifyMessage.read(message.write()))
                .isInstanceOf(ProbeException.class).hasMessage("identify: protocols entry of 513 bytes exceeds the limit of 512");
    }

    /**
     * Fuzzing found a protocols entry of invalid UTF-8 within the 512-byte cap whose text, each bad byte replaced by
     * U+FFFD (3 bytes), wrote back past the cap, so the message read did not read back.
     */
    @Test
    void rejectsTextThatGrowsPastItsCapOnceInvalidUtf8IsReplaced() throws ProbeException {
        byte[] entry = new byte[200];
        java.util.Arrays.fill(entry, (byte) 0xff);
        byte[] encoded = new byte[3 + entry.length];
        encoded[0] = 0x1a; // field 3, protocols, length-delimited
        encoded[1] = (byte) 0xc8; // 200
        encoded[2] = 0x01;
        System.arraycopy(entry, 0, encoded, 3, entry.length);
        assertThatThrownBy(() -> IdentifyMessage.read(encoded)).isInstanceOf(ProbeException.class)
                .hasMessage("identify: protocols entry of 200 bytes is 600 bytes once its invalid UTF-8 is replaced, more than the limit of 512");
        java.util.Arrays.fill(entry, 150, 200, (byte) 'p'); // 150 replaced: 500 bytes, kept, and it reads back
        System.arraycopy(entry, 0, encoded, 3, entry.length);
        IdentifyMessage read = IdentifyMessage.read(encoded);
        assertThat(read.protocols().get(0)).startsWith("\ufffd").hasSize(200);
        assertThat(IdentifyMessage.read(read.write())).isEqualTo(read);
    }

    @Test
    void rejectsOverLongAddress() {
        IdentifyMessage message = new IdentifyMessage(null, List.of(new byte[1025]), List.of(), null, null, null);
        assertThatThrownBy(() -> IdentifyMessage.read(message.write()))
                .isInstanceOf(ProbeException.class).hasMessage("identify: listenAddrs entry of 1025 bytes exceeds the limit of 1024");
    }

    @Test
    void acceptsAThousandProtocolsAndRejectsOneMore() throws ProbeException {
        List<String> protocols = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            protocols.add("/p/" + i);
        }
        assertThat(IdentifyMessage.read(new IdentifyMessage(null, List.of(), protocols, null, null, null).write()).protocols()).hasSize(1000);
        protocols.add("/p/1000");
        assertThatThrownBy(() -> IdentifyMessage.read(new IdentifyMessage(null, List.of(), protocols, null, null, null).write()))
                .isInstanceOf(ProbeException.class).hasMessage("identify: more than 1000 protocols");
    }

    @Test
    void rejectsMessageOver64KiB() {
        assertThatThrownBy(() -> IdentifyMessage.read(new byte[64 * 1024 + 1]))
                .isInstanceOf(ProbeException.class).hasMessage("identify: message of 65537 bytes exceeds the limit of 65536");
    }

    @Test
    void rejectsFieldNumberZero() {
        assertThatThrownBy(() -> IdentifyMessage.read(HEX.parseHex("0001")))
                .isInstanceOf(ProbeException.class).hasMessage("identify: truncated or invalid field tag");
    }

    @Test
    void copiesArraysInAndOut() {
        byte[] key = {1, 2, 3};
        IdentifyMessage message = new IdentifyMessage(key, List.of(), List.of(), null, null, null);
        key[0] = 9;
        message.publicKey()[1] = 9;
        assertThat(message.publicKey()).containsExactly(1, 2, 3);
    }
}
