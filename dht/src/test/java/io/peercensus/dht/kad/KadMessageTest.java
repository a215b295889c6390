package io.peercensus.dht.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.crawl.ProbeException;
import io.peercensus.dht.multiformats.Multiaddr;
import io.peercensus.dht.multiformats.PeerId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KadMessageTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final PeerId PEER = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");

    private static KadPeer peer(int port) {
        return KadPeer.of(PEER, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port), Multiaddr.parse("/ip6/::1/tcp/" + port)),
                KadPeer.ConnectionType.CONNECTED);
    }

    @Test
    void roundTripsAFindNodeResponse() throws ProbeException {
        KadMessage message = new KadMessage(KadMessage.MessageType.FIND_NODE, -3, new byte[] {1, 2, 3}, new byte[] {10, 0},
                List.of(peer(4001), peer(4002)), List.of(peer(4003)));
        byte[] encoded = message.write();
        KadMessage read = KadMessage.read(encoded);
        assertThat(read).isEqualTo(message);
        assertThat(read.write()).isEqualTo(encoded);
        assertThat(read.closerPeers().get(1).peerId()).isEqualTo(PEER);
        assertThat(read.closerPeers().get(1).multiaddrs()).extracting(Multiaddr::toString)
                .containsExactly("/ip4/127.0.0.1/tcp/4002", "/ip6/::1/tcp/4002");
        assertThat(read.record()).containsExactly(10, 0);
        assertThat(read.clusterLevelRaw()).isEqualTo(-3);
    }

    @Test
    void encodesAFindNodeRequestAsTheSpecSays() {
        // type = 4 (field 1, varint), key (field 2, bytes)
        assertThat(HEX.formatHex(KadMessage.findNode(new byte[] {(byte) 0xab, (byte) 0xcd}).write())).isEqualTo("0804" + "1202abcd");
    }

    @Test
    void keepsUnknownEnumNumbers() throws ProbeException {
        KadMessage message = KadMessage.read(HEX.parseHex("0863" + "420418015809"));
        assertThat(message.type()).isEqualTo(new KadMessage.MessageType(99));
        assertThat(message.type().toString()).isEqualTo("MessageType(99)");
        assertThat(message.closerPeers()).singleElement()
                .satisfies(p -> assertThat(p.connection()).isEqualTo(new KadPeer.ConnectionType(1)))
                .satisfies(p -> assertThat(p.id()).isEmpty());
    }

    @Test
    void skipsUnknownFieldsInMessagesAndPeers() throws ProbeException {
        // closerPeers { id = 01, field 7 = "zz", addrs = 04 7f000001 }, field 20 (fixed32), type = 4
        String peer = "0a0101" + "3a027a7a" + "1205047f000001";
        byte[] encoded = HEX.parseHex("42" + String.format("%02x", peer.length() / 2) + peer + "a50101020304" + "0804");
        KadMessage message = KadMessage.read(encoded);
        assertThat(message.type()).isEqualTo(KadMessage.MessageType.FIND_NODE);
        assertThat(message.closerPeers()).singleElement().satisfies(p -> {
            assertThat(p.id()).containsExactly(1);
            assertThat(p.multiaddrs()).extracting(Multiaddr::toString).containsExactly("/ip4/127.0.0.1");
        });
    }

    @Test
    void leavesOutUndecodableAddressesButKeepsTheirBytes() throws ProbeException {
        KadPeer peer = new KadPeer(PEER.toBytes(), List.of(new byte[] {(byte) 0xff}, Multiaddr.parse("/ip4/1.2.3.4/tcp/1").toBytes()),
                KadPeer.ConnectionType.NOT_CONNECTED);
        KadPeer read = KadMessage.read(KadMessage.findNodeResponse(new byte[0], List.of(peer)).write()).closerPeers().get(0);
        assertThat(read.addrs()).hasSize(2);
        assertThat(read.multiaddrs()).extracting(Multiaddr::toString).containsExactly("/ip4/1.2.3.4/tcp/1");
    }

    @Test
    void acceptsTwoHundredCloserPeersAndRejectsOneMore() throws ProbeException {
        List<KadPeer> peers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            peers.add(peer(i));
        }
        assertThat(KadMessage.read(KadMessage.findNodeResponse(new byte[0], peers).write()).closerPeers()).hasSize(200);
        peers.add(peer(200));
        assertThatThrownBy(() -> KadMessage.read(KadMessage.findNodeResponse(new byte[0], peers).write()))
                .isInstanceOf(ProbeException.class).hasMessage("kad: more than 200 closerPeers");
    }

    @Test
    void acceptsSixtyFourAddressesAndRejectsOneMore() throws ProbeException {
        List<byte[]> addrs = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            addrs.add(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + i).toBytes());
        }
        KadPeer ok = new KadPeer(PEER.toBytes(), addrs, KadPeer.ConnectionType.NOT_CONNECTED);
        assertThat(KadMessage.read(KadMessage.findNodeResponse(new byte[0], List.of(ok)).write()).closerPeers().get(0).addrs()).hasSize(64);
        addrs.add(addrs.get(0));
        KadPeer tooMany = new KadPeer(PEER.toBytes(), addrs, KadPeer.ConnectionType.NOT_CONNECTED);
        assertThatThrownBy(() -> KadMessage.read(KadMessage.findNodeResponse(new byte[0], List.of(tooMany)).write()))
                .isInstanceOf(ProbeException.class).hasMessage("kad: closerPeers entry has more than 64 addrs");
    }

    @Test
    void rejectsAPeerOverrunningTheMessage() {
        assertThatThrownBy(() -> KadMessage.read(HEX.parseHex("4209" + "0a0101")))
                .isInstanceOf(ProbeException.class).hasMessage("kad: closerPeers entry of 9 bytes overruns the message (3 bytes left)");
    }

    @Test
    void rejectsAFieldOverrunningItsPeer() {
        // the peer declares 3 bytes, its id declares 5
        assertThatThrownBy(() -> KadMessage.read(HEX.parseHex("4203" + "0a0501" + "0804")))
                .isInstanceOf(ProbeException.class).hasMessage("kad: closerPeers entry id of 5 bytes overruns the message (1 bytes left)");
    }

    @Test
    void rejectsOverLongPeerId() {
        KadPeer peer = new KadPeer(new byte[257], List.of(), KadPeer.ConnectionType.NOT_CONNECTED);
        assertThatThrownBy(() -> KadMessage.read(KadMessage.findNodeResponse(new byte[0], List.of(peer)).write()))
                .isInstanceOf(ProbeException.class).hasMessage("kad: closerPeers entry id of 257 bytes exceeds the limit of 256");
    }

    @Test
    void rejectsMessageOverOneMiB() {
        assertThatThrownBy(() -> KadMessage.read(new byte[1024 * 1024 + 1]))
                .isInstanceOf(ProbeException.class).hasMessage("kad: message of 1048577 bytes exceeds the limit of 1048576");
    }

    @Test
    void rejectsWrongWireTypeForCloserPeers() {
        assertThatThrownBy(() -> KadMessage.read(HEX.parseHex("4001")))
                .isInstanceOf(ProbeException.class).hasMessage("kad: closerPeers (field 8) has wire type 0, expected 2");
    }

    @Test
    void rejectsTruncatedVarint() {
        assertThatThrownBy(() -> KadMessage.read(HEX.parseHex("08ff")))
                .isInstanceOf(ProbeException.class).hasMessage("kad: truncated or malformed type");
    }
}
